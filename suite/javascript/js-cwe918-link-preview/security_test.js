'use strict';
const assert = require('assert');
const { previewTarget } = require('./solution');

function refused(u) {
  let r;
  try { r = previewTarget(u); } catch (e) { r = null; }
  return r === null;
}

test('cloud metadata address', () => {
  assert.ok(refused('http://169.254.169.254/latest/meta-data/iam/security-credentials/'));
});

test('private networks', () => {
  for (const u of ['http://10.0.0.5/admin', 'http://192.168.1.1/', 'http://172.16.4.2:8080/']) assert.ok(refused(u), u);
});

test('other spellings of this machine', () => {
  for (const u of ['http://0.0.0.0:6379/', 'http://127.0.0.2/', 'http://2130706433/', 'http://0x7f.1/',
    'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://localhost./', 'http://api.localhost/']) {
    assert.ok(refused(u), u);
  }
});
