package ops

import (
	"fmt"

	"github.com/pixview/pixview/pixbuf"
)

// ExtractChannel copies channel i of src into dst: afterwards dst holds
// what src.Channel(i).Clone() holds, a gray plane of an RGB image, say. dst
// must be h x w x 1 for an h x w x c src (else the error wraps
// pixbuf.ErrShape), writable (pixbuf.ErrReadOnly) and apart from src
// (ErrOverlap); i must be a channel of src (pixbuf.ErrBounds).
func ExtractChannel[T pixbuf.Sample](dst, src pixbuf.View[T], i int, opts ...Option) error {
	const name = "ExtractChannel"
	h, w, c := src.Shape()
	if uint(i) >= uint(c) {
		return errChannel(name, i, c)
	}
	if err := checkPlane(name, dst, src, h, w, true); err != nil {
		return err
	}
	if dst.Len() == 0 {
		return nil
	}
	cfg := configOf(opts)
	j := planeOf(dst, src, i, false, cfg.path)
	if n := cfg.workersFor(src.NBytes(), h); n > 1 {
		parallel(n, h, j.run)
		return nil
	}
	j.run(0, h)
	return nil
}

// Split copies each channel k of src into dsts[k]: afterwards dsts[k] holds
// what src.Channel(k).Clone() holds. There must be one destination per
// channel, each h x w x 1 (else the error wraps pixbuf.ErrShape), writable
// (pixbuf.ErrReadOnly) and apart from src (ErrOverlap). The destinations
// may be the interleaved channels of one image, but must not share samples
// with each other.
func Split[T pixbuf.Sample](dsts []pixbuf.View[T], src pixbuf.View[T], opts ...Option) error {
	const name = "Split"
	h, w, c := src.Shape()
	if len(dsts) != c {
		return fmt.Errorf("ops: %s: %d destinations for %d channels: %w", name, len(dsts), c, pixbuf.ErrShape)
	}
	for _, d := range dsts {
		if err := checkPlane(name, d, src, h, w, true); err != nil {
			return err
		}
	}
	if src.Len() == 0 {
		return nil
	}
	cfg := configOf(opts)
	if n := cfg.workersFor(src.NBytes(), h); n > 1 {
		// The job that outlives this frame holds its own copy of dsts, so
		// that the caller's slice does not escape on the sequential path.
		pj := splitJob[T]{planes: append([]pixbuf.View[T](nil), dsts...), img: src, path: cfg.path}
		parallel(n, h, pj.split)
		return nil
	}
	splitJob[T]{planes: dsts, img: src, path: cfg.path}.split(0, h)
	return nil
}

// Merge copies each srcs[k] into channel k of dst, the inverse of [Split]:
// afterwards dst.Channel(k) equals srcs[k]. There must be one source per
// channel of dst, each h x w x 1 (else the error wraps pixbuf.ErrShape);
// dst must be writable (pixbuf.ErrReadOnly) and apart from every source
// (ErrOverlap). A source may appear more than once.
func Merge[T pixbuf.Sample](dst pixbuf.View[T], srcs []pixbuf.View[T], opts ...Option) error {
	const name = "Merge"
	h, w, c := dst.Shape()
	if len(srcs) != c {
		return fmt.Errorf("ops: %s: %d sources for %d channels: %w", name, len(srcs), c, pixbuf.ErrShape)
	}
	for _, s := range srcs {
		if err := checkPlane(name, s, dst, h, w, false); err != nil {
			return err
		}
	}
	if dst.ReadOnly() {
		return errReadOnly(name)
	}
	if dst.Len() == 0 {
		return nil
	}
	cfg := configOf(opts)
	if n := cfg.workersFor(dst.NBytes(), h); n > 1 {
		pj := splitJob[T]{planes: append([]pixbuf.View[T](nil), srcs...), img: dst, path: cfg.path}
		parallel(n, h, pj.merge)
		return nil
	}
	splitJob[T]{planes: srcs, img: dst, path: cfg.path}.merge(0, h)
	return nil
}

