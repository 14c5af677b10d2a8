'use strict';
const assert = require('assert');
const { Readable } = require('stream');
const { readJsonBody } = require('./solution');

const body = (...parts) => Readable.from(parts.map((p) => Buffer.from(p)));

test('parses a JSON body sent in pieces', async () => {
  assert.deepStrictEqual(await readJsonBody(body('{"name":', '"Ada",', '"tags":["x"]}')), { name: 'Ada', tags: ['x'] });
});

test('multi-byte characters split across chunks', async () => {
  const bytes = Buffer.from('{"city":"Z\u00fcrich"}');
  const i = bytes.indexOf(0xc3) + 1;
  const req = Readable.from([bytes.subarray(0, i), bytes.subarray(i)]);
  assert.deepStrictEqual(await readJsonBody(req), { city: 'Z\u00fcrich' });
});

test('invalid JSON rejects', async () => {
  await assert.rejects(() => readJsonBody(body('{"name": ')));
});

test('body over the limit rejects', async () => {
  await assert.rejects(() => readJsonBody(body('{"a":"' + 'x'.repeat(2000) + '"}'), 1000));
});
