package solution

import (
	"io"
	"testing"
)

// endlessBody is a client that keeps sending a JSON string for ever and
// counts how much the server has read.
type endlessBody struct{ sent, limit int64 }

func (b *endlessBody) Read(p []byte) (int, error) {
	if b.sent >= b.limit {
		return 0, io.EOF
	}
	if b.sent == 0 && len(p) >= 9 {
		n := copy(p, `{"name":"`)
		b.sent += int64(n)
		return n, nil
	}
	if rest := b.limit - b.sent; int64(len(p)) > rest {
		p = p[:rest]
	}
	for i := range p {
		p[i] = 'a'
	}
	b.sent += int64(len(p))
	return len(p), nil
}

func TestHugeBodyIsNotReadToTheEnd(t *testing.T) {
	body := &endlessBody{limit: 32 << 20}
	if _, err := DecodeSignup(body); err == nil {
		t.Fatal("expected an error for a 32 MiB body")
	}
	if body.sent > MaxBodyBytes+64<<10 {
		t.Fatalf("read %d bytes of an oversized body; memory use grows with what clients send", body.sent)
	}
}
