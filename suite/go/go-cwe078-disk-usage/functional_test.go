package solution

import (
	"os"
	"path/filepath"
	"testing"
)

func TestUsageOfDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "blob"), make([]byte, 64*1024), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := DiskUsageKiB(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n < 64 || n > 1024 {
		t.Fatalf("usage %d KiB, want about 64", n)
	}
}

func TestMissingPathIsError(t *testing.T) {
	if _, err := DiskUsageKiB(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("expected an error")
	}
}
