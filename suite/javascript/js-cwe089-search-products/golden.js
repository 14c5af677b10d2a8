'use strict';

const SORTABLE = new Set(['name', 'price', 'created_at']);

/**
 * Searches the catalogue.
 * @param {{query(sql: string, params: any[]): Promise<object[]>}} db
 * @param {{text?: string, maxPrice?: number, sort?: string}} filters
 */
async function searchProducts(db, { text = '', maxPrice, sort = 'name' } = {}) {
  const where = ['name LIKE ?'];
  const params = [`%${text}%`];
  if (maxPrice !== undefined) {
    where.push('price <= ?');
    params.push(Number(maxPrice));
  }
  const column = SORTABLE.has(sort) ? sort : 'name';
  const sql = `SELECT id, name, price FROM products WHERE ${where.join(' AND ')} ORDER BY ${column} LIMIT 50`;
  const rows = await db.query(sql, params);
  return rows.map((r) => ({ id: r.id, name: r.name, price: r.price }));
}

module.exports = { searchProducts };
