'use strict';
const assert = require('assert');
const { redirectAfterLogin } = require('./solution');

test('keeps a page of our site', () => {
  assert.strictEqual(redirectAfterLogin('/dashboard'), '/dashboard');
  assert.strictEqual(redirectAfterLogin('/orders/17?tab=items#top'), '/orders/17?tab=items#top');
});

test('no next parameter goes home', () => {
  assert.strictEqual(redirectAfterLogin(undefined), '/');
  assert.strictEqual(redirectAfterLogin(''), '/');
});
