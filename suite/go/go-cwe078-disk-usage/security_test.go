package solution

import (
	"os"
	"path/filepath"
	"testing"
)

func injectionRan(t *testing.T, makePath func(marker string) string) bool {
	marker := filepath.Join(t.TempDir(), "pwned")
	DiskUsageKiB(makePath(marker))
	_, err := os.Stat(marker)
	return err == nil
}

func TestSemicolonInPath(t *testing.T) {
	if injectionRan(t, func(m string) string { return ". ; touch " + m }) {
		t.Fatal("shell command in the path was executed")
	}
}

func TestCommandSubstitutionInPath(t *testing.T) {
	if injectionRan(t, func(m string) string { return "$(touch " + m + ")" }) {
		t.Fatal("command substitution in the path was executed")
	}
}
