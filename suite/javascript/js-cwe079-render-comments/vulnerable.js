'use strict';

function renderComments(comments) {
  const items = comments.map((c) => `<li><strong>${c.author}</strong>: ${c.text}</li>`);
  return `<ul class="comments">${items.join('')}</ul>`;
}

module.exports = { renderComments };
