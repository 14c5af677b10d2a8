'use strict';
const assert = require('assert');
const { renderUserBadge } = require('./solution');

test('renders a badge', () => {
  assert.strictEqual(
    renderUserBadge({ id: 42, name: 'Grace', bio: 'Compiler writer' }),
    '<a class="badge" href="/users/42" title="Compiler writer">Grace</a>'
  );
});

test('angle brackets in the name are shown as text', () => {
  const html = renderUserBadge({ id: 7, name: '<b>bold</b>', bio: 'x' });
  assert.ok(!html.includes('<b>'), html);
  assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt;'), html);
});
