package solution

import (
	"strings"
	"testing"
)

func TestRightPasswordChecks(t *testing.T) {
	stored, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword("correct horse battery staple", stored) {
		t.Fatal("right password rejected")
	}
}

func TestWrongPasswordFails(t *testing.T) {
	stored, _ := HashPassword("s3cret!")
	if CheckPassword("s3cret?", stored) || CheckPassword("", stored) {
		t.Fatal("wrong password accepted")
	}
}

func TestStoredFormHidesPassword(t *testing.T) {
	stored, _ := HashPassword("plaintext-pw")
	if strings.Contains(stored, "plaintext-pw") {
		t.Fatal("password stored in clear")
	}
}
