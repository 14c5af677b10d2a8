'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { saveUpload } = require('./solution');

// Every file under dir, recursively, as paths relative to dir.
function listFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p).map((x) => path.join(e.name, x)));
    else out.push(e.name);
  }
  return out;
}

function tryUpload(name) {
  fs.rmSync('site', { recursive: true, force: true });
  fs.mkdirSync('site/uploads', { recursive: true });
  fs.writeFileSync('site/index.html', 'original');
  try { saveUpload('site/uploads', name, 'OWNED'); } catch (e) { /* refusing is fine */ }
  return fs.readFileSync('site/index.html', 'utf8');
}

test('parent directory in the name cannot overwrite site files', () => {
  assert.strictEqual(tryUpload('../index.html'), 'original');
});

test('nothing is written outside the upload directory', () => {
  tryUpload('../../escaped.txt');
  assert.ok(!fs.existsSync('escaped.txt'), 'file written outside the upload directory');
  const outside = listFiles('site').filter((f) => !f.startsWith('uploads' + path.sep));
  assert.deepStrictEqual(outside, ['index.html']);
});

test('backslash separators are not a way out', () => {
  tryUpload('..\\..\\escaped2.txt');
  const outside = listFiles('site').filter((f) => !f.startsWith('uploads' + path.sep));
  assert.deepStrictEqual(outside, ['index.html']);
});
