//go:build !unix || pnm_nommap

package pnm

import (
	"io"
	"os"
)

// mapFile reads the first size bytes of f where mmap is unavailable (or
// under the build tag pnm_nommap, which tests this path on Unix); sync and
// unmap write the raster back.
func mapFile(f *os.File, size int, writable bool) ([]byte, error) {
	data := make([]byte, size)
	if _, err := f.ReadAt(data, 0); err != nil && err != io.EOF {
		return nil, err
	}
	return data, nil
}

func (m *Mapped) sync() error {
	if _, err := m.f.WriteAt(m.data[m.h.Size:], m.h.Size); err != nil {
		return err
	}
	return m.f.Sync()
}

func (m *Mapped) unmap() error {
	if !m.writable {
		return nil
	}
	return m.sync()
}

// unmapBytes releases what mapFile read: nothing to do.
func unmapBytes([]byte) error { return nil }
