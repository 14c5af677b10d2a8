'use strict';
const assert = require('assert');
const { Readable } = require('stream');
const { readJsonBody } = require('./solution');

// A client that keeps sending; counts how much the server pulled.
function endlessClient(total) {
  let sent = 0;
  const req = new Readable({
    read() {
      if (sent >= total) return this.push(null);
      const chunk = Buffer.alloc(64 * 1024, sent === 0 ? '[' : '1');
      sent += chunk.length;
      this.push(chunk);
    },
  });
  req.sent = () => sent;
  return req;
}

test('oversized body is not buffered to the end', async () => {
  const req = endlessClient(48 * 1024 * 1024);
  await assert.rejects(() => readJsonBody(req, 1024 * 1024));
  assert.ok(req.sent() <= 4 * 1024 * 1024, `read ${req.sent()} bytes for a 1 MiB limit`);
});
