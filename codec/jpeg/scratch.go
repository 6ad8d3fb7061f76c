package jpeg

import (
	"runtime"
	"unsafe"

	"github.com/pixview/pixview/internal/hugemem"
)

// Scratch is memory that lossless transforms reuse from one file to the
// next: the coefficient planes a [Request] decodes into, the planes of the
// output of a transform that cannot move blocks in place (transposes,
// quarter turns, crops, trims), the encoder's per-block masks, and the
// buffer [TransformFile] reads the file into and writes its output over.
// A batch that keeps one Scratch per worker allocates them with its first
// file only; after that the garbage collector has nothing large to
// reclaim, so the process's peak memory stays near what one file needs
// per worker instead of growing by the collector's headroom (GOGC) over
// the planes of every file in flight.
//
// On Linux the planes and the file's buffer are mapped outside Go's heap
// in transparent huge pages (internal/hugemem): the 36 MB of planes of a
// 12 MP photo then take about 18 page faults on first touch instead of
// 9,000. They are unmapped when the Scratch is garbage collected.
//
// The zero value is ready to use. A Scratch serves one call at a time;
// nothing a call returns aliases it. Copies of a Scratch share its memory.
type Scratch struct {
	st *scratchState
}

// scratchState is a Scratch's memory. It is a separate object so that
// copies of a Scratch share it, and the memory is unmapped only when none
// refers to it.
type scratchState struct {
	planes [2][]Block
	file   []byte
	masks  []uint64
	maps   *mappings // the mappings under planes and file, nil until one is made
}

// mappings are the memory mappings of a Scratch, by use: the two planes
// and the file's buffer.
type mappings [3][]byte

const (
	planeIn  = iota // the input's coefficients
	planeOut        // a transform's output
	fileBuf         // the file's bytes, then the output's
)

// state returns s's memory, made on first use; nil for a nil s.
func (s *Scratch) state() *scratchState {
	if s == nil {
		return nil
	}
	if s.st == nil {
		s.st = new(scratchState)
	}
	return s.st
}

// blocks returns n zeroed blocks from plane i of s; a nil s allocates
// them. A plane that is too small is released before the new one is
// made, so that the two are never both held.
func (s *Scratch) blocks(i, n int) []Block {
	st := s.state()
	if st == nil {
		return make([]Block, n)
	}
	if cap(st.planes[i]) < n {
		st.planes[i] = nil
		mem := st.remap(i, n*int(unsafe.Sizeof(Block{})))
		if mem == nil {
			st.planes[i] = make([]Block, n)
		} else {
			st.planes[i] = unsafe.Slice((*Block)(unsafe.Pointer(unsafe.SliceData(mem))), len(mem)/int(unsafe.Sizeof(Block{})))
		}
		return st.planes[i][:n:n]
	}
	p := st.planes[i][:n:n]
	clear(p) // the reader and the transforms fill zeroed blocks
	return p
}

// fileBuffer returns s's file buffer, empty, with room for at least n
// bytes, or nil for a nil s.
func (s *Scratch) fileBuffer(n int) []byte {
	st := s.state()
	if st == nil {
		return nil
	}
	if cap(st.file) < n {
		st.file = st.remap(fileBuf, n)
		if st.file == nil {
			st.file = make([]byte, 0, n)
		}
	}
	return st.file[:0]
}

// keepFile makes b, which the output grew out of the file buffer, s's
// file buffer.
func (s *Scratch) keepFile(b []byte) {
	if st := s.state(); st != nil && cap(b) > cap(st.file) {
		// The old buffer is a mapping or heap memory; either way b
		// replaces it, and a mapping under it is let go.
		st.unmap(fileBuf)
		st.file = b[:0]
	}
}

// remap replaces mapping i of st with a new one of at least size bytes
// (rounded up to whole pages), or releases it and returns nil where
// mappings are not made.
func (st *scratchState) remap(i, size int) []byte {
	st.unmap(i)
	mem := hugemem.Map(size)
	if mem == nil {
		return nil
	}
	if st.maps == nil {
		st.maps = new(mappings)
		runtime.AddCleanup(st, func(m *mappings) {
			for i := range m {
				hugemem.Unmap(m[i])
			}
		}, st.maps)
	}
	st.maps[i] = mem
	return mem
}

// unmap releases mapping i of st, if any.
func (st *scratchState) unmap(i int) {
	if st.maps != nil && st.maps[i] != nil {
		hugemem.Unmap(st.maps[i])
		st.maps[i] = nil
	}
}

// carve gives each component of comps its grid of blocks from arena,
// which holds at least their sum; each grid's capacity ends where it
// does, so that no append reaches the next one.
func carve(comps []Component, arena []Block) {
	for i := range comps {
		c := &comps[i]
		n := c.BlocksW * c.BlocksH
		c.Blocks, arena = arena[:n:n], arena[n:]
	}
}

// planeSize returns the number of blocks of comps' grids.
func planeSize(comps []Component) int {
	n := 0
	for i := range comps {
		n += comps[i].BlocksW * comps[i].BlocksH
	}
	return n
}
