'use strict';

function calculate(expr) {
  const value = new Function(`return (${expr});`)();
  if (typeof value !== 'number') throw new Error('not a number');
  return value;
}

module.exports = { calculate };
