package solution

import "fmt"

// Store runs a SQL query whose ? placeholders are bound to args and returns
// the rows, each as a map from column name to value.
type Store interface {
	QueryRows(query string, args ...any) ([]map[string]any, error)
}

// Order is one row of the order history.
type Order struct {
	ID    int
	Total float64
}

// OrdersForCustomer returns the orders placed by customer, oldest first.
func OrdersForCustomer(db Store, customer string) ([]Order, error) {
	query := fmt.Sprintf("SELECT id, total FROM orders WHERE customer = '%s' ORDER BY id", customer)
	rows, err := db.QueryRows(query)
	if err != nil {
		return nil, err
	}
	orders := make([]Order, 0, len(rows))
	for _, r := range rows {
		id, _ := r["id"].(int)
		total, _ := r["total"].(float64)
		orders = append(orders, Order{ID: id, Total: total})
	}
	return orders, nil
}
