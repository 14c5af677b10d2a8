package solution

import (
	"strings"
	"testing"
)

func TestScriptInName(t *testing.T) {
	got, _ := RenderProfile(Profile{Name: "<script>alert(document.cookie)</script>", Website: "https://example.com"})
	if strings.Contains(strings.ToLower(got), "<script") {
		t.Fatalf("markup from the profile reached the page: %s", got)
	}
}

func TestMarkupInBio(t *testing.T) {
	got, _ := RenderProfile(Profile{Name: "x", Bio: `<img src=x onerror="alert(1)">`, Website: "https://example.com"})
	if strings.Contains(strings.ToLower(got), "<img") {
		t.Fatalf("markup from the profile reached the page: %s", got)
	}
}

func TestJavascriptWebsite(t *testing.T) {
	got, _ := RenderProfile(Profile{Name: "x", Website: "javascript:alert(1)"})
	if strings.Contains(strings.ToLower(got), `href="javascript:`) {
		t.Fatalf("javascript: URL reached the link: %s", got)
	}
}

func TestQuoteInWebsite(t *testing.T) {
	got, _ := RenderProfile(Profile{Name: "x", Website: `https://e.com/" onmouseover="alert(1)`})
	if strings.Contains(got, `" onmouseover="`) {
		t.Fatalf("attribute injected: %s", got)
	}
}
