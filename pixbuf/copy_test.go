package pixbuf

import (
	"encoding/binary"
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// copyModel returns buf after copying the samples of the model src onto the
// model dst, as if src were first copied aside: the meaning of CopyFrom.
func copyModel[T Sample](buf []T, dst, src model) []T {
	want := slices.Clone(buf)
	for k := range dst.idx {
		want[dst.idx[k]] = buf[src.idx[k]]
	}
	return want
}

// chainOf applies ops to the parent view and model.
func chainOf[T Sample](v View[T], m model, ops ...op) (View[T], model) {
	for _, o := range ops {
		v, m = applyView(v, o), m.apply(o)
	}
	return v, m
}

// TestCopyFromOverlap copies views onto overlapping views of the same
// buffer (flipped twins, shifted by a row or a column, transposed squares)
// and compares the whole buffer with the model.
func TestCopyFromOverlap(t *testing.T) {
	crop := func(x0, y0, x1, y1 int) op { return op{kind: opCrop, r: image.Rect(x0, y0, x1, y1)} }
	fh, fv, tr := op{kind: opFlipH}, op{kind: opFlipV}, op{kind: opTranspose}
	rot := func(d int) op { return op{kind: opRotate, a: d} }
	tests := []struct {
		name     string
		l        layout
		dst, src []op
	}{
		{"onto its FlipH twin", newLayout(4, 5, 3, 0, 1, 0, 0, 0, 0, 0), nil, []op{fh}},
		{"onto its FlipV twin", newLayout(4, 5, 3, 0, 1, 0, 0, 0, 0, 0), nil, []op{fv}},
		{"onto its FlipH FlipV twin", newLayout(4, 5, 3, 0, 1, 0, 0, 0, 0, 0), nil, []op{fh, fv}},
		{"FlipH twin onto itself", newLayout(4, 5, 3, 0, 1, 0, 0, 0, 0, 0), []op{fh}, nil},
		{"onto its FlipH twin, 1 channel", newLayout(3, 7, 1, 0, 1, 0, 0, 0, 0, 0), nil, []op{fh}},
		{"onto its FlipV twin, padded", newLayout(5, 4, 4, 0, 1, 3, 0, 0, 0, 1), nil, []op{fv}},
		{"onto its Rotate180 twin, planar", newLayout(3, 4, 3, 4, 1, 0, 0, 0, 0, 0), nil, []op{rot(180)}},
		{"down by one row", newLayout(5, 4, 3, 0, 1, 0, 0, 0, 0, 0), []op{crop(0, 1, 4, 5)}, []op{crop(0, 0, 4, 4)}},
		{"up by one row", newLayout(5, 4, 3, 0, 1, 0, 0, 0, 0, 0), []op{crop(0, 0, 4, 4)}, []op{crop(0, 1, 4, 5)}},
		{"right by one column", newLayout(4, 6, 3, 0, 1, 0, 0, 0, 0, 0), []op{crop(1, 0, 6, 4)}, []op{crop(0, 0, 5, 4)}},
		{"left by one column", newLayout(4, 6, 3, 0, 1, 0, 0, 0, 0, 0), []op{crop(0, 0, 5, 4)}, []op{crop(1, 0, 6, 4)}},
		{"right by one column, 1 channel", newLayout(4, 6, 1, 0, 1, 0, 0, 0, 0, 0), []op{crop(1, 0, 6, 4)}, []op{crop(0, 0, 5, 4)}},
		{"down by one row, flipped buffer", newLayout(5, 4, 2, 0, 1, 2, 0, 1, 0, 0), []op{crop(0, 1, 4, 5)}, []op{crop(0, 0, 4, 4)}},
		{"diagonally, padded", newLayout(6, 6, 2, 0, 1, 1, 0, 0, 0, 0), []op{crop(1, 1, 6, 6)}, []op{crop(0, 0, 5, 5)}},
		{"transposed square", newLayout(5, 5, 3, 0, 1, 0, 0, 0, 0, 0), nil, []op{tr}},
		{"transposed square, 1 channel", newLayout(6, 6, 1, 0, 1, 0, 0, 0, 0, 0), nil, []op{tr}},
		{"rotated square", newLayout(4, 4, 2, 0, 1, 0, 0, 0, 0, 0), nil, []op{rot(90)}},
		{"rotated square crop of a wide image", newLayout(4, 7, 3, 0, 1, 0, 0, 0, 0, 0), []op{crop(3, 0, 7, 4)}, []op{crop(1, 0, 5, 4), rot(270)}},
		{"channel onto its neighbour", newLayout(3, 3, 3, 0, 1, 0, 0, 0, 0, 0), []op{{kind: opChannel, a: 1}}, []op{{kind: opChannel, a: 0}}},
		{"RGB window shifted by one channel", newLayout(3, 3, 4, 0, 1, 0, 0, 0, 0, 0), []op{{kind: opChannelRange, a: 1, b: 4}}, []op{{kind: opChannelRange, a: 0, b: 3}}},
		{"onto itself", newLayout(3, 4, 2, 0, 1, 0, 0, 0, 0, 0), nil, nil},
		{"disjoint halves", newLayout(4, 4, 3, 0, 1, 0, 0, 0, 0, 0), []op{crop(0, 0, 4, 2)}, []op{crop(0, 2, 4, 4), fv}},
		{"empty onto empty", newLayout(4, 4, 3, 0, 1, 0, 0, 0, 0, 0), []op{crop(0, 0, 0, 0)}, []op{crop(9, 9, 9, 9)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testCopyOverlap[uint8](t, tt.l, tt.dst, tt.src)
			testCopyOverlap[uint16](t, tt.l, tt.dst, tt.src)
			testCopyOverlap[float32](t, tt.l, tt.dst, tt.src)
		})
	}
}

func testCopyOverlap[T Sample](t *testing.T, l layout, dstOps, srcOps []op) {
	t.Helper()
	buf := fill[T](l.n)
	p := must(WrapStrided(buf, l.off, l.h, l.w, l.c, l.sy, l.sx, l.sc))
	pm := stridedModel(l.off, l.h, l.w, l.c, l.sy, l.sx, l.sc)
	dst, dm := chainOf(p, pm, dstOps...)
	src, sm := chainOf(p, pm, srcOps...)
	want := copyModel(buf, dm, sm)
	if err := dst.CopyFrom(src); err != nil {
		t.Fatalf("%T: CopyFrom(%v) into %v: %v", *new(T), src, dst, err)
	}
	if !slices.Equal(buf, want) {
		t.Errorf("%T: CopyFrom(%v) into %v:\n got %v\nwant %v", *new(T), src, dst, buf, want)
	}
}

// TestCopyFromRandom copies random equally shaped views of one parent onto
// each other, overlapping or not, contiguous, row-contiguous or strided, and
// also between two buffers, and compares with the model.
func TestCopyFromRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	shapeKeeping := []op{{kind: opFlipH}, {kind: opFlipV}, {kind: opRotate, a: 180}}
	n := 500
	if testing.Short() {
		n = 100
	}
	for range n {
		l := randLayout(r, false)
		hh, ww := r.IntN(l.h+1), r.IntN(l.w+1)
		pick := func() []op {
			x, y := r.IntN(l.w-ww+1), r.IntN(l.h-hh+1)
			ops := []op{{kind: opCrop, r: image.Rect(x, y, x+ww, y+hh)}}
			for range r.IntN(3) {
				ops = append(ops, shapeKeeping[r.IntN(3)])
			}
			if hh == ww && r.IntN(2) == 0 {
				ops = append(ops, op{kind: opTranspose})
			}
			return ops
		}
		if hh == 0 || ww == 0 {
			// An empty crop is 0 x 0 whatever its rectangle.
			hh, ww = 0, 0
		}
		dstOps, srcOps := pick(), pick()
		testCopyOverlap[uint8](t, l, dstOps, srcOps)
		if t.Failed() {
			t.Fatalf("parent %+v, dst %v, src %v", l, dstOps, srcOps)
		}
		// Between two buffers: no overlap, any layouts of one shape.
		l2 := newLayout(l.h, l.w, l.c, r.IntN(6), 1+r.IntN(2), r.IntN(2), r.IntN(2), r.IntN(8), 0, 0)
		b1, b2 := fill[float32](l.n), fill[float32](l2.n)
		for i := range b2 {
			b2[i] += 1000
		}
		v1 := must(WrapStrided(b1, l.off, l.h, l.w, l.c, l.sy, l.sx, l.sc))
		v2 := must(WrapStrided(b2, l2.off, l2.h, l2.w, l2.c, l2.sy, l2.sx, l2.sc))
		if Overlap(v1, v2) {
			t.Fatalf("views of two buffers overlap")
		}
		if err := v1.CopyFrom(v2); err != nil || !v1.Equal(v2) {
			t.Fatalf("CopyFrom between buffers %+v and %+v: %v", l, l2, err)
		}
	}
}

