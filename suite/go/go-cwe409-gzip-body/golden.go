package solution

import (
	"compress/gzip"
	"errors"
	"io"
)

// MaxDecompressed is the largest decompressed request body accepted.
const MaxDecompressed = 10 << 20

// ErrTooLarge is returned when a body decompresses to more than MaxDecompressed bytes.
var ErrTooLarge = errors.New("decompressed body too large")

// ReadGzipBody decompresses a request body sent with Content-Encoding: gzip.
func ReadGzipBody(body io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(body)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	data, err := io.ReadAll(io.LimitReader(zr, MaxDecompressed+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDecompressed {
		return nil, ErrTooLarge
	}
	return data, nil
}
