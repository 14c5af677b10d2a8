package solution

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func attachmentsDirS(t *testing.T) string {
	root := t.TempDir()
	dir := filepath.Join(root, "attachments")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "secrets.env"), []byte("AWS_SECRET=abc123"), 0o600)
	return dir
}

func leaks(data []byte) bool { return strings.Contains(string(data), "AWS_SECRET") }

func TestParentDirectoryName(t *testing.T) {
	data, err := ReadAttachment(attachmentsDirS(t), "../secrets.env")
	if err == nil || leaks(data) {
		t.Fatalf("read outside the attachments folder: %q", data)
	}
}

func TestTraversalAfterSubfolder(t *testing.T) {
	data, _ := ReadAttachment(attachmentsDirS(t), "2024/../../secrets.env")
	if leaks(data) {
		t.Fatalf("read outside the attachments folder: %q", data)
	}
}
