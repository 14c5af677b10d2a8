package solution

import "fmt"

// BuildUserSearch returns the SQL and its arguments for the admin user
// search: users whose name contains name, sorted by sortBy.
func BuildUserSearch(name, sortBy string) (string, []any) {
	if sortBy == "" {
		sortBy = "name"
	}
	query := fmt.Sprintf("SELECT id, name FROM users WHERE name LIKE '%%%s%%' ORDER BY %s LIMIT 20", name, sortBy)
	return query, nil
}
