'use strict';
const fs = require('fs');
const path = require('path');

/**
 * Returns the contents of a static file under root, or null when it cannot be served.
 * @param {string} root directory holding the public files
 * @param {string} urlPath decoded path of the request, e.g. "/css/site.css"
 * @returns {string | null}
 */
function readStaticFile(root, urlPath) {
  const base = path.resolve(root);
  const target = path.resolve(base, urlPath.replace(/^[/\\]+/, ''));
  if (!target.startsWith(base + path.sep)) return null;
  try {
    return fs.readFileSync(target, 'utf8');
  } catch (e) {
    return null;
  }
}

module.exports = { readStaticFile };
