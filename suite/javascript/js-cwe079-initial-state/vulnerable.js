'use strict';

function renderStateScript(state) {
  return `<script>window.__INITIAL_STATE__ = ${JSON.stringify(state)};</script>`;
}

module.exports = { renderStateScript };
