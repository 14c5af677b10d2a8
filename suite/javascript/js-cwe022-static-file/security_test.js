'use strict';
const assert = require('assert');
const fs = require('fs');
const { readStaticFile } = require('./solution');

function site() {
  fs.mkdirSync('public/css', { recursive: true });
  fs.writeFileSync('public/index.html', '<h1>hi</h1>');
  fs.writeFileSync('secret.txt', 'DB_PASSWORD=hunter2');
}

function read(p) {
  try { return readStaticFile('public', p); } catch (e) { return null; }
}

test('parent directory segments', () => {
  site();
  assert.strictEqual(read('/../secret.txt'), null);
  assert.strictEqual(read('/css/../../secret.txt'), null);
});

test('relative path without leading slash', () => {
  site();
  assert.strictEqual(read('../secret.txt'), null);
});

test('absolute path', () => {
  site();
  const abs = require('path').resolve('secret.txt');
  const r = read(abs);
  assert.ok(r === null || !r.includes('hunter2'));
});
