package solution

import (
	"os"
	"path/filepath"
)

// ReadAttachment returns the contents of the attachment called name stored in baseDir.
func ReadAttachment(baseDir, name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(baseDir, name))
}
