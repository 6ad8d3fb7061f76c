package ops

import (
	"math/rand/v2"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// TestFastPathsMatchGeneric runs every op through the generic strided
// kernels and through each fast path on identical buffers and compares the
// buffers whole, as image/draw's tests compare their fast paths with the
// slow one. The layouts are the ones fast kernels take: contiguous rows of
// 1 to 4 channels, widths around the SIMD block sizes.
func TestFastPathsMatchGeneric(t *testing.T) {
	t.Run("uint8", fastMatchesGeneric[uint8])
	t.Run("uint16", fastMatchesGeneric[uint16])
	t.Run("float32", fastMatchesGeneric[float32])
}

func fastMatchesGeneric[T pixbuf.Sample](t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	generic := Option{path: pathGeneric}
	for it := 0; it < 40; it++ {
		h, w, c := 1+r.IntN(40), 1+r.IntN(120), 1+r.IntN(4)
		s := denseSpec(h, w, c)
		if it%2 == 1 {
			s = randSpec(r, h, w, c)
		}
		raw := randRaw[T](r, s.rawLen)
		for _, op := range inPlaceOps[T]() {
			_, do := op.prepare(r, c)
			want := clone(raw)
			if err := do(view(t, s, want), generic); err != nil {
				t.Fatal(err)
			}
			for _, p := range paths[:2] {
				got := clone(raw)
				if err := do(view(t, s, got), p.opt); err != nil {
					t.Fatal(err)
				}
				if i := diffIndex(got, want); i >= 0 {
					t.Fatalf("%s %s on %v: sample %d is %v, generic gives %v", op.name, p.name, s, i, got[i], want[i])
				}
			}
		}
		for _, op := range quarterOps[T]() {
			want := pixbuf.New[T](w, h, c)
			if err := op.do(want, view(t, s, raw), generic); err != nil {
				t.Fatal(err)
			}
			for _, p := range paths[:2] {
				got := pixbuf.New[T](w, h, c)
				if err := op.do(got, view(t, s, raw), p.opt); err != nil {
					t.Fatal(err)
				}
				if !got.Equal(want) {
					t.Fatalf("%s %s on %v: differs from generic", op.name, p.name, s)
				}
			}
		}
		i := r.IntN(c)
		want := pixbuf.New[T](h, w, 1)
		if err := ExtractChannel(want, view(t, s, raw), i, generic); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths[:2] {
			got := pixbuf.New[T](h, w, 1)
			if err := ExtractChannel(got, view(t, s, raw), i, p.opt); err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Fatalf("ExtractChannel %d %s on %v: differs from generic", i, p.name, s)
			}
		}
	}
}
