'use strict';
const fs = require('fs');
const path = require('path');

function readStaticFile(root, urlPath) {
  const target = path.join(root, urlPath);
  try {
    return fs.readFileSync(target, 'utf8');
  } catch (e) {
    return null;
  }
}

module.exports = { readStaticFile };
