'use strict';

async function findUserByEmail(db, email) {
  const rows = await db.query(`SELECT id, name, email FROM users WHERE email = '${email}' LIMIT 1`);
  if (rows.length === 0) return null;
  const { id, name, email: address } = rows[0];
  return { id, name, email: address };
}

module.exports = { findUserByEmail };
