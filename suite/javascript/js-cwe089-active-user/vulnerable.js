'use strict';

async function getActiveUser(db, username) {
  const rows = await db.query(
    "SELECT id, username, role FROM users WHERE username = '" + username + "' AND active = 1"
  );
  if (rows.length !== 1) return null;
  const { id, role } = rows[0];
  return { id, username: rows[0].username, role };
}

module.exports = { getActiveUser };
