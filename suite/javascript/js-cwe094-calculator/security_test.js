'use strict';
const assert = require('assert');
const { calculate } = require('./solution');

function run(expr) {
  try { return calculate(expr); } catch (e) { return undefined; }
}

test('expression cannot assign globals', () => {
  delete globalThis.__tsp_pwned;
  run('(globalThis.__tsp_pwned = 1337)');
  assert.strictEqual(globalThis.__tsp_pwned, undefined);
});

test('expression cannot reach process', () => {
  delete globalThis.__tsp_env;
  run('(globalThis.__tsp_env = process.env) && 1');
  assert.strictEqual(globalThis.__tsp_env, undefined);
});

test('constructor chain is not code', () => {
  delete globalThis.__tsp_ctor;
  run("[].constructor.constructor('globalThis.__tsp_ctor = 1')() || 2");
  assert.strictEqual(globalThis.__tsp_ctor, undefined);
});
