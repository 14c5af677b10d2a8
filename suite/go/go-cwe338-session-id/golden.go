package solution

import (
	"crypto/rand"
	"encoding/hex"
)

// NewSessionID returns a new session identifier: 32 lowercase hex characters.
func NewSessionID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
