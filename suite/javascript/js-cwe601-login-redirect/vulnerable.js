'use strict';

function redirectAfterLogin(next) {
  if (next && next.startsWith('/')) return next;
  return '/';
}

module.exports = { redirectAfterLogin };
