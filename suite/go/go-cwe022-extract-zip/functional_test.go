package solution

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
)

func writeZipF(t *testing.T, entries map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

func TestExtractsFilesAndFolders(t *testing.T) {
	archive := writeZipF(t, map[string]string{"readme.txt": "hello", "docs/": "", "docs/guide.md": "# guide", "src/main.go": "package main"})
	dest := filepath.Join(t.TempDir(), "out")
	n, err := ExtractZip(archive, dest)
	if err != nil || n != 3 {
		t.Fatalf("got %d files, %v", n, err)
	}
	for name, want := range map[string]string{"readme.txt": "hello", "docs/guide.md": "# guide", "src/main.go": "package main"} {
		got, err := os.ReadFile(filepath.Join(dest, name))
		if err != nil || string(got) != want {
			t.Fatalf("%s: got %q, %v", name, got, err)
		}
	}
}

func TestMissingArchive(t *testing.T) {
	if _, err := ExtractZip(filepath.Join(t.TempDir(), "none.zip"), t.TempDir()); err == nil {
		t.Fatal("expected an error")
	}
}
