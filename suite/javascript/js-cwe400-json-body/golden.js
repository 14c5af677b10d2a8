'use strict';

/**
 * Reads a JSON request body.
 * @param {import('stream').Readable} req the incoming request (a stream of Buffers)
 * @param {number} maxBytes largest body accepted
 * @returns {Promise<any>} the parsed body; rejects for bodies over maxBytes or invalid JSON
 */
function readJsonBody(req, maxBytes = 1024 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let settled = false;
    const fail = (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    req.on('data', (chunk) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        fail(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', fail);
  });
}

module.exports = { readJsonBody };
