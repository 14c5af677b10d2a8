package solution

import (
	"bytes"
	"compress/gzip"
	"testing"
)

func gzipF(t *testing.T, data []byte) *bytes.Reader {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b.Bytes())
}

func TestDecompressesBody(t *testing.T) {
	got, err := ReadGzipBody(gzipF(t, []byte(`{"event":"signup"}`)))
	if err != nil || string(got) != `{"event":"signup"}` {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestBodyAtTheLimit(t *testing.T) {
	got, err := ReadGzipBody(gzipF(t, bytes.Repeat([]byte("a"), MaxDecompressed)))
	if err != nil || len(got) != MaxDecompressed {
		t.Fatalf("got %d bytes, %v", len(got), err)
	}
}

func TestNotGzip(t *testing.T) {
	if _, err := ReadGzipBody(bytes.NewReader([]byte("plain text"))); err == nil {
		t.Fatal("expected an error")
	}
}

func TestOverLimitIsRefused(t *testing.T) {
	if _, err := ReadGzipBody(gzipF(t, bytes.Repeat([]byte("a"), MaxDecompressed+1))); err == nil {
		t.Fatal("expected an error")
	}
}
