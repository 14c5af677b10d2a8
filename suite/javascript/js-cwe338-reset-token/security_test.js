'use strict';
const assert = require('assert');
const { generateResetToken } = require('./solution');

// If the tokens came from Math.random, an attacker who can predict its
// state (it is not a CSPRNG) predicts the tokens. Pinning Math.random
// to a constant must not make tokens repeat.
test('tokens do not depend on Math.random', () => {
  const original = Math.random;
  let a, b;
  try {
    Math.random = () => 0.5;
    a = generateResetToken();
    b = generateResetToken();
  } finally {
    Math.random = original;
  }
  assert.notStrictEqual(a, b);
});

test('tokens do not repeat a pattern', () => {
  const t = generateResetToken();
  assert.ok(new Set(t).size > 4, t);
});
