package solution

import (
	"net/url"
	"strings"
	"testing"
)

// landsOnOtherHost reports whether a browser on https://app.example.com would
// leave the site for "Location: target". Browsers treat \ like / and drop tabs
// and newlines, so the target is normalized that way first.
func landsOnOtherHost(target string) bool {
	t := strings.NewReplacer("\\", "/", "\t", "", "\r", "", "\n", "").Replace(target)
	base, _ := url.Parse("https://app.example.com/login")
	u, err := url.Parse(t)
	if err != nil {
		return true
	}
	return base.ResolveReference(u).Host != "app.example.com"
}

func TestAbsoluteURL(t *testing.T) {
	if got := RedirectAfterLogin("https://evil.example.net/phish"); landsOnOtherHost(got) {
		t.Fatalf("redirects off-site: %q", got)
	}
}

func TestProtocolRelativeURL(t *testing.T) {
	if got := RedirectAfterLogin("//evil.example.net/phish"); landsOnOtherHost(got) {
		t.Fatalf("redirects off-site: %q", got)
	}
}

func TestBackslashAndTab(t *testing.T) {
	for _, p := range []string{"/\\evil.example.net", "/\t/evil.example.net"} {
		if got := RedirectAfterLogin(p); landsOnOtherHost(got) {
			t.Fatalf("RedirectAfterLogin(%q) redirects off-site: %q", p, got)
		}
	}
}
