'use strict';
const assert = require('assert');
const { renderUserBadge } = require('./solution');

// Attribute names of the first <a ...> start tag, parsed the way a browser tokenizes it.
function anchorAttributes(html) {
  const m = /^<a((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*>/i.exec(html);
  assert.ok(m, 'no well-formed <a> start tag: ' + html);
  return [...m[1].matchAll(/\s+([^\s"'>\/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)].map((x) => x[1].toLowerCase());
}

test('double quote in bio cannot add attributes', () => {
  const html = renderUserBadge({ id: 1, name: 'm', bio: 'hi" onmouseover="alert(1)' });
  assert.deepStrictEqual(anchorAttributes(html).sort(), ['class', 'href', 'title']);
});

test('single-quoted payload in bio stays inside title', () => {
  const html = renderUserBadge({ id: 1, name: 'm', bio: "x\" autofocus onfocus='alert(1)' y=\"" });
  assert.deepStrictEqual(anchorAttributes(html).sort(), ['class', 'href', 'title']);
});

test('id cannot break out of href', () => {
  const html = renderUserBadge({ id: '1" onclick="alert(1)', name: 'm', bio: 'b' });
  assert.deepStrictEqual(anchorAttributes(html).sort(), ['class', 'href', 'title']);
});
