'use strict';

async function searchProducts(db, { text = '', maxPrice, sort = 'name' } = {}) {
  let sql = `SELECT id, name, price FROM products WHERE name LIKE '%${text}%'`;
  if (maxPrice !== undefined) sql += ` AND price <= ${maxPrice}`;
  sql += ` ORDER BY ${sort} LIMIT 50`;
  const rows = await db.query(sql, []);
  return rows.map((r) => ({ id: r.id, name: r.name, price: r.price }));
}

module.exports = { searchProducts };
