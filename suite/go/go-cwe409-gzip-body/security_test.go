package solution

import (
	"bytes"
	"compress/gzip"
	"runtime"
	"testing"
)

// A 32 MiB run of zeros compresses to about 32 KiB: a small request that
// expands to far more than the limit (a decompression bomb).
func gzipBombS(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 32; i++ {
		zw.Write(zeros)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecompressionBombMemory(t *testing.T) {
	bomb := gzipBombS(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	data, err := ReadGzipBody(bytes.NewReader(bomb))
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatalf("accepted a body that decompresses to %d bytes", len(data))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 120<<20 {
		t.Fatalf("allocated %d MiB for a body limited to 10 MiB", alloc>>20)
	}
}
