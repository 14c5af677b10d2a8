'use strict';
const { execFile } = require('child_process');

/**
 * Counts the lines of a log file with `wc -l`.
 * @param {string} file path of the log file
 * @returns {Promise<number>}
 */
function countLines(file) {
  return new Promise((resolve, reject) => {
    execFile('wc', ['-l', '--', file], (err, stdout) => {
      if (err) return reject(err);
      resolve(parseInt(stdout.trim().split(/\s+/)[0], 10));
    });
  });
}

module.exports = { countLines };
