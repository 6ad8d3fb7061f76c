package hugemem

import (
	"testing"

	"github.com/pixview/pixview/internal/hugemem/hugememtest"
)

// TestUnmapReleases checks that Unmap gives the address space back and
// that Map keeps nothing beyond what it returns (the alignment's spare
// huge page is unmapped again). VmSize is the whole process's, and the
// runtime may reserve address space of its own at any moment (a heap
// arena is 64 MiB, more under -race), so one mapping is not measured
// alone: 500 mappings of 64 MiB touched and unmapped would leave 1000 MiB
// behind if Map kept its spare huge page, and 32 GiB if Unmap did
// nothing, against the 256 MiB allowed for the runtime. Not parallel.
func TestUnmapReleases(t *testing.T) {
	const (
		n     = 64 << 20
		times = 500
		slack = 256 << 10 // KiB
	)
	Unmap(Map(n)) // the first call's own allocations
	before := hugememtest.VMSize(t)
	for range times {
		mem := Map(n)
		if mem == nil {
			t.Fatal("Map(64 MiB) failed")
		}
		mem[0], mem[n-1] = 1, 1
		Unmap(mem)
	}
	if grown := hugememtest.VMSize(t) - before; grown > slack {
		t.Errorf("address space grew by %d KiB after %d mappings of 64 MiB were unmapped (a kept huge page each would be %d KiB)",
			grown, times, times*Size>>10)
	}
}
