'use strict';
const assert = require('assert');
const { previewTarget } = require('./solution');

test('public http and https links', () => {
  assert.strictEqual(previewTarget('https://example.com/article?id=3'), 'https://example.com/article?id=3');
  assert.strictEqual(previewTarget('http://news.example.org'), 'http://news.example.org/');
  assert.strictEqual(previewTarget('https://93.184.216.34/page'), 'https://93.184.216.34/page');
});

test('other schemes and garbage', () => {
  assert.strictEqual(previewTarget('ftp://example.com/file'), null);
  assert.strictEqual(previewTarget('file:///etc/passwd'), null);
  assert.strictEqual(previewTarget('not a url'), null);
});

test('plain localhost is refused', () => {
  assert.strictEqual(previewTarget('http://localhost:3000/'), null);
});
