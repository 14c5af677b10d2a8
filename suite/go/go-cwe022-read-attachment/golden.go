package solution

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// ErrBadName is returned for attachment names that do not name a file in the attachments folder.
var ErrBadName = errors.New("invalid attachment name")

// ReadAttachment returns the contents of the attachment called name stored in baseDir.
func ReadAttachment(baseDir, name string) ([]byte, error) {
	base, err := filepath.Abs(baseDir)
	if err != nil {
		return nil, err
	}
	target := filepath.Join(base, name)
	if !strings.HasPrefix(target, base+string(filepath.Separator)) {
		return nil, ErrBadName
	}
	return os.ReadFile(target)
}