// checkPlane checks that plane is an h x w x 1 view apart from img and,
// when it is the destination (written), writable.
func checkPlane[T pixbuf.Sample](name string, plane, img pixbuf.View[T], h, w int, written bool) error {
	ph, pw, pc := plane.Shape()
	if ph != h || pw != w || pc != 1 {
		return errShape(name, [3]int{h, w, 1}, [3]int{ph, pw, pc})
	}
	if written && plane.ReadOnly() {
		return errReadOnly(name)
	}
	if pixbuf.Overlap(plane, img) {
		return errOverlap(name)
	}
	return nil
}

// SwapChannels exchanges channels i and j of every pixel of v in place,
// turning RGB into BGR, say: afterwards v.Channel(i) holds what
// v.Channel(j) held and the other way round. The error wraps
// pixbuf.ErrBounds if i or j is not a channel of v and pixbuf.ErrReadOnly
// for a read-only view, which is left untouched.
func SwapChannels[T pixbuf.Sample](v pixbuf.View[T], i, j int, opts ...Option) error {
	const name = "SwapChannels"
	c := v.Channels()
	for _, k := range [2]int{i, j} {
		if uint(k) >= uint(c) {
			return errChannel(name, k, c)
		}
	}
	if v.ReadOnly() {
		return fmt.Errorf("ops: %s of a read-only view: %w", name, pixbuf.ErrReadOnly)
	}
	if i == j {
		return nil
	}
	var p permutation
	p.add(i, j)
	if c <= 4 {
		p.fast = c
		p.perm = [4]int{0, 1, 2, 3}
		p.perm[i], p.perm[j] = j, i
	}
	return permute(v, p, opts)
}

// Permute reorders the channels of every pixel of v in place: new channel
// k is old channel perm[k], so perm {2, 1, 0, 3} turns RGBA into BGRA and
// {1, 2, 3, 0} turns ARGB into RGBA. perm must hold each channel of v once:
// the error wraps pixbuf.ErrShape if it has the wrong length or repeats a
// channel, pixbuf.ErrBounds if it names a channel v lacks, and
// pixbuf.ErrReadOnly for a read-only view, which is left untouched.
func Permute[T pixbuf.Sample](v pixbuf.View[T], perm []int, opts ...Option) error {
	const name = "Permute"
	c := v.Channels()
	if len(perm) != c {
		return fmt.Errorf("ops: %s: permutation of %d channels for a view of %d: %w", name, len(perm), c, pixbuf.ErrShape)
	}
	if v.ReadOnly() {
		return fmt.Errorf("ops: %s of a read-only view: %w", name, pixbuf.ErrReadOnly)
	}
	p, err := newPermutation(perm)
	if err != nil {
		return fmt.Errorf("ops: %s: %w", name, err)
	}
	return permute(v, p, opts)
}

// permute applies p to every pixel of v.
func permute[T pixbuf.Sample](v pixbuf.View[T], p permutation, opts []Option) error {
	if v.Len() == 0 || p.n == 0 {
		return nil
	}
	buf, g := geomOf(v)
	g, _ = canonPixels(g) // a permutation treats every pixel alike
	cfg := configOf(opts)
	j := permuteJob[T]{buf: buf, g: g, p: p, path: cfg.path}
	if n := cfg.workersFor(v.NBytes(), g.h); n > 1 {
		parallel(n, g.h, j.run)
		return nil
	}
	j.run(0, g.h)
	return nil
}

// permutation is a channel order as the exchanges that produce it, and for
// up to four channels also as the source of each new channel. It is a plain
// value, so that a permutation of up to 16 channels allocates nothing.
type permutation struct {
	n     int        // the number of exchanges
	fixed [15][2]int // the exchanges, when there are no more than 15
	extra [][2]int   // the exchanges, when there are more
	fast  int        // the channel count when perm holds the permutation, else 0
	perm  [4]int     // new channel k is old channel perm[k]
}

