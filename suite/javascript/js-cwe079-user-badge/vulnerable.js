'use strict';

function clean(value) {
  return String(value).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function renderUserBadge(user) {
  return `<a class="badge" href="/users/${user.id}" title="${clean(user.bio)}">${clean(user.name)}</a>`;
}

module.exports = { renderUserBadge };
