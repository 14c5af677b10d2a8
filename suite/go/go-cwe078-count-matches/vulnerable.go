package solution

import (
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// CountMatches returns how many lines of file match the regular expression
// pattern, as counted by grep -c.
func CountMatches(pattern, file string) (int, error) {
	cmd := fmt.Sprintf("grep -c '%s' %s", pattern, file)
	out, err := exec.Command("sh", "-c", cmd).Output()
	if err != nil {
		// grep exits with status 1 when no line matches (and still prints 0).
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			return 0, fmt.Errorf("grep: %w", err)
		}
	}
	return strconv.Atoi(strings.TrimSpace(string(out)))
}
