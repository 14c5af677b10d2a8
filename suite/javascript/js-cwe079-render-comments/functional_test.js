'use strict';
const assert = require('assert');
const { renderComments } = require('./solution');

test('renders a thread', () => {
  const html = renderComments([
    { author: 'ann', text: 'First!' },
    { author: 'ben', text: 'Nice post, thanks' },
  ]);
  assert.strictEqual(html,
    '<ul class="comments"><li><strong>ann</strong>: First!</li><li><strong>ben</strong>: Nice post, thanks</li></ul>');
});

test('empty thread', () => {
  assert.strictEqual(renderComments([]), '<ul class="comments"></ul>');
});
