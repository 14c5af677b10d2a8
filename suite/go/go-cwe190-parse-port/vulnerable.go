package solution

import (
	"fmt"
	"strconv"
)

// ParsePort parses the TCP port of a listen address given in the config file.
func ParsePort(s string) (uint16, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("invalid port %q: %w", s, err)
	}
	if n <= 0 {
		return 0, fmt.Errorf("invalid port %q: must be positive", s)
	}
	return uint16(n), nil
}
