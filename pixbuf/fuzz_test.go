package pixbuf

import (
	"errors"
	"fmt"
	"image"
	"math"
	"math/big"
	"strconv"
	"testing"
)

// decodeChain turns fuzz bytes into a parent layout and a chain of at most
// 16 ops. The first 10 bytes give the layout (see newLayout), then each op
// takes 5 bytes: its kind and four small signed arguments, which may be out
// of range so that index panics are exercised too.
func decodeChain(data []byte) (layout, []op) {
	i := 0
	next := func() int {
		if i >= len(data) {
			return 0
		}
		i++
		return int(data[i-1])
	}
	small := func() int { return int(int8(next())) % 10 } // -9..9
	l := newLayout(next()%8, next()%8, next()%6, next()%6, 1+next()%2, next()%3, next()%3, next()%8, next()%4, next()%3)
	var ops []op
	for i < len(data) && len(ops) < 16 {
		o := op{kind: opKind(next() % int(numOps))}
		a, b, c, d := small(), small(), small(), small()
		switch o.kind {
		case opCrop:
			o.r = image.Rectangle{Min: image.Pt(a, b), Max: image.Pt(c, d)}
		case opRotate:
			o.a = 90*a + b%2*45 // sometimes not a multiple of 90
		default:
			o.a, o.b = a, b
		}
		ops = append(ops, o)
	}
	return l, ops
}

// FuzzViewChain decodes a parent view and a chain of view operations from
// the input and checks every step against the reference model, for each
// sample type. A valid op must not panic; an op with an index out of range
// must panic, and is then skipped.
func FuzzViewChain(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{4, 5, 3, 0, 1, 0, 0, 0, 0, 0, byte(opFlipH), 0, 0, 0, 0})
	f.Add([]byte{7, 6, 4, 3, 2, 2, 1, 7, 0, 2, byte(opCrop), 1, 1, 5, 4, byte(opRotate), 1, 0, 0, 0, byte(opChannelRange), 1, 3, 0, 0})
	f.Add([]byte{3, 3, 1, 5, 1, 0, 0, 5, 2, 1, byte(opTranspose), 0, 0, 0, 0, byte(opRow), 2, 0, 0, 0, byte(opReadOnly), 0, 0, 0, 0})
	f.Add([]byte{6, 2, 5, 1, 1, 1, 1, 3, 3, 0, byte(opChannel), 9, 0, 0, 0, byte(opCol), 255, 0, 0, 0, byte(opFlipV), 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		l, ops := decodeChain(data)
		for _, run := range []func(layout, []op) error{fuzzChain[uint8], fuzzChain[uint16], fuzzChain[float32]} {
			if err := run(l, ops); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// fuzzChain is runChain for ops that may be invalid: those must panic and
// are dropped.
func fuzzChain[T Sample](l layout, ops []op) error {
	v := must(WrapStrided(fill[T](l.n), l.off, l.h, l.w, l.c, l.sy, l.sx, l.sc))
	var valid []op
	for _, o := range ops {
		h, w, c := v.Shape()
		if o.valid(h, w, c) {
			valid = append(valid, o)
			v = applyView(v, o)
		} else if !panics(func() { applyView(v, o) }) {
			return fmt.Errorf("%v on shape [%d %d %d] did not panic", o, h, w, c)
		}
	}
	return runChain[T](l, valid)
}

// FuzzWrapStrided checks WrapStrided's bounds proof against arbitrary-size
// arithmetic: it accepts a layout exactly when every reachable index lies in
// the buffer and the sizes fit in an int, and every sample of an accepted
// view can then be read and written.
func FuzzWrapStrided(f *testing.F) {
	f.Add(uint16(24), int64(0), int64(2), int64(4), int64(3), int64(12), int64(3), int64(1))
	f.Add(uint16(24), int64(23), int64(2), int64(4), int64(3), int64(-12), int64(-3), int64(-1))
	f.Add(uint16(1), int64(0), int64(1<<32), int64(1<<32), int64(1), int64(0), int64(0), int64(0))
	f.Add(uint16(24), int64(0), int64(3), int64(1), int64(1), int64(math.MaxInt64/2+1), int64(0), int64(0))
	f.Add(uint16(24), int64(5), int64(2), int64(1), int64(1), int64(math.MaxInt64-2), int64(0), int64(0))
	f.Add(uint16(10), int64(10), int64(0), int64(4), int64(3), int64(100), int64(-50), int64(7))
	f.Add(uint16(10), int64(-1), int64(1), int64(1), int64(1), int64(0), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, n uint16, off, h, w, c, sy, sx, sc int64) {
		if strconv.IntSize < 64 {
			t.Skip("int is narrower than int64")
		}
		buf := make([]uint16, n%4096)
		v, err := WrapStrided(buf, int(off), int(h), int(w), int(c), int(sy), int(sx), int(sc))
		want := wrapStridedOK(len(buf), 2, off, h, w, c, sy, sx, sc)
		if (err == nil) != want {
			t.Fatalf("WrapStrided(len %d, off %d, [%d %d %d], [%d %d %d]): error %v, want ok %v",
				len(buf), off, h, w, c, sy, sx, sc, err, want)
		}
		if err != nil {
			if !errors.Is(err, ErrShape) && !errors.Is(err, ErrBounds) {
				t.Fatalf("error %v wraps neither ErrShape nor ErrBounds", err)
			}
			return
		}
		if v.Len() == 0 {
			return
		}
		// The extreme indices are reached at the corners; check those, and
		// every sample of a small view.
		for _, y := range []int{0, v.Height() - 1} {
			for _, x := range []int{0, v.Width() - 1} {
				for _, c := range []int{0, v.Channels() - 1} {
					v.Set(y, x, c, v.At(y, x, c)+1)
				}
			}
		}
		if v.Len() <= 1<<12 {
			if err := v.Fill(9); err != nil || !v.Equal(v.Clone()) {
				t.Fatalf("Fill or Clone of an accepted view failed: %v", err)
			}
		}
	})
}

// wrapStridedOK is the reference for WrapStrided's decision, in arbitrary
// precision: sizes are non-negative, h*w*c*size fits in an int, and an empty
// view's offset lies in [0, n] while a non-empty view's lowest and highest
// reachable indices lie in [0, n).
func wrapStridedOK(n, size int, off, h, w, c, sy, sx, sc int64) bool {
	if h < 0 || w < 0 || c < 0 {
		return false
	}
	nb := new(big.Int).Mul(big.NewInt(h), big.NewInt(w))
	nb.Mul(nb, big.NewInt(c)).Mul(nb, big.NewInt(int64(size)))
	if nb.Cmp(big.NewInt(math.MaxInt)) > 0 {
		return false
	}
	if h == 0 || w == 0 || c == 0 {
		return off >= 0 && off <= int64(n)
	}
	lo, hi := big.NewInt(off), big.NewInt(off)
	for _, a := range [][2]int64{{h, sy}, {w, sx}, {c, sc}} {
		d := new(big.Int).Mul(big.NewInt(a[0]-1), big.NewInt(a[1]))
		if d.Sign() < 0 {
			lo.Add(lo, d)
		} else {
			hi.Add(hi, d)
		}
	}
	return lo.Sign() >= 0 && hi.Cmp(big.NewInt(int64(n))) < 0
}
