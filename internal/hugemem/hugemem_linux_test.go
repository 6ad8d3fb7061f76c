package hugemem

import (
	"testing"

	"github.com/pixview/pixview/internal/hugemem/hugememtest"
)

// TestUnmapReleases checks that Unmap gives the address space back and
// that Map keeps nothing beyond what it returns (the alignment's spare
// huge page is unmapped again): 64 MiB mapped and unmapped 50 times
// leaves the process no larger than it was, give or take a few huge
// pages of the runtime's own. Not parallel: VmSize is the process's.
func TestUnmapReleases(t *testing.T) {
	const n = 64 << 20
	Unmap(Map(n)) // the first call's own allocations
	before := hugememtest.VMSize(t)
	for range 50 {
		mem := Map(n)
		if mem == nil {
			t.Fatal("Map(64 MiB) failed")
		}
		mem[0], mem[n-1] = 1, 1
		if grown := hugememtest.VMSize(t) - before; grown > n>>10+Size>>11 {
			t.Fatalf("one mapping of 64 MiB grew the address space by %d KiB", grown)
		}
		Unmap(mem)
	}
	if grown := hugememtest.VMSize(t) - before; grown > 4*Size>>10 {
		t.Errorf("address space grew by %d KiB after 50 mappings of 64 MiB were unmapped", grown)
	}
}
