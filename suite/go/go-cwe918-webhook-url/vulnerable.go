package solution

import (
	"errors"
	"net/url"
)

// ErrForbiddenURL is returned for webhook URLs the server must not call.
var ErrForbiddenURL = errors.New("webhook URL not allowed")

// ValidateWebhookURL checks a webhook URL entered by a customer and returns it normalized.
func ValidateWebhookURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", ErrForbiddenURL
	}
	if u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" {
		return "", ErrForbiddenURL
	}
	return u.String(), nil
}
