package jpeg

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on the architectures
// Linux runs pixview on (x86-64, and arm64 with 4 KiB base pages).
const hugePage = 2 << 20

// mapMemory returns size bytes (rounded up to whole huge pages) of zeroed
// anonymous memory, mapped outside Go's heap at a huge-page boundary and
// advised to be backed by transparent huge pages, or nil if the mapping
// fails. The advice is a hint: where huge pages are off or none is free,
// the kernel maps 4 KiB pages as it would have.
func mapMemory(size int) []byte {
	if size <= 0 || uint64(size) > 1<<40 {
		return nil
	}
	size = (size + hugePage - 1) &^ (hugePage - 1)
	// One huge page more than needed, so that an aligned run of size
	// bytes lies inside; the ends are unmapped again.
	span := uintptr(size + hugePage)
	p, err := unix.MmapPtr(-1, 0, nil, span, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil
	}
	head := -uintptr(p) & (hugePage - 1) // bytes up to the first boundary
	if head > 0 {
		_ = unix.MunmapPtr(p, head)
	}
	if tail := span - head - uintptr(size); tail > 0 {
		_ = unix.MunmapPtr(unsafe.Add(p, head+uintptr(size)), tail)
	}
	mem := unsafe.Slice((*byte)(unsafe.Add(p, head)), size)
	_ = unix.Madvise(mem, unix.MADV_HUGEPAGE) // a hint; an old kernel may refuse it
	return mem
}

// unmapMemory releases memory from mapMemory.
func unmapMemory(mem []byte) {
	if len(mem) > 0 {
		_ = unix.MunmapPtr(unsafe.Pointer(unsafe.SliceData(mem)), uintptr(len(mem)))
	}
}
