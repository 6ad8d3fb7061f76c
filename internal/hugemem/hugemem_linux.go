package hugemem

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Map returns size bytes (rounded up to whole huge pages) of zeroed
// anonymous memory, mapped outside Go's heap at a huge-page boundary and
// advised to be backed by transparent huge pages, or nil if the mapping
// fails or size is not positive. The advice is a hint: where huge pages
// are off or none is free, the kernel maps 4 KiB pages as it would have.
func Map(size int) []byte {
	if size <= 0 || uint64(size) > 1<<40 {
		return nil
	}
	size = (size + Size - 1) &^ (Size - 1)
	// One huge page more than needed, so that an aligned run of size
	// bytes lies inside; the ends are unmapped again.
	span := uintptr(size + Size)
	p, err := unix.MmapPtr(-1, 0, nil, span, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil
	}
	head := -uintptr(p) & (Size - 1) // bytes up to the first boundary
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

// Unmap releases mem, which Map returned (whole); nil is ignored.
func Unmap(mem []byte) {
	if len(mem) > 0 {
		_ = unix.MunmapPtr(unsafe.Pointer(unsafe.SliceData(mem)), uintptr(len(mem)))
	}
}
