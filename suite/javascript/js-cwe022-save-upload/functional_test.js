'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { saveUpload } = require('./solution');

test('stores the file under its name', () => {
  const written = saveUpload('uploads', 'holiday.jpg', Buffer.from('JPEGDATA'));
  assert.strictEqual(fs.readFileSync(path.join('uploads', 'holiday.jpg'), 'utf8'), 'JPEGDATA');
  assert.strictEqual(path.resolve(written), path.resolve('uploads', 'holiday.jpg'));
});

test('creates the upload directory', () => {
  fs.rmSync('fresh-uploads', { recursive: true, force: true });
  saveUpload('fresh-uploads', 'notes.txt', 'hello');
  assert.strictEqual(fs.readFileSync('fresh-uploads/notes.txt', 'utf8'), 'hello');
});

test('overwrites a previous upload of the same name', () => {
  saveUpload('uploads', 'cv.pdf', 'v1');
  saveUpload('uploads', 'cv.pdf', 'v2');
  assert.strictEqual(fs.readFileSync('uploads/cv.pdf', 'utf8'), 'v2');
});
