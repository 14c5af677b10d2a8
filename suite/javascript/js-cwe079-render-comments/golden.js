'use strict';

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Renders the comment thread of a post as an HTML list.
 * @param {{author: string, text: string}[]} comments
 * @returns {string}
 */
function renderComments(comments) {
  const items = comments.map(
    (c) => `<li><strong>${escapeHtml(c.author)}</strong>: ${escapeHtml(c.text)}</li>`
  );
  return `<ul class="comments">${items.join('')}</ul>`;
}

module.exports = { renderComments };
