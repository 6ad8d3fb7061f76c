package ops

import (
	"image"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// FuzzOps runs one op on one view of a padded parent, both chosen by the
// fuzzer, and checks the op's law against the view twin and that no sample
// of the parent outside the view changed. Its seed corpus is in
// testdata/fuzz/FuzzOps.
func FuzzOps(f *testing.F) {
	f.Add(uint8(7), uint8(40), uint8(2), uint8(1), uint8(1), uint8(39), uint8(6), uint8(0), uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, h, w, c, x0, y0, x1, y1, flags, op, workers uint8) {
		H, W, C := int(h%48), int(w%48), int(c%4)+1
		pad := int(flags>>5) & 3
		raw := make([]uint16, H*(W*C+pad)+1)
		for i := range raw {
			raw[i] = uint16(i*31 + 7)
		}
		parent, err := pixbuf.WrapStrided(raw, 0, H, W, C, W*C+pad, C, 1)
		if err != nil {
			t.Fatal(err)
		}
		v := parent.Crop(image.Rect(int(x0)%(W+1), int(y0)%(H+1), int(x1)%(W+1), int(y1)%(H+1)).Canon())
		if flags&1 != 0 {
			v = v.FlipH()
		}
		if flags&2 != 0 {
			v = v.FlipV()
		}
		if flags&4 != 0 {
			v = v.Transpose()
		}
		if flags&8 != 0 && C > 1 {
			v = v.ChannelRange(1, C)
		}
		opts := []Option{Workers(int(workers % 4))}
		if flags&16 != 0 {
			opts = append(opts, Option{path: pathGeneric})
		}
		vh, vw, vc := v.Shape()
		square := vh == vw && flags&128 != 0

		// want is the parent's buffer after the op: the view's region (or
		// nothing, for an op writing elsewhere) replaced by the twin.
		want := clone(raw)
		wantView := func(s pixbuf.View[uint16]) pixbuf.View[uint16] { return rebase(t, s, raw, want) }
		var dst pixbuf.View[uint16] // a destination outside the parent, if any
		var dstWant pixbuf.View[uint16]
		var do func() error
		switch op % 9 {
		case 0:
			copyInto(t, wantView(v), v.FlipH())
			do = func() error { return FlipH(v, opts...) }
		case 1:
			copyInto(t, wantView(v), v.FlipV())
			do = func() error { return FlipV(v, opts...) }
		case 2:
			copyInto(t, wantView(v), v.Rotate(180))
			do = func() error { return Rotate180(v, opts...) }
		case 3, 4, 5:
			deg := []int{-1, 90, 270}[op%9-3]
			twin := v.Transpose()
			if deg > 0 {
				twin = v.Rotate(deg)
			}
			run := map[int]func(d, s pixbuf.View[uint16], o ...Option) error{-1: Transpose[uint16], 90: Rotate90[uint16], 270: Rotate270[uint16]}[deg]
			if square {
				copyInto(t, wantView(v), twin)
				do = func() error { return run(v, v, opts...) }
			} else {
				dst, dstWant = pixbuf.New[uint16](vw, vh, vc), twin.Clone()
				do = func() error { return run(dst, v, opts...) }
			}
		case 6:
			i := int(flags>>5) % vc
			dst, dstWant = pixbuf.New[uint16](vh, vw, 1), v.Channel(i).Clone()
			do = func() error { return ExtractChannel(dst, v, i, opts...) }
		case 7:
			i, j := 0, vc-1
			copyInto(t, wantView(v).Channel(i), v.Channel(j))
			copyInto(t, wantView(v).Channel(j), v.Channel(i))
			do = func() error { return SwapChannels(v, i, j, opts...) }
		case 8:
			perm := make([]int, vc)
			for k := range perm {
				perm[k] = (k + 1) % vc
				copyInto(t, wantView(v).Channel(k), v.Channel(perm[k]))
			}
			do = func() error { return Permute(v, perm, opts...) }
		}
		if err := do(); err != nil {
			t.Fatalf("op %d on %v: %v", op%9, v, err)
		}
		if i := diffIndex(raw, want); i >= 0 {
			t.Fatalf("op %d on %v: parent sample %d is %d, want %d", op%9, v, i, raw[i], want[i])
		}
		if dstWant.Len() > 0 && !dst.Equal(dstWant) {
			t.Fatalf("op %d on %v: destination is not the twin", op%9, v)
		}
	})
}

// rebase returns the view of buffer to with the layout that s has in from.
func rebase(t *testing.T, s pixbuf.View[uint16], from, to []uint16) pixbuf.View[uint16] {
	t.Helper()
	buf, off := s.Raw()
	if len(buf) > 0 && &buf[0] != &from[0] {
		t.Fatal("rebase: view not on the parent")
	}
	h, w, c := s.Shape()
	sy, sx, sc := s.Strides()
	r, err := pixbuf.WrapStrided(to, off, h, w, c, sy, sx, sc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// copyInto copies a clone of src into dst, so that it is taken before any
// change to the buffers.
func copyInto(t *testing.T, dst, src pixbuf.View[uint16]) {
	t.Helper()
	if err := dst.CopyFrom(src.Clone()); err != nil {
		t.Fatal(err)
	}
}
