package solution

import (
	"bytes"
	"testing"
)

func TestDecodesFrames(t *testing.T) {
	buf := []byte{0, 0, 0, 2, 'h', 'i', 0, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c'}
	frames, err := DecodeFrames(buf)
	if err != nil || len(frames) != 3 {
		t.Fatalf("got %q, %v", frames, err)
	}
	if !bytes.Equal(frames[0], []byte("hi")) || len(frames[1]) != 0 || !bytes.Equal(frames[2], []byte("abc")) {
		t.Fatalf("got %q", frames)
	}
}

func TestEmptyInput(t *testing.T) {
	frames, err := DecodeFrames(nil)
	if err != nil || len(frames) != 0 {
		t.Fatalf("got %q, %v", frames, err)
	}
}

func TestTruncatedBody(t *testing.T) {
	if _, err := DecodeFrames([]byte{0, 0, 0, 5, 'a', 'b'}); err == nil {
		t.Fatal("expected an error")
	}
	if _, err := DecodeFrames([]byte{0, 0, 1}); err == nil {
		t.Fatal("expected an error")
	}
}
