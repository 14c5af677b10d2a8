'use strict';
const assert = require('assert');
const { isValidEmail } = require('./solution');

test('accepts ordinary addresses', () => {
  for (const a of ['john.doe@example.com', 'a_b@mail.co.uk', 'x@y.io', 'first-last@site.org', 'a__b@c.de']) {
    assert.strictEqual(isValidEmail(a), true, a);
  }
});

test('rejects malformed addresses', () => {
  for (const a of ['no-at-sign', 'a@b', '@example.com', 'a@@b.com', '.a@b.com', 'a.@b.com', 'a@b.comm1', 'a b@c.com']) {
    assert.strictEqual(isValidEmail(a), false, a);
  }
});