// TestOverlap checks Overlap against the model: views whose index ranges
// meet overlap, others do not, and an empty view overlaps nothing.
func TestOverlap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		l := randLayout(r, true)
		buf := fill[uint16](l.n)
		p := must(WrapStrided(buf, l.off, l.h, l.w, l.c, l.sy, l.sx, l.sc))
		pm := stridedModel(l.off, l.h, l.w, l.c, l.sy, l.sx, l.sc)
		var vs [2]View[uint16]
		var ms [2]model
		for k := range vs {
			vs[k], ms[k] = p, pm
			h, w, c := l.h, l.w, l.c
			for range r.IntN(4) {
				o := randOp(r, h, w, c)
				vs[k], ms[k] = applyView(vs[k], o), ms[k].apply(o)
				h, w, c = ms[k].h, ms[k].w, ms[k].c
			}
		}
		want := false
		if len(ms[0].idx) > 0 && len(ms[1].idx) > 0 {
			// The implementation compares index ranges: it is exact for
			// ranges and conservative for the sets inside them.
			want = slices.Min(ms[0].idx) <= slices.Max(ms[1].idx) && slices.Min(ms[1].idx) <= slices.Max(ms[0].idx)
		}
		if got := Overlap(vs[0], vs[1]); got != want {
			t.Fatalf("Overlap(%v, %v) = %v, want %v", vs[0], vs[1], got, want)
		}
		if got := Overlap(vs[1], vs[0]); got != want {
			t.Fatalf("Overlap is not symmetric for %v, %v", vs[0], vs[1])
		}
		if len(ms[0].idx) > 0 && !Overlap(vs[0], vs[0]) {
			t.Fatalf("a non-empty view %v does not overlap itself", vs[0])
		}
	}
}

