'use strict';
const assert = require('assert');
const crypto = require('crypto');
const { hashPassword } = require('./solution');

test('not a plain fast digest of the password', () => {
  const pw = 'letmein';
  const stored = hashPassword(pw);
  for (const alg of ['md5', 'sha1', 'sha256', 'sha512']) {
    const hex = crypto.createHash(alg).update(pw).digest('hex');
    const b64 = crypto.createHash(alg).update(pw).digest('base64');
    assert.ok(!stored.toLowerCase().includes(hex) && !stored.includes(b64), `stored value is an unsalted ${alg} digest`);
  }
});

test('same password hashes differently each time (salted)', () => {
  assert.notStrictEqual(hashPassword('letmein'), hashPassword('letmein'));
});
