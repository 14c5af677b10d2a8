'use strict';

/**
 * Looks up a user by e-mail address.
 * @param {{query(sql: string, params: any[]): Promise<object[]>}} db
 * @param {string} email
 * @returns {Promise<{id: number, name: string, email: string} | null>}
 */
async function findUserByEmail(db, email) {
  const rows = await db.query('SELECT id, name, email FROM users WHERE email = ? LIMIT 1', [email]);
  if (rows.length === 0) return null;
  const { id, name, email: address } = rows[0];
  return { id, name, email: address };
}

module.exports = { findUserByEmail };
