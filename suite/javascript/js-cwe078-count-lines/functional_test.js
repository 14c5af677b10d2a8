'use strict';
const assert = require('assert');
const fs = require('fs');
const { countLines } = require('./solution');

test('counts lines of a file', async () => {
  fs.writeFileSync('app.log', 'start\nrequest\nstop\n');
  assert.strictEqual(await countLines('app.log'), 3);
});

test('empty file has no lines', async () => {
  fs.writeFileSync('empty.log', '');
  assert.strictEqual(await countLines('empty.log'), 0);
});

test('missing file is an error', async () => {
  await assert.rejects(() => countLines('does-not-exist.log'));
});
