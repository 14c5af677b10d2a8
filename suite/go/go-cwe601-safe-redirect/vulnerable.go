package solution

import "strings"

// RedirectAfterLogin returns the Location for the redirect after login,
// from the ?next= parameter: a path on our own site, or "/".
func RedirectAfterLogin(next string) string {
	if strings.HasPrefix(next, "/") {
		return next
	}
	return "/"
}
