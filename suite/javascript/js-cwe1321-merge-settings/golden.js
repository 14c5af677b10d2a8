'use strict';

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Recursively merges source into target (nested objects are merged, everything else,
 * arrays included, is replaced) and returns target.
 * @param {object} target
 * @param {object} source
 * @returns {object}
 */
function mergeSettings(target, source) {
  for (const key of Object.keys(source)) {
    if (UNSAFE_KEYS.has(key)) continue;
    const value = source[key];
    if (isPlainObject(value)) {
      if (!Object.prototype.hasOwnProperty.call(target, key) || !isPlainObject(target[key])) {
        target[key] = {};
      }
      mergeSettings(target[key], value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

module.exports = { mergeSettings };
