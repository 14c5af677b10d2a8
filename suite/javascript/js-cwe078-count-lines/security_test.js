'use strict';
const assert = require('assert');
const fs = require('fs');
const { countLines } = require('./solution');

async function attempt(name, marker) {
  fs.rmSync(marker, { force: true });
  fs.writeFileSync('app.log', 'one\n');
  try { await countLines(name); } catch (e) { /* failing is fine */ }
  return fs.existsSync(marker);
}

test('semicolon in file name runs nothing', async () => {
  assert.strictEqual(await attempt('app.log; touch pwned_js78_a', 'pwned_js78_a'), false);
});

test('command substitution in file name runs nothing', async () => {
  assert.strictEqual(await attempt('$(touch pwned_js78_b)app.log', 'pwned_js78_b'), false);
});
