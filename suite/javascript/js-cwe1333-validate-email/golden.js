'use strict';

// Local part: alphanumeric runs joined by '.', '-' or runs of '_';
// domain: one label and a 2-3 letter TLD, optionally followed by a second one (co.uk).
// Every repetition starts with a separator, so the pattern cannot backtrack exponentially.
const EMAIL = /^[a-zA-Z0-9]+(?:(?:[-.]|_+)[a-zA-Z0-9]+)*@[a-z0-9]+\.[a-z]{2,3}(?:\.[a-z]{2,3})?$/;

/**
 * Checks the address typed into the sign-up form.
 * @param {string} address
 * @returns {boolean}
 */
function isValidEmail(address) {
  if (typeof address !== 'string' || address.length > 254) return false;
  return EMAIL.test(address);
}

module.exports = { isValidEmail };
