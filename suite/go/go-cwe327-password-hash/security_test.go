package solution

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNotAFastUnsaltedDigest(t *testing.T) {
	pw := []byte("letmein")
	stored, _ := HashPassword(string(pw))
	m, s1, s2, s5 := md5.Sum(pw), sha1.Sum(pw), sha256.Sum256(pw), sha512.Sum512(pw)
	for name, d := range map[string][]byte{"md5": m[:], "sha1": s1[:], "sha256": s2[:], "sha512": s5[:]} {
		if strings.Contains(strings.ToLower(stored), hex.EncodeToString(d)) || strings.Contains(stored, base64.StdEncoding.EncodeToString(d)) {
			t.Fatalf("stored value is an unsalted %s digest: %s", name, stored)
		}
	}
}

func TestSamePasswordHashesDifferently(t *testing.T) {
	a, _ := HashPassword("letmein")
	b, _ := HashPassword("letmein")
	if a == b {
		t.Fatalf("no per-password salt: %s", a)
	}
}
