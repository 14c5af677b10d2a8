package solution

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

const (
	pbkdf2Iterations = 60000
	saltLen          = 16
	keyLen           = 32
)

// pbkdf2SHA256 derives keyLen bytes from password and salt (RFC 8018, PBKDF2 with HMAC-SHA256).
func pbkdf2SHA256(password, salt []byte, iterations, length int) []byte {
	mac := hmac.New(sha256.New, password)
	var out []byte
	for block := uint32(1); len(out) < length; block++ {
		mac.Reset()
		mac.Write(salt)
		var idx [4]byte
		binary.BigEndian.PutUint32(idx[:], block)
		mac.Write(idx[:])
		u := mac.Sum(nil)
		t := append([]byte(nil), u...)
		for i := 1; i < iterations; i++ {
			mac.Reset()
			mac.Write(u)
			u = mac.Sum(u[:0])
			for j := range t {
				t[j] ^= u[j]
			}
		}
		out = append(out, t...)
	}
	return out[:length]
}

// HashPassword returns the string to store for password:
// "pbkdf2-sha256$<iterations>$<salt hex>$<key hex>".
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := pbkdf2SHA256([]byte(password), salt, pbkdf2Iterations, keyLen)
	return fmt.Sprintf("pbkdf2-sha256$%d$%x$%x", pbkdf2Iterations, salt, key), nil
}

// CheckPassword reports whether password matches a string produced by HashPassword.
func CheckPassword(password, stored string) bool {
	parts := strings.Split(stored, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iterations, err := strconv.Atoi(parts[1])
	if err != nil || iterations < 1 {
		return false
	}
	salt, err1 := hex.DecodeString(parts[2])
	want, err2 := hex.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := pbkdf2SHA256([]byte(password), salt, iterations, len(want))
	return subtle.ConstantTimeCompare(got, want) == 1
}
