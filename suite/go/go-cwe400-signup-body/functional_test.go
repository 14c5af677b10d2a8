package solution

import (
	"strings"
	"testing"
)

func TestDecodesSignup(t *testing.T) {
	s, err := DecodeSignup(strings.NewReader(`{"name":"Ada","email":"ada@example.com"}`))
	if err != nil || s != (Signup{Name: "Ada", Email: "ada@example.com"}) {
		t.Fatalf("got %+v, %v", s, err)
	}
}

func TestBodyJustUnderLimit(t *testing.T) {
	name := strings.Repeat("a", MaxBodyBytes-64)
	s, err := DecodeSignup(strings.NewReader(`{"name":"` + name + `","email":"a@b.c"}`))
	if err != nil || len(s.Name) != len(name) {
		t.Fatalf("got name of %d bytes, %v", len(s.Name), err)
	}
}

func TestBadJSON(t *testing.T) {
	if _, err := DecodeSignup(strings.NewReader(`{"name":`)); err == nil {
		t.Fatal("expected an error")
	}
}

func TestOversizedBodyRejected(t *testing.T) {
	big := `{"name":"` + strings.Repeat("a", MaxBodyBytes+10) + `"}`
	if _, err := DecodeSignup(strings.NewReader(big)); err == nil {
		t.Fatal("expected an error")
	}
}
