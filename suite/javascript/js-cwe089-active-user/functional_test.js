'use strict';
const assert = require('assert');
const { getActiveUser } = require('./solution');

// A tiny in-memory SQL engine standing in for a database client. It runs
// "SELECT ... FROM <table> [WHERE cond] [ORDER BY col [ASC|DESC]] [LIMIT n]"
// with ? placeholders bound from params, like a real driver: a bound value is
// always data. Text spliced into the SQL is parsed as SQL, so injected
// OR/comment/second statements take effect (recorded in db.injected).
function makeDb(tables) {
  const db = { calls: [], injected: [] };
  db.query = async function query(sql, params = []) {
    db.calls.push({ sql, params });
    const tok = /\s*(?:(--[^\n]*)|'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|(<=|>=|<>|!=|=|<|>|\(|\)|,|;|\*|\?))/y;
    const toks = [];
    let p = 0, nextParam = 0;
    while (p < sql.length && /\S/.test(sql.slice(p))) {
      tok.lastIndex = p;
      const m = tok.exec(sql);
      if (!m) throw new Error('syntax error near: ' + sql.slice(p, p + 20));
      p = tok.lastIndex;
      if (m[1] !== undefined) { db.injected.push('comment'); break; }
      if (m[2] !== undefined) toks.push({ v: m[2].replace(/''/g, "'") });
      else if (m[3] !== undefined) toks.push({ v: Number(m[3]) });
      else if (m[4] !== undefined) toks.push({ w: m[4].toUpperCase(), id: m[4].split('.').pop() });
      else if (m[5] === '?') {
        if (nextParam >= params.length) throw new Error('missing parameter');
        toks.push({ v: params[nextParam++] });
      } else toks.push({ op: m[5] });
    }
    let i = 0;
    const peek = () => toks[i] || {};
    const kw = (w) => (peek().w === w ? (i++, true) : false);
    const expect = (w) => { if (!kw(w)) throw new Error('syntax error: expected ' + w); };
    expect('SELECT');
    while (i < toks.length && peek().w !== 'FROM') i++;
    expect('FROM');
    const table = tables[toks[i++].id];
    if (!table) throw new Error('no such table');
    const operand = () => {
      const t = toks[i++];
      if (!t) throw new Error('syntax error: unexpected end');
      if ('v' in t) return () => t.v;
      if (t.id) return (row) => { if (!(t.id in row)) throw new Error('no such column ' + t.id); return row[t.id]; };
      throw new Error('syntax error: bad operand');
    };
    const like = (s, pat) => new RegExp('^' + String(pat).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.') + '$', 'is').test(String(s));
    const cmp = () => {
      if (peek().op === '(') { i++; const e = or(); if ((toks[i++] || {}).op !== ')') throw new Error('syntax error: )'); return e; }
      const a = operand();
      const t = toks[i++] || {};
      const b = operand();
      const ops = { '=': (x, y) => x == y, '!=': (x, y) => x != y, '<>': (x, y) => x != y, '<': (x, y) => x < y, '>': (x, y) => x > y, '<=': (x, y) => x <= y, '>=': (x, y) => x >= y };
      if (t.w === 'LIKE') return (r) => like(a(r), b(r));
      if (!ops[t.op]) throw new Error('syntax error: bad operator');
      return (r) => ops[t.op](a(r), b(r));
    };
    const and = () => { let e = cmp(); while (kw('AND')) { const l = e, r = cmp(); e = (row) => l(row) && r(row); } return e; };
    const or = () => { let e = and(); while (kw('OR')) { const l = e, r = and(); e = (row) => l(row) || r(row); } return e; };
    let where = () => true;
    if (kw('WHERE')) where = or();
    let rows = table.filter((r) => where(r));
    if (kw('ORDER')) {
      expect('BY');
      const col = toks[i++];
      if (!col || !col.id || !table.every((r) => col.id in r)) throw new Error('no such column');
      const desc = kw('DESC'); if (!desc) kw('ASC');
      rows = rows.slice().sort((x, y) => (x[col.id] < y[col.id] ? -1 : x[col.id] > y[col.id] ? 1 : 0) * (desc ? -1 : 1));
    }
    if (kw('LIMIT')) rows = rows.slice(0, operand()());
    if (peek().op === ';') { i++; if (i < toks.length) { db.injected.push('statement:' + toks[i].w); if (toks[i].w === 'DROP') delete tables[toks[i + 2] ? toks[i + 2].id : '']; } return rows.map((r) => ({ ...r })); }
    if (i < toks.length) throw new Error('syntax error near token ' + i);
    return rows.map((r) => ({ ...r }));
  };
  return db;
}

const accounts = () => ({ users: [
  { id: 1, username: 'root', role: 'admin', active: 1 },
  { id: 2, username: 'ann', role: 'user', active: 1 },
  { id: 3, username: 'mallory', role: 'user', active: 0 },
] });

test('loads an active user', async () => {
  assert.deepStrictEqual(await getActiveUser(makeDb(accounts()), 'ann'), { id: 2, username: 'ann', role: 'user' });
});

test('banned user is not loaded', async () => {
  assert.strictEqual(await getActiveUser(makeDb(accounts()), 'mallory'), null);
});

test('unknown user is null', async () => {
  assert.strictEqual(await getActiveUser(makeDb(accounts()), 'nobody'), null);
});
