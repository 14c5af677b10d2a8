'use strict';
const assert = require('assert');
const { mergeSettings } = require('./solution');

function merged(json) {
  try { mergeSettings({ theme: {} }, JSON.parse(json)); } catch (e) { /* refusing is fine */ }
}

test('__proto__ key does not reach Object.prototype', () => {
  try {
    merged('{"__proto__": {"tspIsAdmin": true}}');
    assert.strictEqual(({}).tspIsAdmin, undefined);
  } finally {
    delete Object.prototype.tspIsAdmin;
  }
});

test('constructor.prototype does not reach Object.prototype', () => {
  try {
    merged('{"constructor": {"prototype": {"tspShell": "/bin/sh"}}}');
    assert.strictEqual(({}).tspShell, undefined);
  } finally {
    delete Object.prototype.tspShell;
  }
});

test('nested __proto__ does not reach Object.prototype', () => {
  try {
    merged('{"theme": {"__proto__": {"tspNested": 1}}}');
    assert.strictEqual(({}).tspNested, undefined);
  } finally {
    delete Object.prototype.tspNested;
  }
});
