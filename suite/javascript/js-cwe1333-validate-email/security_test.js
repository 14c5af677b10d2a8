'use strict';
const assert = require('assert');
const { Worker } = require('worker_threads');

// Runs isValidEmail(input) in a worker thread and gives up after ms milliseconds,
// so a catastrophic regex cannot hang the test process.
function checkWithDeadline(input, ms) {
  return new Promise((resolve, reject) => {
    const w = new Worker(
      "const { parentPort, workerData } = require('worker_threads');" +
      'parentPort.postMessage(require(workerData.mod).isValidEmail(workerData.input));',
      { eval: true, workerData: { mod: require.resolve('./solution'), input } }
    );
    const timer = setTimeout(() => { w.terminate(); resolve({ timedOut: true }); }, ms);
    w.once('message', (v) => { clearTimeout(timer); w.terminate(); resolve({ timedOut: false, value: v }); });
    w.once('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

test('long local part without @ answers quickly', async () => {
  const r = await checkWithDeadline('a'.repeat(40) + '!', 700);
  assert.strictEqual(r.timedOut, false, 'validation did not finish within 700 ms');
  assert.strictEqual(r.value, false);
});

test('long address with a bad tail answers quickly', async () => {
  const r = await checkWithDeadline('a1'.repeat(30) + '@example', 700);
  assert.strictEqual(r.timedOut, false, 'validation did not finish within 700 ms');
  assert.strictEqual(r.value, false);
});
