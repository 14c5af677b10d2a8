'use strict';

function escapeHtml(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Renders the badge linking to a user's profile.
 * @param {{id: number, name: string, bio: string}} user
 * @returns {string}
 */
function renderUserBadge(user) {
  const href = `/users/${encodeURIComponent(String(user.id))}`;
  return `<a class="badge" href="${escapeHtml(href)}" title="${escapeHtml(user.bio)}">${escapeHtml(user.name)}</a>`;
}

module.exports = { renderUserBadge };
