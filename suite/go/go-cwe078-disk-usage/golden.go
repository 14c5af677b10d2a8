package solution

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// DiskUsageKiB returns the disk usage of path in KiB, as reported by du -sk.
func DiskUsageKiB(path string) (int64, error) {
	out, err := exec.Command("du", "-sk", "--", path).Output()
	if err != nil {
		return 0, fmt.Errorf("du %q: %w", path, err)
	}
	fields := strings.Fields(string(out))
	if len(fields) == 0 {
		return 0, fmt.Errorf("du %q: no output", path)
	}
	return strconv.ParseInt(fields[0], 10, 64)
}
