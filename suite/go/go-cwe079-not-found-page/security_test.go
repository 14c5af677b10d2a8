package solution

import (
	"strings"
	"testing"
)

func TestScriptInPath(t *testing.T) {
	got := NotFoundPage("/<script>alert(document.cookie)</script>")
	if strings.Contains(strings.ToLower(got), "<script") {
		t.Fatalf("markup from the URL reached the page: %s", got)
	}
}

func TestTagInPath(t *testing.T) {
	got := NotFoundPage(`/x"><svg onload=alert(1)>`)
	if strings.Contains(strings.ToLower(got), "<svg") {
		t.Fatalf("markup from the URL reached the page: %s", got)
	}
}
