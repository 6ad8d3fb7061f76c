//go:build unix && !pnm_nommap

package pnm

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the first size bytes of f, shared, so that writes reach the
// file.
func mapFile(f *os.File, size int, writable bool) ([]byte, error) {
	prot := unix.PROT_READ
	if writable {
		prot |= unix.PROT_WRITE
	}
	return unix.Mmap(int(f.Fd()), 0, size, prot, mapFlags)
}

func (m *Mapped) sync() error { return unix.Msync(m.data, unix.MS_SYNC) }

func (m *Mapped) unmap() error { return unix.Munmap(m.data) }

// unmapBytes releases a mapping mapFile made.
func unmapBytes(data []byte) error { return unix.Munmap(data) }
