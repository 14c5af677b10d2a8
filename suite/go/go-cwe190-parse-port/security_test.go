package solution

import "testing"

func TestPortsThatWrapAround(t *testing.T) {
	// 65536 and 65616 would silently become ports 0 and 80 after uint16 conversion.
	for _, s := range []string{"65536", "65616", "70000", "4294967376"} {
		if got, err := ParsePort(s); err == nil {
			t.Errorf("ParsePort(%q) = %d, want an error", s, got)
		}
	}
}
