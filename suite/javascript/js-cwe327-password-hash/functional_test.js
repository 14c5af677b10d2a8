'use strict';
const assert = require('assert');
const { hashPassword, verifyPassword } = require('./solution');

test('right password verifies', () => {
  const stored = hashPassword('correct horse battery staple');
  assert.strictEqual(typeof stored, 'string');
  assert.strictEqual(verifyPassword('correct horse battery staple', stored), true);
});

test('wrong password does not verify', () => {
  const stored = hashPassword('s3cret!');
  assert.strictEqual(verifyPassword('s3cret?', stored), false);
});

test('stored form does not contain the password', () => {
  assert.ok(!hashPassword('plaintext-pw').includes('plaintext-pw'));
});
