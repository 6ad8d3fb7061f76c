package ops

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// layoutSpec describes how a test view sits in a larger random buffer: a
// parent with padded rows (or planar channels), a crop of it, a channel
// range and a chain of flip and transpose views.
type layoutSpec struct {
	ph, pw, pc int // parent shape
	pad        int // extra samples at the end of each parent row
	planar     bool
	crop       image.Rectangle
	c0         int // first channel taken
	h, w, c    int // the shape before the final view transforms
	flipH      bool
	flipV      bool
	transpose  bool
	rawLen     int
}

func (s layoutSpec) String() string {
	return fmt.Sprintf("parent[%d %d %d]+%d planar=%v crop=%v ch=%d..%d fh=%v fv=%v t=%v",
		s.ph, s.pw, s.pc, s.pad, s.planar, s.crop, s.c0, s.c0+s.c, s.flipH, s.flipV, s.transpose)
}

// randSpec returns a random layout whose final view is h x w x c.
func randSpec(r *rand.Rand, h, w, c int) layoutSpec {
	s := layoutSpec{c: c, flipH: r.IntN(2) == 0, flipV: r.IntN(2) == 0, transpose: r.IntN(3) == 0}
	if s.transpose {
		h, w = w, h
	}
	s.h, s.w = h, w
	s.ph, s.pw = h+r.IntN(3), w+r.IntN(3)
	s.pc = c + r.IntN(2)
	s.c0 = r.IntN(s.pc - c + 1)
	s.pad = r.IntN(4)
	s.planar = c > 1 && r.IntN(6) == 0
	y0, x0 := r.IntN(s.ph-h+1), r.IntN(s.pw-w+1)
	s.crop = image.Rect(x0, y0, x0+w, y0+h)
	s.rawLen = s.ph*s.pc*(s.pw+s.pad) + r.IntN(3)
	return s
}

// denseSpec returns the layout of a plain contiguous h x w x c view.
func denseSpec(h, w, c int) layoutSpec {
	return layoutSpec{ph: h, pw: w, pc: c, h: h, w: w, c: c, crop: image.Rect(0, 0, w, h), rawLen: h * w * c}
}

// view returns the spec's view of raw.
func view[T pixbuf.Sample](t testing.TB, s layoutSpec, raw []T) pixbuf.View[T] {
	t.Helper()
	var parent pixbuf.View[T]
	var err error
	if s.planar {
		plane := s.ph * (s.pw + s.pad)
		parent, err = pixbuf.WrapStrided(raw, 0, s.ph, s.pw, s.pc, s.pw+s.pad, 1, plane)
	} else {
		parent, err = pixbuf.WrapStrided(raw, 0, s.ph, s.pw, s.pc, s.pw*s.pc+s.pad, s.pc, 1)
	}
	if err != nil {
		t.Fatalf("%v: %v", s, err)
	}
	v := parent.Crop(s.crop).ChannelRange(s.c0, s.c0+s.c)
	if s.transpose {
		v = v.Transpose()
	}
	if s.flipH {
		v = v.FlipH()
	}
	if s.flipV {
		v = v.FlipV()
	}
	return v
}

// randRaw returns n random samples. Float samples are small integers, so
// that none is a NaN and equality is exact.
func randRaw[T pixbuf.Sample](r *rand.Rand, n int) []T {
	raw := make([]T, n)
	for i := range raw {
		raw[i] = T(r.IntN(250) + 1)
	}
	return raw
}

// randDim returns a random image side up to max, often 0, 1 or just past a
// kernel block size.
func randDim(r *rand.Rand, max int) int {
	switch r.IntN(8) {
	case 0:
		return r.IntN(2)
	case 1:
		return 31 + r.IntN(4)
	}
	return r.IntN(max + 1)
}

// paths are the kernel families every law is checked on; the automatic
// one uses assembly where the build has it.
var paths = []struct {
	name string
	opt  Option
}{
	{"auto", Option{}},
	{"go", Option{path: pathGo}},
	{"generic", Option{path: pathGeneric}},
}

// workerOpts are the worker counts every law is checked with.
var workerOpts = []struct {
	name string
	opt  Option
}{
	{"seq", Workers(1)},
	{"w3", Workers(3)},
}

// clone returns a copy of raw.
func clone[T any](raw []T) []T { return append([]T(nil), raw...) }

// diffIndex reports the first index where a and b differ, or -1.
func diffIndex[T comparable](a, b []T) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}
