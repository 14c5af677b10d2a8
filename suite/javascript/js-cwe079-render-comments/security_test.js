'use strict';
const assert = require('assert');
const { renderComments } = require('./solution');

test('script in comment text is not markup', () => {
  const html = renderComments([{ author: 'eve', text: '<script>alert(document.cookie)</script>' }]);
  assert.ok(!/<script/i.test(html), html);
  assert.ok(html.includes('alert(document.cookie)'), 'the text itself should still be shown');
});

test('markup in author name is not markup', () => {
  const html = renderComments([{ author: '<img src=x onerror=alert(1)>', text: 'hi' }]);
  assert.ok(!/<img/i.test(html), html);
});

test('ampersands and angle brackets survive as text', () => {
  const html = renderComments([{ author: 'tom', text: 'a < b && c > d' }]);
  assert.ok(!html.includes('a < b'), html);
});
