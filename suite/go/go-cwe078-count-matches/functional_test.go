package solution

import (
	"os"
	"path/filepath"
	"testing"
)

func logFileF(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "app.log")
	if err := os.WriteFile(p, []byte("error: disk full\ninfo: started\nerror: timeout\nwarn: slow\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCountsMatchingLines(t *testing.T) {
	f := logFileF(t)
	for pattern, want := range map[string]int{"error": 2, "^info: started$": 1, "o[rw]": 3} {
		got, err := CountMatches(pattern, f)
		if err != nil || got != want {
			t.Fatalf("CountMatches(%q) = %d, %v; want %d", pattern, got, err, want)
		}
	}
}

func TestNoMatchIsZero(t *testing.T) {
	got, err := CountMatches("panic", logFileF(t))
	if err != nil || got != 0 {
		t.Fatalf("got %d, %v", got, err)
	}
}

func TestMissingFileIsError(t *testing.T) {
	if _, err := CountMatches("x", filepath.Join(t.TempDir(), "none.log")); err == nil {
		t.Fatal("expected an error")
	}
}
