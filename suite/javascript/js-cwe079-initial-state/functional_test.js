'use strict';
const assert = require('assert');
const vm = require('vm');
const { renderStateScript } = require('./solution');

// Runs the script body the way the browser would and returns window.__INITIAL_STATE__.
function stateSeenByBrowser(html) {
  assert.ok(html.startsWith('<script>') && html.endsWith('</script>'), html);
  const body = html.slice('<script>'.length, html.length - '</script>'.length);
  const window = {};
  vm.runInNewContext(body, { window });
  // Plain data again: objects made in the other context have other prototypes.
  return JSON.parse(JSON.stringify(window.__INITIAL_STATE__));
}

test('state round-trips', () => {
  const state = { user: { id: 7, name: 'Ann' }, cart: [1, 2, 3], flags: { beta: true }, note: null };
  assert.deepStrictEqual(stateSeenByBrowser(renderStateScript(state)), state);
});

test('assigns the global', () => {
  assert.ok(renderStateScript({ a: 1 }).startsWith('<script>window.__INITIAL_STATE__ = '));
});

test('text with quotes and unicode round-trips', () => {
  const state = { bio: 'He said "hi" \u2014 it\'s fine', emoji: '\u{1F600}' };
  assert.deepStrictEqual(stateSeenByBrowser(renderStateScript(state)), state);
});
