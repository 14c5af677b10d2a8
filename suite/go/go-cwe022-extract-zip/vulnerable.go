package solution

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
)

// ExtractZip unpacks the zip archive at archivePath into destDir and returns
// the number of files written.
func ExtractZip(archivePath, destDir string) (int, error) {
	r, err := zip.OpenReader(archivePath)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	written := 0
	for _, f := range r.File {
		target := filepath.Join(destDir, f.Name)
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return written, err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return written, err
		}
		src, err := f.Open()
		if err != nil {
			return written, err
		}
		dst, err := os.Create(target)
		if err != nil {
			src.Close()
			return written, err
		}
		_, err = io.Copy(dst, src)
		src.Close()
		dst.Close()
		if err != nil {
			return written, err
		}
		written++
	}
	return written, nil
}
