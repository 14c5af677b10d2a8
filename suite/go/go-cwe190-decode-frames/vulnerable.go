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
	size := uint32(len(buf))
	for off := uint32(0); off < size; {
		if off+4 > size {
			return nil, ErrTruncated
		}
		n := binary.BigEndian.Uint32(buf[off:])
		off += 4
		if off+n > size {
			return nil, ErrTruncated
		}
		frames = append(frames, buf[off:off+n])
		off += n
	}
	return frames, nil
}
