package solution

import "testing"

// decodeSafely turns a panic into a test failure, so one bad case does not
// abort the whole test binary.
func decodeSafely(t *testing.T, buf []byte) (frames [][]byte, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("DecodeFrames panicked: %v", r)
		}
	}()
	return DecodeFrames(buf)
}

func TestLengthThatWrapsOffset(t *testing.T) {
	// 4 + 0xFFFFFFFF wraps to 3 in 32-bit arithmetic.
	if _, err := decodeSafely(t, []byte{0xff, 0xff, 0xff, 0xff, 'x', 'y'}); err == nil {
		t.Fatal("expected an error for a 4 GiB frame in 6 bytes")
	}
}

func TestLengthThatWrapsToZero(t *testing.T) {
	// 4 + 0xFFFFFFFC wraps to 0.
	if _, err := decodeSafely(t, []byte{0xff, 0xff, 0xff, 0xfc, 1, 2, 3}); err == nil {
		t.Fatal("expected an error for a 4 GiB frame in 7 bytes")
	}
}
