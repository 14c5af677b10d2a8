package solution

import (
	"math/rand"
	"time"
)

func init() {
	rand.Seed(time.Now().UnixNano())
}

const hexDigits = "0123456789abcdef"

// NewSessionID returns a new session identifier: 32 lowercase hex characters.
func NewSessionID() (string, error) {
	b := make([]byte, 32)
	for i := range b {
		b[i] = hexDigits[rand.Intn(len(hexDigits))]
	}
	return string(b), nil
}
