'use strict';

/**
 * Loads an active (not banned or deleted) user account for login.
 * @param {{query(sql: string, params: any[]): Promise<object[]>}} db
 * @param {string} username
 * @returns {Promise<{id: number, username: string, role: string} | null>}
 */
async function getActiveUser(db, username) {
  const rows = await db.query(
    'SELECT id, username, role FROM users WHERE username = ? AND active = 1',
    [username]
  );
  if (rows.length !== 1) return null;
  const { id, role } = rows[0];
  return { id, username: rows[0].username, role };
}

module.exports = { getActiveUser };
