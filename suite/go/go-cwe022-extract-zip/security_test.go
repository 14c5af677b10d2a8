package solution

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
)

func writeZipS(t *testing.T, dir string, names ...string) string {
	t.Helper()
	p := filepath.Join(dir, "evil.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("OWNED"))
	}
	zw.Close()
	f.Close()
	return p
}

func TestEntryWithParentSegments(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "a", "b", "out")
	archive := writeZipS(t, root, "ok.txt", "../../escaped.txt")
	ExtractZip(archive, dest)
	if _, err := os.Stat(filepath.Join(root, "a", "escaped.txt")); err == nil {
		t.Fatal("zip entry was written outside the destination folder")
	}
}

func TestEntryThatClimbsToRoot(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "out")
	archive := writeZipS(t, root, "x/../../sibling.txt")
	ExtractZip(archive, dest)
	if _, err := os.Stat(filepath.Join(root, "sibling.txt")); err == nil {
		t.Fatal("zip entry was written outside the destination folder")
	}
}
