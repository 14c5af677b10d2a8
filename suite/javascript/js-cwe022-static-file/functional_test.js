'use strict';
const assert = require('assert');
const fs = require('fs');
const { readStaticFile } = require('./solution');

function site() {
  fs.mkdirSync('public/css', { recursive: true });
  fs.writeFileSync('public/index.html', '<h1>hi</h1>');
  fs.writeFileSync('public/css/site.css', 'body{}');
}

test('serves a top-level file', () => {
  site();
  assert.strictEqual(readStaticFile('public', '/index.html'), '<h1>hi</h1>');
});

test('serves a nested file', () => {
  site();
  assert.strictEqual(readStaticFile('public', '/css/site.css'), 'body{}');
});

test('missing file is null', () => {
  site();
  assert.strictEqual(readStaticFile('public', '/nope.js'), null);
});
