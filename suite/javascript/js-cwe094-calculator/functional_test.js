'use strict';
const assert = require('assert');
const { calculate } = require('./solution');

test('precedence and parentheses', () => {
  assert.strictEqual(calculate('1 + 2 * 3'), 7);
  assert.strictEqual(calculate('(1 + 2) * 3'), 9);
  assert.strictEqual(calculate('10 / 4 - 1'), 1.5);
});

test('decimals and unary minus', () => {
  assert.strictEqual(calculate('-2.5 * 4'), -10);
  assert.strictEqual(calculate('3 - -1'), 4);
});

test('rejects words', () => {
  assert.throws(() => calculate('two + 2'));
});

test('rejects unbalanced parentheses', () => {
  assert.throws(() => calculate('(1 + 2'));
});
