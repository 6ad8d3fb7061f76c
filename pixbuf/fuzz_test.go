package pixbuf

import (
	"fmt"
	"image"
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