// TestOverlapAdjacent checks that views overlap when they share a sample,
// and not when they only touch, and that views of distinct buffers or of
// the same bytes through a cast are told apart correctly.
func TestOverlapAdjacent(t *testing.T) {
	b := make([]uint16, 8)
	all := must(Wrap(b, 1, 8, 1))
	left, right := all.Crop(image.Rect(0, 0, 4, 1)), all.Crop(image.Rect(4, 0, 8, 1))
	if Overlap(left, right) {
		t.Errorf("adjacent halves overlap")
	}
	if !Overlap(left, all.Crop(image.Rect(3, 0, 5, 1))) {
		t.Errorf("halves sharing sample 3 do not overlap")
	}
	other := must(Wrap(make([]uint16, 8), 1, 8, 1))
	if Overlap(all, other) {
		t.Errorf("two buffers overlap")
	}
	// The bytes of sample 4 and up, seen as bytes, meet the right half and
	// not the left one.
	bytes := must(Cast[uint8](all, 1, 16, 1))
	hiBytes := must(Cast[uint16](bytes.Crop(image.Rect(8, 0, 16, 1)), 1, 4, 1))
	if Overlap(left, hiBytes) || !Overlap(right, hiBytes) {
		t.Errorf("a cast of the right half's bytes: overlaps left %v, right %v", Overlap(left, hiBytes), Overlap(right, hiBytes))
	}
}

func TestFillAndEqual(t *testing.T) {
	p := must(WrapStrided(fill[float32](40), 3, 3, 4, 2, 12, 2, 1)) // padded rows
	tests := []struct {
		name string
		v    View[float32]
	}{
		{"padded", p},
		{"flipped", p.FlipH().FlipV()},
		{"channel", p.Channel(1)},
		{"transposed", p.Transpose()},
		{"column", p.Col(2)},
		{"empty", p.Crop(image.Rectangle{})},
	}
	for _, tt := range tests {
		before := p.Clone()
		if err := tt.v.Fill(-2.5); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for y := range tt.v.Height() {
			for x := range tt.v.Width() {
				for c := range tt.v.Channels() {
					if tt.v.At(y, x, c) != -2.5 {
						t.Fatalf("%s: sample (%d, %d, %d) not filled", tt.name, y, x, c)
					}
				}
			}
		}
		// Fill touched only the view: restoring it restores the parent.
		n := 0
		for y := range p.Height() {
			for x := range p.Width() {
				for c := range p.Channels() {
					if p.At(y, x, c) != before.At(y, x, c) {
						n++
					}
				}
			}
		}
		if n != tt.v.Len() {
			t.Errorf("%s: Fill changed %d samples, want %d", tt.name, n, tt.v.Len())
		}
		_ = p.CopyFrom(before)
	}

	a := New[float32](2, 2, 1)
	b := a.Clone()
	if !a.Equal(b) || !a.Equal(a.AsReadOnly()) {
		t.Errorf("equal views differ")
	}
	b.Set(1, 1, 0, 1)
	if a.Equal(b) || b.Equal(a) {
		t.Errorf("views differing in one sample are equal")
	}
	if a.Equal(New[float32](1, 4, 1)) || New[float32](0, 2, 1).Equal(New[float32](0, 3, 1)) {
		t.Errorf("views of different shapes are equal")
	}
	nan := New[float32](1, 1, 1)
	nan.Set(0, 0, 0, float32(math.NaN()))
	if nan.Equal(nan) {
		t.Errorf("a NaN sample is equal to itself")
	}
}

