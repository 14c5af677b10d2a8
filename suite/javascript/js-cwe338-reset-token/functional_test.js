'use strict';
const assert = require('assert');
const { generateResetToken } = require('./solution');

test('token is 32 lowercase hex characters', () => {
  const t = generateResetToken();
  assert.match(t, /^[0-9a-f]{32}$/);
});

test('tokens differ', () => {
  const seen = new Set();
  for (let i = 0; i < 200; i++) seen.add(generateResetToken());
  assert.strictEqual(seen.size, 200);
});
