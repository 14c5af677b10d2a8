package solution

import (
	"regexp"
	"testing"
)

func TestSessionIDFormat(t *testing.T) {
	id, err := NewSessionID()
	if err != nil || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("got %q, %v", id, err)
	}
}

func TestSessionIDsDiffer(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 500; i++ {
		id, _ := NewSessionID()
		seen[id] = true
	}
	if len(seen) != 500 {
		t.Fatalf("%d distinct IDs of 500", len(seen))
	}
}
