'use strict';

// Characters that could end the <script> element or start an HTML comment
// inside it, and the two line separators that older JS parsers reject.
const UNSAFE_IN_SCRIPT = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * Renders the inline script that hands the server-side state to the client app.
 * @param {object} state JSON-serializable state
 * @returns {string}
 */
function renderStateScript(state) {
  const json = JSON.stringify(state).replace(/[<>&\u2028\u2029]/g, (c) => UNSAFE_IN_SCRIPT[c]);
  return `<script>window.__INITIAL_STATE__ = ${json};</script>`;
}

module.exports = { renderStateScript };
