'use strict';

const SITE_ORIGIN = 'https://app.example.com';

/**
 * Picks where to send the user after login, from the ?next= query parameter.
 * @param {string | undefined} next
 * @returns {string} a path on our own site
 */
function redirectAfterLogin(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return '/';
  }
  let url;
  try {
    url = new URL(next, SITE_ORIGIN);
  } catch (e) {
    return '/';
  }
  if (url.origin !== SITE_ORIGIN) return '/';
  return url.pathname + url.search + url.hash;
}

module.exports = { redirectAfterLogin };
