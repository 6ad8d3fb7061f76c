package hugemem

import (
	"runtime"
	"testing"
	"unsafe"
)

// TestMap checks what Map promises on Linux: zeroed, writable memory of
// the size asked rounded up to whole huge pages, at a huge-page boundary;
// nil for sizes that are not positive; and nil everywhere else.
func TestMap(t *testing.T) {
	for _, n := range []int{0, -1} {
		if mem := Map(n); mem != nil {
			t.Errorf("Map(%d) = %d bytes, want nil", n, len(mem))
		}
	}
	for _, n := range []int{1, Size - 1, Size, Size + 1, 3*Size + 12345} {
		mem := Map(n)
		if runtime.GOOS != "linux" {
			if mem != nil {
				t.Fatalf("Map(%d) on %s = %d bytes, want nil", n, runtime.GOOS, len(mem))
			}
			continue
		}
		want := (n + Size - 1) / Size * Size
		if len(mem) != want || cap(mem) != want {
			t.Fatalf("Map(%d): len %d cap %d, want %d", n, len(mem), cap(mem), want)
		}
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(mem))); p%Size != 0 {
			t.Errorf("Map(%d) at %#x, not at a huge-page boundary", n, p)
		}
		for i := 0; i < len(mem); i += 4096 {
			if mem[i] != 0 {
				t.Fatalf("Map(%d): byte %d is %d, not zero", n, i, mem[i])
			}
			mem[i] = byte(i >> 12)
		}
		mem[len(mem)-1] = 1
		Unmap(mem)
	}
	Unmap(nil) // ignored
}
