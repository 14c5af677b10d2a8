package solution

import "testing"

func rejectsAll(t *testing.T, urls []string) {
	t.Helper()
	for _, u := range urls {
		if got, err := ValidateWebhookURL(u); err == nil {
			t.Errorf("ValidateWebhookURL(%q) accepted as %q", u, got)
		}
	}
}

func TestMetadataAddressRejected(t *testing.T) {
	rejectsAll(t, []string{"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/"})
}

func TestPrivateNetworksRejected(t *testing.T) {
	rejectsAll(t, []string{"http://10.1.2.3/hook", "http://192.168.0.10:8080/", "http://172.20.0.5/", "http://[fd00::5]/"})
}

func TestLoopbackSpellingsRejected(t *testing.T) {
	rejectsAll(t, []string{"http://127.0.0.2/", "http://0.0.0.0:6379/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
		"http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://localhost./", "http://LOCALHOST/", "http://admin.localhost/"})
}
