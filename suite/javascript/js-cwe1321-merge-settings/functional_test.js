'use strict';
const assert = require('assert');
const { mergeSettings } = require('./solution');

test('merges nested objects', () => {
  const defaults = { theme: { color: 'blue', font: 'serif' }, pageSize: 20 };
  const out = mergeSettings(defaults, JSON.parse('{"theme": {"color": "dark"}, "lang": "fr"}'));
  assert.strictEqual(out, defaults);
  assert.deepStrictEqual(out, { theme: { color: 'dark', font: 'serif' }, pageSize: 20, lang: 'fr' });
});

test('arrays and scalars replace', () => {
  const out = mergeSettings({ tags: ['a', 'b'], n: 1 }, { tags: ['c'], n: null });
  assert.deepStrictEqual(out, { tags: ['c'], n: null });
});

test('object replaces a scalar', () => {
  const out = mergeSettings({ notify: false }, { notify: { email: true } });
  assert.deepStrictEqual(out, { notify: { email: true } });
});
