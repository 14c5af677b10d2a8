package solution

import "testing"

func TestValidPorts(t *testing.T) {
	for s, want := range map[string]uint16{"80": 80, "8080": 8080, "1": 1, "65535": 65535} {
		got, err := ParsePort(s)
		if err != nil || got != want {
			t.Fatalf("ParsePort(%q) = %d, %v", s, got, err)
		}
	}
}

func TestInvalidPorts(t *testing.T) {
	for _, s := range []string{"", "http", "0", "-1", "80a"} {
		if got, err := ParsePort(s); err == nil {
			t.Fatalf("ParsePort(%q) = %d, want an error", s, got)
		}
	}
}
