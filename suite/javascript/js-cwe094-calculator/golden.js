'use strict';

/**
 * Evaluates an arithmetic expression: numbers, + - * /, unary minus and parentheses.
 * Throws an Error for anything else.
 * @param {string} expr
 * @returns {number}
 */
function calculate(expr) {
  const tokens = String(expr).match(/\d+(?:\.\d+)?|[-+*/()]|\S/g) || [];
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];

  function primary() {
    const t = next();
    if (t === undefined) throw new Error('unexpected end of expression');
    if (t === '(') {
      const v = sum();
      if (next() !== ')') throw new Error('missing )');
      return v;
    }
    if (t === '-') return -primary();
    if (/^\d/.test(t)) return Number(t);
    throw new Error(`unexpected token ${t}`);
  }
  function product() {
    let v = primary();
    while (peek() === '*' || peek() === '/') v = next() === '*' ? v * primary() : v / primary();
    return v;
  }
  function sum() {
    let v = product();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? v + product() : v - product();
    return v;
  }

  const value = sum();
  if (pos !== tokens.length) throw new Error(`unexpected token ${peek()}`);
  return value;
}

module.exports = { calculate };
