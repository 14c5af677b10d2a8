'use strict';
const assert = require('assert');
const vm = require('vm');
const { renderStateScript } = require('./solution');

// The HTML parser ends a script element at the first "</script" whatever the
// JavaScript around it: the script the browser runs is the text before it.
function scriptAsParsed(html) {
  const start = html.indexOf('<script>') + '<script>'.length;
  const end = html.toLowerCase().indexOf('</script', start);
  return { body: html.slice(start, end), rest: html.slice(end) };
}

test('closing tag in user text cannot end the script', () => {
  const state = { comment: '</script><script>alert(document.cookie)</script>' };
  const html = renderStateScript(state);
  const { body, rest } = scriptAsParsed(html);
  assert.strictEqual(rest.toLowerCase(), '</script>', 'markup after the state script: ' + rest);
  const window = {};
  vm.runInNewContext(body, { window });
  assert.deepStrictEqual(JSON.parse(JSON.stringify(window.__INITIAL_STATE__)), state);
});

test('mixed-case closing tag cannot end the script', () => {
  const state = { name: '</SCRIPT ><img src=x onerror=alert(1)>' };
  const { rest } = scriptAsParsed(renderStateScript(state));
  assert.strictEqual(rest.toLowerCase(), '</script>', 'markup after the state script: ' + rest);
});

test('html comment opener does not appear in the script', () => {
  const html = renderStateScript({ x: '<!--<script>' });
  assert.ok(!html.includes('<!--'), html);
});
