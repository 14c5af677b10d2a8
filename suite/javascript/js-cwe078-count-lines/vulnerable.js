'use strict';
const { exec } = require('child_process');

function countLines(file) {
  return new Promise((resolve, reject) => {
    exec(`wc -l ${file}`, (err, stdout) => {
      if (err) return reject(err);
      resolve(parseInt(stdout.trim().split(/\s+/)[0], 10));
    });
  });
}

module.exports = { countLines };
