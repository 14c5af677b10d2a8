package solution

// sortColumns lists the columns the user list may be sorted by.
var sortColumns = map[string]bool{"name": true, "id": true, "created_at": true}

// BuildUserSearch returns the SQL (with ? placeholders) and its arguments for
// the admin user search: users whose name contains name, sorted by sortBy.
func BuildUserSearch(name, sortBy string) (string, []any) {
	if !sortColumns[sortBy] {
		sortBy = "name"
	}
	query := "SELECT id, name FROM users WHERE name LIKE ? ORDER BY " + sortBy + " LIMIT 20"
	return query, []any{"%" + name + "%"}
}
