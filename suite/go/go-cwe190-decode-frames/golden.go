package solution

import (
	"encoding/binary"
	"errors"
)

// ErrTruncated is returned when a frame header or body runs past the end of the input.
var ErrTruncated = errors.New("truncated frame")

// DecodeFrames splits buf into frames. Each frame is a 4-byte big-endian
// length n followed by n bytes of body; the returned slices alias buf.
func DecodeFrames(buf []byte) ([][]byte, error) {
	var frames [][]byte
	for off := 0; off < len(buf); {
		if len(buf)-off < 4 {
			return nil, ErrTruncated
		}
		n := binary.BigEndian.Uint32(buf[off:])
		off += 4
		if uint64(n) > uint64(len(buf)-off) {
			return nil, ErrTruncated
		}
		end := off + int(n)
		frames = append(frames, buf[off:end])
		off = end
	}
	return frames, nil
}
