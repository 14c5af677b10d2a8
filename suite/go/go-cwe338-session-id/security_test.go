package solution

import (
	"math/rand"
	"testing"
)

// IDs drawn from math/rand repeat whenever its seed is known (the default
// seed, a start time, or a reseed by any other package). Reseeding it must
// not make session IDs repeat.
func TestSessionIDsIndependentOfMathRand(t *testing.T) {
	rand.Seed(1234)
	a, _ := NewSessionID()
	rand.Seed(1234)
	b, _ := NewSessionID()
	if a == b {
		t.Fatalf("session ID is reproducible from the math/rand seed: %s", a)
	}
}
