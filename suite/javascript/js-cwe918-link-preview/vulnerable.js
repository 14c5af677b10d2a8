'use strict';

function previewTarget(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch (e) {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === 'localhost' || url.hostname === '127.0.0.1') return null;
  return url.href;
}

module.exports = { previewTarget };
