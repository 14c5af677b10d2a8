// tsp test harness for JavaScript (run inside the sandbox by tsp-sandbox).
// Usage: node tsp_harness.js NONCE [TEST_ID ...]
// Provides a global `test(name, fn)`; requires functional_test.js and security_test.js (those
// present) and runs the registered cases in order (fn may be async). Events go to stdout as lines
// "@@TSP NONCE {json}". A case passes when it returns (or its promise resolves), fails on an
// assertion error, and errors on anything else.
'use strict';
const fs = require('fs');
const path = require('path');
const NONCE = process.argv[2];
const ONLY = process.argv.slice(3);
function emit(event) {
  fs.writeSync(1, '\n@@TSP ' + NONCE + ' ' + JSON.stringify(event) + '\n');
}
function describe(err) {
  const text = err && err.stack ? String(err.stack) : String(err);
  return text.slice(-2000);
}
function isAssertion(err) {
  return !!err && (err.code === 'ERR_ASSERTION' || err.name === 'AssertionError' ||
    (err.constructor && err.constructor.name === 'AssertionError'));
}
const tests = [];
const loadErrors = [];
let currentKind = null;
global.test = function test(name, fn) {
  tests.push({ id: currentKind + '::' + String(name), fn });
};
for (const kind of ['functional', 'security']) {
  const file = path.join(process.cwd(), kind + '_test.js');
  if (!fs.existsSync(file)) continue;
  currentKind = kind;
  try {
    require(file);
  } catch (err) {
    loadErrors.push({ id: kind + '::<load>', err });
  }
}
let running = null;
process.on('uncaughtException', (err) => {
  if (running) running.reject(err);
});
process.on('unhandledRejection', (err) => {
  if (running) running.reject(err);
});
(async () => {
  emit({ ev: 'plan', ids: loadErrors.map((e) => e.id).concat(tests.map((t) => t.id)) });
  for (const e of loadErrors) {
    if (ONLY.length === 0 || ONLY.includes(e.id)) {
      emit({ ev: 'result', id: e.id, outcome: 'error', message: describe(e.err) });
    }
  }
  for (const t of tests) {
    if (ONLY.length > 0 && !ONLY.includes(t.id)) continue;
    emit({ ev: 'start', id: t.id });
    let outcome = 'pass';
    let message = '';
    try {
      await new Promise((resolve, reject) => {
        running = { reject };
        Promise.resolve().then(() => t.fn()).then(resolve, reject);
      });
    } catch (err) {
      outcome = isAssertion(err) ? 'fail' : 'error';
      message = describe(err);
    }
    running = null;
    emit({ ev: 'result', id: t.id, outcome, message });
  }
  process.exit(0);
})();
