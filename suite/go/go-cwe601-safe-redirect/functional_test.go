package solution

import "testing"

func TestKeepsLocalPath(t *testing.T) {
	for _, p := range []string{"/dashboard", "/orders/17?tab=items", "/help#contact"} {
		if got := RedirectAfterLogin(p); got != p {
			t.Fatalf("RedirectAfterLogin(%q) = %q", p, got)
		}
	}
}

func TestMissingNextGoesHome(t *testing.T) {
	if got := RedirectAfterLogin(""); got != "/" {
		t.Fatalf("RedirectAfterLogin(\"\") = %q", got)
	}
}
