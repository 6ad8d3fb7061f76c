package jpeg

import (
	"bytes"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/pixview/pixview/internal/hugemem/hugememtest"
	"github.com/pixview/pixview/pixbuf"
)

// TestScratchUnmapped checks that the memory a Scratch maps outside the
// heap is released once the Scratch is garbage collected: Scratches used
// once and dropped, each mapping 6 MiB (a huge page per plane), leave the
// process's address space no larger than a third of them. VmSize is the
// whole process's, and the runtime reserves address space of its own at
// any moment (a heap arena is 64 MiB, more under -race), so the Scratches
// are many: 100 of them kept would be 600 MiB, against the 200 MiB
// allowed. Not parallel.
func TestScratchUnmapped(t *testing.T) {
	m := trRandImage(rand.New(rand.NewPCG(75, 76)), 640, 480, [][2]int{{2, 2}, {1, 1}, {1, 1}})
	f, err := AppendEncode(nil, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	use := func() {
		s := new(Scratch)
		if _, err := TransformFile(io.Discard, bytes.NewReader(f), &Request{Orientation: pixbuf.Rotate90, Scratch: s}); err != nil {
			t.Fatal(err)
		}
	}
	use()
	runtime.GC()
	before := hugememtest.VMSize(t)
	const (
		n     = 100
		slack = n * 6 << 10 / 3 // KiB
	)
	for range n {
		use()
	}
	// Cleanups run on their own goroutine after a collection.
	grown := 0
	for range 50 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		if grown = hugememtest.VMSize(t) - before; grown < slack {
			break
		}
	}
	t.Logf("address space grew by %d KiB after %d dropped Scratches", grown, n)
	if grown >= slack {
		t.Errorf("address space grew by %d KiB after %d dropped Scratches of 6 MiB: their mappings are not released", grown, n)
	}
}
