'use strict';
const fs = require('fs');
const path = require('path');

function saveUpload(uploadDir, filename, data) {
  const target = path.join(uploadDir, filename);
  fs.mkdirSync(uploadDir, { recursive: true });
  fs.writeFileSync(target, data);
  return target;
}

module.exports = { saveUpload };
