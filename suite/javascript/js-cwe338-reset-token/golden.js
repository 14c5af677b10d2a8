'use strict';
const crypto = require('crypto');

/**
 * Creates the token mailed in a password-reset link: 32 lowercase hex characters.
 * @returns {string}
 */
function generateResetToken() {
  return crypto.randomBytes(16).toString('hex');
}

module.exports = { generateResetToken };
