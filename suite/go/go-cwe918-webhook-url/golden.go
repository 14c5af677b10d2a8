package solution

import (
	"errors"
	"net/netip"
	"net/url"
	"strings"
)

// ErrForbiddenURL is returned for webhook URLs the server must not call.
var ErrForbiddenURL = errors.New("webhook URL not allowed")

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// ValidateWebhookURL checks a webhook URL entered by a customer and returns it normalized.
func ValidateWebhookURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", ErrForbiddenURL
	}
	if u.User != nil || u.Host == "" {
		return "", ErrForbiddenURL
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") ||
		strings.HasSuffix(host, ".internal") || strings.HasSuffix(host, ".local") {
		return "", ErrForbiddenURL
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
		if ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() ||
			ip.IsMulticast() || ip.IsLinkLocalMulticast() || cgnat.Contains(ip) || ip.Zone() != "" {
			return "", ErrForbiddenURL
		}
	} else if looksNumeric(host) || !strings.Contains(host, ".") {
		// Single-label names are resolved through the local search domain.
		return "", ErrForbiddenURL
	}
	return u.String(), nil
}

// looksNumeric reports whether every label of host is a decimal, octal or
// 0x-hex number: the shorthands (2130706433, 0x7f.1, 0177.0.0.1) that the C
// resolver reads as IPv4 addresses although netip.ParseAddr rejects them.
func looksNumeric(host string) bool {
	for _, label := range strings.Split(host, ".") {
		digits := strings.TrimPrefix(label, "0x")
		if digits == "" {
			return false
		}
		if digits == label && strings.Trim(label, "0123456789") != "" {
			return false
		}
		if strings.Trim(digits, "0123456789abcdef") != "" {
			return false
		}
	}
	return true
}