// TestBytesNativeOrder checks that Bytes returns the samples row-major in
// the machine's byte order, whatever the strides.
func TestBytesNativeOrder(t *testing.T) {
	v := must(Wrap([]uint16{0x0102, 0x0304, 0x0506, 0x0708}, 2, 2, 1))
	got := v.Transpose().Bytes()
	want := binary.NativeEndian.AppendUint16(nil, 0x0102)
	want = binary.NativeEndian.AppendUint16(want, 0x0506)
	want = binary.NativeEndian.AppendUint16(want, 0x0304)
	want = binary.NativeEndian.AppendUint16(want, 0x0708)
	if !slices.Equal(got, want) {
		t.Errorf("Bytes of the transpose = %x, want %x", got, want)
	}
	f := must(Wrap([]float32{1.5, -2}, 1, 2, 1)).FlipH().Bytes()
	if math.Float32frombits(binary.NativeEndian.Uint32(f)) != -2 || math.Float32frombits(binary.NativeEndian.Uint32(f[4:])) != 1.5 {
		t.Errorf("Bytes of a flipped float32 view = %x", f)
	}
	if b := (View[uint8]{}).Bytes(); b == nil || len(b) != 0 {
		t.Errorf("Bytes of the zero view = %#v, want empty non-nil", b)
	}
}

// TestClone checks that Clone and Contiguous copy exactly when they must.
func TestClone(t *testing.T) {
	p := New[uint8](3, 4, 3)
	for _, v := range []View[uint8]{p, p.Row(1), p.Crop(image.Rect(0, 1, 4, 3)), p.Row(2).Col(3)} {
		c := v.Contiguous()
		if !Overlap(c, v) && v.Len() > 0 {
			t.Errorf("Contiguous of contiguous %v copied", v)
		}
	}
	for _, v := range []View[uint8]{p.FlipH(), p.Col(1), p.Channel(2), p.Transpose()} {
		if c := v.Contiguous(); Overlap(c, v) || !c.IsContiguous() || !c.Equal(v) {
			t.Errorf("Contiguous of %v = %v shares memory or differs", v, c)
		}
		c := v.Clone()
		c.Set(0, 0, 0, 77)
		if v.At(0, 0, 0) == 77 {
			t.Errorf("a write to the clone of %v reached the original", v)
		}
	}
}

// TestReshapeAndCastShareMemory checks the successful cases: a reshape or a
// cast is a view of the same samples with the read-only flag kept.
func TestReshapeAndCastShareMemory(t *testing.T) {
	v := must(Wrap(fill[uint16](12), 2, 3, 2))
	r := must(v.Reshape(3, 4, 1))
	if r.At(2, 3, 0) != v.At(1, 2, 1) || !r.IsContiguous() {
		t.Errorf("Reshape moved samples: %v", r)
	}
	r.Set(0, 1, 0, 999)
	if v.At(0, 0, 1) != 999 {
		t.Errorf("a write through the reshaped view is not seen")
	}
	if !must(v.AsReadOnly().Reshape(12, 1, 1)).ReadOnly() {
		t.Errorf("Reshape dropped read-only")
	}
	b := must(Cast[uint8](v, 2, 3, 4))
	if got, want := b.Bytes(), v.Bytes(); !slices.Equal(got, want) {
		t.Errorf("Cast to bytes = %x, want %x", got, want)
	}
	b.Set(0, 0, 0, 0xff)
	b.Set(0, 0, 1, 0xff)
	if v.At(0, 0, 0) != 0xffff {
		t.Errorf("a write through the byte cast is not seen: %#x", v.At(0, 0, 0))
	}
	back := must(Cast[uint16](b, 2, 3, 2))
	if !back.Equal(v) {
		t.Errorf("casting back does not give the original")
	}
	if !must(Cast[float32](v.AsReadOnly(), 6, 1, 1)).ReadOnly() {
		t.Errorf("Cast dropped read-only")
	}
	if f := must(Cast[float32](must(Wrap([]uint8{0, 0, 0x80, 0x3f}, 1, 4, 1)), 1, 1, 1)); binary.NativeEndian.Uint32([]byte{0, 0, 0x80, 0x3f}) == math.Float32bits(1) && f.At(0, 0, 0) != 1 {
		t.Errorf("bytes of 1.0 cast to float32 = %v", f.At(0, 0, 0))
	}
}
