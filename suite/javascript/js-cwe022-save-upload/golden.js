'use strict';
const fs = require('fs');
const path = require('path');

/**
 * Stores an uploaded file in uploadDir under the name the client gave it.
 * @param {string} uploadDir
 * @param {string} filename name from the multipart upload
 * @param {Buffer|string} data
 * @returns {string} the path written
 */
function saveUpload(uploadDir, filename, data) {
  const base = path.resolve(uploadDir);
  const name = path.basename(String(filename).replace(/\\/g, '/'));
  if (name === '' || name === '.' || name === '..') throw new Error('invalid file name');
  const target = path.join(base, name);
  if (path.dirname(target) !== base) throw new Error('invalid file name');
  fs.mkdirSync(base, { recursive: true });
  fs.writeFileSync(target, data);
  return target;
}

module.exports = { saveUpload };
