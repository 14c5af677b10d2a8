package solution

import (
	"fmt"
	"html"
)

// NotFoundPage returns the HTML of the 404 page for the requested path.
func NotFoundPage(path string) string {
	return fmt.Sprintf("<html><body><h1>Not found</h1><p>No page at %s</p></body></html>", html.EscapeString(path))
}
