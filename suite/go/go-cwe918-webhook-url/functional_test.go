package solution

import "testing"

func TestPublicWebhooksAccepted(t *testing.T) {
	for _, u := range []string{"https://hooks.example.com/ci/42", "http://api.example.org:8080/notify?x=1", "https://93.184.216.34/hook", "https://cafe.be/hook"} {
		got, err := ValidateWebhookURL(u)
		if err != nil || got != u {
			t.Fatalf("ValidateWebhookURL(%q) = %q, %v", u, got, err)
		}
	}
}

func TestOtherSchemesRejected(t *testing.T) {
	for _, u := range []string{"ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/", "http://localhost/x"} {
		if _, err := ValidateWebhookURL(u); err == nil {
			t.Fatalf("ValidateWebhookURL(%q) accepted", u)
		}
	}
}
