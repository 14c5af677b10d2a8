package solution

import (
	"encoding/json"
	"errors"
	"io"
)

// MaxBodyBytes is the largest request body the signup endpoint accepts.
const MaxBodyBytes = 1 << 20

// ErrBodyTooLarge is returned for request bodies over MaxBodyBytes.
var ErrBodyTooLarge = errors.New("request body too large")

// Signup is the JSON body of a signup request.
type Signup struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// DecodeSignup reads and decodes a signup request body.
func DecodeSignup(body io.Reader) (Signup, error) {
	var s Signup
	data, err := io.ReadAll(body)
	if err != nil {
		return s, err
	}
	if len(data) > MaxBodyBytes {
		return s, ErrBodyTooLarge
	}
	err = json.Unmarshal(data, &s)
	return s, err
}
