'use strict';
const assert = require('assert');
const { redirectAfterLogin } = require('./solution');

// Where a browser on https://app.example.com would end up after "Location: <target>".
function landsOn(target) {
  return new URL(target, 'https://app.example.com/login').host;
}

test('absolute URL to another site', () => {
  assert.strictEqual(landsOn(redirectAfterLogin('https://evil.example.net/phish')), 'app.example.com');
});

test('protocol-relative URL', () => {
  assert.strictEqual(landsOn(redirectAfterLogin('//evil.example.net/phish')), 'app.example.com');
});

test('backslash and tab tricks', () => {
  assert.strictEqual(landsOn(redirectAfterLogin('/\\evil.example.net')), 'app.example.com');
  assert.strictEqual(landsOn(redirectAfterLogin('/\t/evil.example.net')), 'app.example.com');
});
