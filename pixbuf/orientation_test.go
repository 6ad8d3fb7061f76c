package pixbuf

import (
	"math/rand/v2"
	"testing"
)

// all8 lists the eight orientations in EXIF order.
var all8 = []Orientation{Identity, FlipHorizontal, Rotate180, FlipVertical, Transpose, Rotate90, Transverse, Rotate270}

// sameWindow reports whether two views are the same window onto one
// buffer: shape, strides and offset alike.
func sameWindow[T Sample](a, b View[T]) bool {
	return a.h == b.h && a.w == b.w && a.c == b.c && a.sy == b.sy && a.sx == b.sx && a.sc == b.sc && a.off == b.off
}

// randomViews returns views of random shapes over padded buffers, flipped
// and transposed at random, empty ones included.
func randomViews(r *rand.Rand, n int) []View[uint8] {
	var vs []View[uint8]
	for range n {
		h, w, c := r.IntN(6), r.IntN(6), 1+r.IntN(4)
		pad := r.IntN(3)
		buf := make([]uint8, (h+pad)*(w+pad)*c+r.IntN(5))
		v, err := WrapStrided(buf, pad*c, h, w, c, (w+pad)*c, c, 1)
		if err != nil {
			panic(err)
		}
		if r.IntN(2) == 0 {
			v = v.FlipV()
		}
		if r.IntN(2) == 0 {
			v = v.Transpose()
		}
		vs = append(vs, v)
	}
	return vs
}

// TestOrientationViews checks each orientation against the view chain
// that defines it, and the EXIF meaning of each value: 6 is a quarter turn
// clockwise, 8 counter-clockwise, 7 the transverse.
func TestOrientationViews(t *testing.T) {
	chains := map[Orientation]func(View[uint8]) View[uint8]{
		Identity:       func(v View[uint8]) View[uint8] { return v },
		FlipHorizontal: View[uint8].FlipH,
		Rotate180:      func(v View[uint8]) View[uint8] { return v.Rotate(180) },
		FlipVertical:   View[uint8].FlipV,
		Transpose:      View[uint8].Transpose,
		Rotate90:       func(v View[uint8]) View[uint8] { return v.Rotate(90) },
		Transverse:     func(v View[uint8]) View[uint8] { return v.Rotate(90).FlipV() },
		Rotate270:      func(v View[uint8]) View[uint8] { return v.Rotate(270) },
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, v := range randomViews(r, 300) {
		for _, o := range all8 {
			got, want := v.Orient(o), chains[o](v)
			if !got.Equal(want) || got.h != want.h || got.w != want.w {
				t.Fatalf("%v of a %dx%dx%d view: not the view chain that defines it", o, v.h, v.w, v.c)
			}
		}
	}
	// EXIF 6 on a 2x3 image: the stored top-left pixel shows at the
	// top-right; EXIF 8: at the bottom-left; EXIF 7: at the bottom-right.
	v := New[uint8](2, 3, 1)
	v.Set(0, 0, 0, 9)
	for tag, at := range map[int][2]int{1: {0, 0}, 2: {0, 2}, 3: {1, 2}, 4: {1, 0}, 5: {0, 0}, 6: {0, 1}, 7: {2, 1}, 8: {2, 0}} {
		o, ok := OrientationFromEXIF(tag)
		if !ok || o.EXIF() != tag {
			t.Fatalf("EXIF %d: got %v (ok %v), back to %d", tag, o, ok, o.EXIF())
		}
		if d := v.Orient(o); d.At(at[0], at[1], 0) != 9 {
			t.Errorf("EXIF %d (%v): the stored top-left pixel is not at (y, x) = %v", tag, o, at)
		}
	}
	for _, tag := range []int{-1, 0, 9, 255} {
		if o, ok := OrientationFromEXIF(tag); ok || o != Identity {
			t.Errorf("OrientationFromEXIF(%d) = %v, %v; want Identity, false", tag, o, ok)
		}
	}
}

// TestOrientationGroup checks the group laws on views: Then is
// composition of view chains, Inverse undoes, Identity is neutral, the
// table is closed and associative, and SwapsAxes says when width and
// height trade places.
func TestOrientationGroup(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vs := randomViews(r, 60)
	seen := map[Orientation]bool{}
	for _, o := range all8 {
		seen[o] = true
		if o.Then(o.Inverse()) != Identity || o.Inverse().Then(o) != Identity {
			t.Errorf("%v: Inverse %v does not undo it", o, o.Inverse())
		}
		if Identity.Then(o) != o || o.Then(Identity) != o {
			t.Errorf("%v: Identity is not neutral", o)
		}
		for _, p := range all8 {
			op := o.Then(p)
			if op > 7 {
				t.Fatalf("%v then %v = %d: not an orientation", o, p, op)
			}
			for _, q := range all8 {
				if op.Then(q) != o.Then(p.Then(q)) {
					t.Fatalf("(%v then %v) then %v differs from %v then (%v then %v)", o, p, q, o, p, q)
				}
			}
			for _, v := range vs {
				if !sameWindow(v.Orient(op), v.Orient(o).Orient(p)) {
					t.Fatalf("%v then %v = %v: not the composed views", o, p, op)
				}
			}
		}
		for _, v := range vs {
			h, w, _ := v.Orient(o).Shape()
			if swapped := h != v.h || w != v.w; swapped && !o.SwapsAxes() || !swapped && o.SwapsAxes() && v.h != v.w {
				t.Fatalf("%v: SwapsAxes %v, but %dx%d became %dx%d", o, o.SwapsAxes(), v.h, v.w, h, w)
			}
		}
	}
	if len(seen) != 8 {
		t.Fatalf("%d distinct orientations, want 8", len(seen))
	}
	if Rotate90.Then(Rotate90) != Rotate180 || Rotate90.Then(Rotate180) != Rotate270 || Rotate90.Inverse() != Rotate270 {
		t.Error("quarter turns do not add up")
	}
	if FlipHorizontal.Then(Transpose) == Transpose.Then(FlipHorizontal) {
		t.Error("the group is not abelian, but Then says mirror and transpose commute")
	}
}

func TestOrientationString(t *testing.T) {
	want := []string{"identity", "flip-horizontal", "rotate-180", "flip-vertical", "transpose", "rotate-90", "transverse", "rotate-270"}
	for i, o := range all8 {
		if o.String() != want[i] {
			t.Errorf("EXIF %d: String() = %q, want %q", i+1, o.String(), want[i])
		}
	}
	if s := Orientation(9).String(); s != "Orientation(9)" {
		t.Errorf("Orientation(9).String() = %q", s)
	}
}