// add appends the exchange of channels i and j.
func (p *permutation) add(i, j int) {
	if p.extra == nil && p.n < len(p.fixed) {
		p.fixed[p.n] = [2]int{i, j}
		p.n++
		return
	}
	if p.extra == nil {
		p.extra = append([][2]int(nil), p.fixed[:p.n]...)
	}
	p.extra = append(p.extra, [2]int{i, j})
	p.n++
}

// swaps returns the exchanges in the order they apply.
func (p *permutation) swaps() [][2]int {
	if p.extra != nil {
		return p.extra
	}
	return p.fixed[:p.n]
}

// newPermutation checks perm and returns it as exchanges: applying them in
// order leaves old channel perm[k] at position k.
func newPermutation(perm []int) (permutation, error) {
	c := len(perm)
	var p permutation
	var atSmall, posSmall [16]int
	at, pos := atSmall[:0], posSmall[:0] // at[q] is the old channel now at q; pos is its inverse
	if c > len(atSmall) {
		at, pos = make([]int, 0, c), make([]int, 0, c)
	}
	var seen uint64
	for k, s := range perm {
		if uint(s) >= uint(c) {
			return p, fmt.Errorf("channel %d out of range [0:%d]: %w", s, c, pixbuf.ErrBounds)
		}
		if s < 64 {
			if seen&(1<<s) != 0 {
				return p, fmt.Errorf("channel %d repeated in %v: %w", s, perm, pixbuf.ErrShape)
			}
			seen |= 1 << s
		}
		at, pos = append(at, k), append(pos, k)
	}
	for k, s := range perm {
		q := pos[s]
		if q == k {
			continue
		}
		if q < k {
			// Only a repeated channel (beyond the 64 the bit set checks) can
			// sit at a position already settled.
			return p, fmt.Errorf("channel %d repeated in %v: %w", s, perm, pixbuf.ErrShape)
		}
		p.add(k, q)
		o := at[k]
		at[k], at[q] = s, o
		pos[s], pos[o] = k, q
	}
	if c <= 4 {
		p.fast = c
		copy(p.perm[:], perm)
	}
	return p, nil
}

// permuteJob applies one permutation to the pixels of one layout, in bands
// of rows.
type permuteJob[T pixbuf.Sample] struct {
	buf  []T
	g    geom
	p    permutation
	path kernelPath
}

// run permutes the pixels of rows [y0, y1).
func (j permuteJob[T]) run(y0, y1 int) {
	g := j.g
	if j.path != pathGeneric && (j.p.fast == 3 || j.p.fast == 4) && g.sc == 1 && (g.w == 1 || g.sx == g.c) {
		n := g.w * g.c
		simd := j.path == pathAuto && sizeOf[T]() == 1
		var bp bytePermuter
		if simd {
			bp = newBytePermuter(j.p.fast, j.p.perm)
		}
		if simd && y1-y0 > 1 && g.sy == n {
			// The band's rows follow one another: permute it as one run,
			// its two halves at once, and the few pixels left in Go.
			i := g.off + y0*g.sy
			run := j.buf[i : i+(y1-y0)*n : i+(y1-y0)*n]
			run = run[bp.permuteRun(asBytes(run)):]
			if j.p.fast == 3 {
				permuteRow3(run, j.p.perm)
			} else {
				permuteRow4(run, j.p.perm)
			}
			return
		}
		for y := y0; y < y1; y++ {
			i := g.off + y*g.sy
			row := j.buf[i : i+n : i+n]
			if simd {
				row = row[bp.permute(asBytes(row)):]
			}
			if j.p.fast == 3 {
				permuteRow3(row, j.p.perm)
			} else {
				permuteRow4(row, j.p.perm)
			}
		}
		return
	}
	swapsGeneric(j.buf, g, j.p.swaps(), y0, y1)
}
