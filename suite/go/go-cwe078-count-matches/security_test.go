package solution

import (
	"os"
	"path/filepath"
	"testing"
)

func markerCreated(t *testing.T, call func(log, marker string)) bool {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	os.WriteFile(log, []byte("error: x\n"), 0o600)
	marker := filepath.Join(dir, "pwned")
	call(log, marker)
	_, err := os.Stat(marker)
	return err == nil
}

func TestQuoteInPattern(t *testing.T) {
	if markerCreated(t, func(log, marker string) { CountMatches("x' /dev/null; touch "+marker+"; echo '", log) }) {
		t.Fatal("shell command in the pattern was executed")
	}
}

func TestSemicolonInFileName(t *testing.T) {
	if markerCreated(t, func(log, marker string) { CountMatches("error", log+"; touch "+marker) }) {
		t.Fatal("shell command in the file name was executed")
	}
}
