package solution

import (
	"os"
	"path/filepath"
	"testing"
)

func attachmentsDirF(t *testing.T) string {
	root := t.TempDir()
	dir := filepath.Join(root, "attachments")
	if err := os.MkdirAll(filepath.Join(dir, "2024"), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "invoice.pdf"), []byte("%PDF-1.4 invoice"), 0o600)
	os.WriteFile(filepath.Join(dir, "2024", "report.txt"), []byte("annual report"), 0o600)
	return dir
}

func TestReadsAttachment(t *testing.T) {
	got, err := ReadAttachment(attachmentsDirF(t), "invoice.pdf")
	if err != nil || string(got) != "%PDF-1.4 invoice" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestReadsAttachmentInSubfolder(t *testing.T) {
	got, err := ReadAttachment(attachmentsDirF(t), "2024/report.txt")
	if err != nil || string(got) != "annual report" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestMissingAttachment(t *testing.T) {
	if _, err := ReadAttachment(attachmentsDirF(t), "nope.txt"); err == nil {
		t.Fatal("expected an error")
	}
}
