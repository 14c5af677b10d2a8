package solution

import (
	"crypto/md5"
	"encoding/hex"
)

// HashPassword returns the string to store for password.
func HashPassword(password string) (string, error) {
	sum := md5.Sum([]byte(password))
	return hex.EncodeToString(sum[:]), nil
}

// CheckPassword reports whether password matches a string produced by HashPassword.
func CheckPassword(password, stored string) bool {
	h, _ := HashPassword(password)
	return h == stored
}
