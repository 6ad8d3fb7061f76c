package ops

import (
	"errors"
	"image"
	"math/rand/v2"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// The laws: an op leaves its destination equal to the view twin of its
// source cloned beforehand, and every other sample of the backing buffers
// as it was. Each case compares whole backing buffers, padding included,
// so a write outside the view fails it too. Every case runs on each kernel
// path (assembly, fast Go, generic) and sequentially and in bands.

// lawIters is the number of random layouts per sample type and op.
const lawIters = 60

// inPlaceOp is an in-place op with its view twin.
type inPlaceOp[T pixbuf.Sample] struct {
	name string
	// prepare draws the op's random parameters for a view of c channels
	// and returns the twin and the op.
	prepare func(r *rand.Rand, c int) (twin func(pixbuf.View[T]) pixbuf.View[T], do func(pixbuf.View[T], ...Option) error)
}

func fixed[T pixbuf.Sample](twin func(pixbuf.View[T]) pixbuf.View[T], do func(pixbuf.View[T], ...Option) error) func(*rand.Rand, int) (func(pixbuf.View[T]) pixbuf.View[T], func(pixbuf.View[T], ...Option) error) {
	return func(*rand.Rand, int) (func(pixbuf.View[T]) pixbuf.View[T], func(pixbuf.View[T], ...Option) error) {
		return twin, do
	}
}

// permuted returns the twin of Permute(v, perm): channel k of the result is
// channel perm[k] of v.
func permuted[T pixbuf.Sample](perm []int) func(pixbuf.View[T]) pixbuf.View[T] {
	return func(v pixbuf.View[T]) pixbuf.View[T] {
		h, w, c := v.Shape()
		out := pixbuf.New[T](h, w, c)
		for k, p := range perm {
			if err := out.Channel(k).CopyFrom(v.Channel(p)); err != nil {
				panic(err)
			}
		}
		return out
	}
}

func inPlaceOps[T pixbuf.Sample]() []inPlaceOp[T] {
	return []inPlaceOp[T]{
		{"FlipH", fixed(pixbuf.View[T].FlipH, FlipH[T])},
		{"FlipV", fixed(pixbuf.View[T].FlipV, FlipV[T])},
		{"Rotate180", fixed(func(v pixbuf.View[T]) pixbuf.View[T] { return v.Rotate(180) }, Rotate180[T])},
		{"SwapChannels", func(r *rand.Rand, c int) (func(pixbuf.View[T]) pixbuf.View[T], func(pixbuf.View[T], ...Option) error) {
			i, j := r.IntN(c), r.IntN(c)
			perm := make([]int, c)
			for k := range perm {
				perm[k] = k
			}
			perm[i], perm[j] = j, i
			return permuted[T](perm), func(v pixbuf.View[T], o ...Option) error { return SwapChannels(v, i, j, o...) }
		}},
		{"Permute", func(r *rand.Rand, c int) (func(pixbuf.View[T]) pixbuf.View[T], func(pixbuf.View[T], ...Option) error) {
			perm := r.Perm(c)
			return permuted[T](perm), func(v pixbuf.View[T], o ...Option) error { return Permute(v, perm, o...) }
		}},
	}
}

func TestInPlaceLaws(t *testing.T) {
	t.Run("uint8", inPlaceLaws[uint8])
	t.Run("uint16", inPlaceLaws[uint16])
	t.Run("float32", inPlaceLaws[float32])
}

func inPlaceLaws[T pixbuf.Sample](t *testing.T) {
	r := rand.New(rand.NewPCG(1, 3))
	for _, op := range inPlaceOps[T]() {
		for it := 0; it < lawIters; it++ {
			h, w, c := randDim(r, 40), randDim(r, 40), 1+r.IntN(4)
			if it%10 == 0 {
				h, w = 1+r.IntN(3), 60+r.IntN(400) // long rows through the SIMD blocks (192-byte VBMI steps)
			}
			s := randSpec(r, h, w, c)
			raw := randRaw[T](r, s.rawLen)
			twin, do := op.prepare(r, c)
			for _, p := range paths {
				for _, wk := range workerOpts {
					got, want := clone(raw), clone(raw)
					v := view(t, s, got)
					tw := twin(v).Clone()
					if err := view(t, s, want).CopyFrom(tw); err != nil {
						t.Fatal(err)
					}
					if err := do(v, p.opt, wk.opt); err != nil {
						t.Fatalf("%s %s/%s %v: %v", op.name, p.name, wk.name, s, err)
					}
					if i := diffIndex(got, want); i >= 0 {
						t.Fatalf("%s %s/%s on %v (view %v): sample %d of the buffer is %v, want %v",
							op.name, p.name, wk.name, s, v, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// quarterOp is a transpose or quarter turn with its view twin.
type quarterOp[T pixbuf.Sample] struct {
	name string
	twin func(pixbuf.View[T]) pixbuf.View[T]
	do   func(dst, src pixbuf.View[T], opts ...Option) error
}

func quarterOps[T pixbuf.Sample]() []quarterOp[T] {
	return []quarterOp[T]{
		{"Transpose", pixbuf.View[T].Transpose, Transpose[T]},
		{"Rotate90", func(v pixbuf.View[T]) pixbuf.View[T] { return v.Rotate(90) }, Rotate90[T]},
		{"Rotate270", func(v pixbuf.View[T]) pixbuf.View[T] { return v.Rotate(270) }, Rotate270[T]},
	}
}

func TestQuarterTurnLaws(t *testing.T) {
	t.Run("uint8", quarterLaws[uint8])
	t.Run("uint16", quarterLaws[uint16])
	t.Run("float32", quarterLaws[float32])
}

func quarterLaws[T pixbuf.Sample](t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	for _, op := range quarterOps[T]() {
		for it := 0; it < lawIters; it++ {
			h, w, c := randDim(r, 70), randDim(r, 70), 1+r.IntN(4)
			ss, ds := randSpec(r, h, w, c), randSpec(r, w, h, c)
			if it%3 == 0 {
				ds = denseSpec(w, h, c)
			}
			sraw, draw := randRaw[T](r, ss.rawLen), randRaw[T](r, ds.rawLen)
			for _, p := range paths {
				for _, wk := range workerOpts {
					gotS, gotD, wantD := clone(sraw), clone(draw), clone(draw)
					src, dst := view(t, ss, gotS), view(t, ds, gotD)
					if err := view(t, ds, wantD).CopyFrom(op.twin(src).Clone()); err != nil {
						t.Fatal(err)
					}
					if err := op.do(dst, src, p.opt, wk.opt); err != nil {
						t.Fatalf("%s %s/%s %v -> %v: %v", op.name, p.name, wk.name, ss, ds, err)
					}
					if i := diffIndex(gotD, wantD); i >= 0 {
						t.Fatalf("%s %s/%s %v -> %v: dst sample %d is %v, want %v", op.name, p.name, wk.name, ss, ds, i, gotD[i], wantD[i])
					}
					if i := diffIndex(gotS, sraw); i >= 0 {
						t.Fatalf("%s %s/%s %v: src sample %d changed", op.name, p.name, wk.name, ss, i)
					}
				}
			}
		}
	}
}

func TestQuarterTurnInPlaceLaws(t *testing.T) {
	t.Run("uint8", quarterInPlaceLaws[uint8])
	t.Run("uint16", quarterInPlaceLaws[uint16])
	t.Run("float32", quarterInPlaceLaws[float32])
}

func quarterInPlaceLaws[T pixbuf.Sample](t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, op := range quarterOps[T]() {
		for it := 0; it < lawIters/2; it++ {
			n, c := randDim(r, 80), 1+r.IntN(4)
			s := randSpec(r, n, n, c)
			raw := randRaw[T](r, s.rawLen)
			for _, p := range paths {
				for _, wk := range workerOpts {
					got, want := clone(raw), clone(raw)
					v := view(t, s, got)
					if err := view(t, s, want).CopyFrom(op.twin(v).Clone()); err != nil {
						t.Fatal(err)
					}
					if err := op.do(v, v, p.opt, wk.opt); err != nil {
						t.Fatalf("%s in place %s/%s %v: %v", op.name, p.name, wk.name, s, err)
					}
					if i := diffIndex(got, want); i >= 0 {
						t.Fatalf("%s in place %s/%s %v: sample %d is %v, want %v", op.name, p.name, wk.name, s, i, got[i], want[i])
					}
				}
			}
		}
	}
}

func TestChannelLaws(t *testing.T) {
	t.Run("uint8", channelLaws[uint8])
	t.Run("uint16", channelLaws[uint16])
	t.Run("float32", channelLaws[float32])
}

func channelLaws[T pixbuf.Sample](t *testing.T) {
	r := rand.New(rand.NewPCG(4, 3))
	for it := 0; it < lawIters; it++ {
		h, w, c := randDim(r, 40), randDim(r, 40), 1+r.IntN(4)
		ss := randSpec(r, h, w, c)
		sraw := randRaw[T](r, ss.rawLen)
		// The planes: c separate random layouts, or the channels of one
		// random c-channel layout.
		pspecs := make([]layoutSpec, c)
		for k := range pspecs {
			pspecs[k] = randSpec(r, h, w, 1)
		}
		interleaved := r.IntN(2) == 0
		ispec := randSpec(r, h, w, c)
		planeRaws := func() [][]T {
			if interleaved {
				return [][]T{randRaw[T](rand.New(rand.NewPCG(uint64(it), 9)), ispec.rawLen)}
			}
			out := make([][]T, c)
			for k := range out {
				out[k] = randRaw[T](rand.New(rand.NewPCG(uint64(it), uint64(k))), pspecs[k].rawLen)
			}
			return out
		}
		planes := func(raws [][]T) []pixbuf.View[T] {
			out := make([]pixbuf.View[T], c)
			for k := range out {
				if interleaved {
					out[k] = view(t, ispec, raws[0]).Channel(k)
				} else {
					out[k] = view(t, pspecs[k], raws[k])
				}
			}
			return out
		}
		for _, p := range paths {
			for _, wk := range workerOpts {
				where := func(op string) string { return op + " " + p.name + "/" + wk.name + " " + ss.String() }

				// ExtractChannel into the first plane.
				i := r.IntN(c)
				gotS := clone(sraw)
				got, want := planeRaws(), planeRaws()
				src := view(t, ss, gotS)
				if err := planes(want)[0].CopyFrom(src.Channel(i).Clone()); err != nil {
					t.Fatal(err)
				}
				if err := ExtractChannel(planes(got)[0], src, i, p.opt, wk.opt); err != nil {
					t.Fatalf("%s: %v", where("ExtractChannel"), err)
				}
				checkRaws(t, where("ExtractChannel"), got, want)
				checkRaws(t, where("ExtractChannel src"), [][]T{gotS}, [][]T{sraw})

				// Split into all planes.
				got, want = planeRaws(), planeRaws()
				for k, pl := range planes(want) {
					if err := pl.CopyFrom(src.Channel(k).Clone()); err != nil {
						t.Fatal(err)
					}
				}
				if err := Split(planes(got), src, p.opt, wk.opt); err != nil {
					t.Fatalf("%s: %v", where("Split"), err)
				}
				checkRaws(t, where("Split"), got, want)
				checkRaws(t, where("Split src"), [][]T{gotS}, [][]T{sraw})

				// Merge the planes (in a random order, one maybe twice) into src.
				order := make([]int, c)
				for k := range order {
					order[k] = r.IntN(c)
				}
				pr := planeRaws()
				pls := planes(pr)
				srcs := make([]pixbuf.View[T], c)
				for k, o := range order {
					srcs[k] = pls[o]
				}
				gotD, wantD := clone(sraw), clone(sraw)
				wv := view(t, ss, wantD)
				for k := range srcs {
					if err := wv.Channel(k).CopyFrom(srcs[k].Clone()); err != nil {
						t.Fatal(err)
					}
				}
				if err := Merge(view(t, ss, gotD), srcs, p.opt, wk.opt); err != nil {
					t.Fatalf("%s: %v", where("Merge"), err)
				}
				checkRaws(t, where("Merge"), [][]T{gotD}, [][]T{wantD})
			}
		}
	}
}

// checkRaws fails the test unless got and want hold the same samples.
func checkRaws[T pixbuf.Sample](t *testing.T, where string, got, want [][]T) {
	t.Helper()
	for k := range got {
		if i := diffIndex(got[k], want[k]); i >= 0 {
			t.Fatalf("%s: buffer %d sample %d is %v, want %v", where, k, i, got[k][i], want[k][i])
		}
	}
}

// TestQuarterTurnLarge checks the quarter turns on images larger than a
// group of transpose tiles, as crops of padded parents, so that every tile
// and group boundary is crossed: 299 x 520 crosses the square tiles (64 x
// 64 in groups of 256), 2101 x 141 the wide ones (128 x 1024 destination
// pixels in groups of 2048) of the SSSE3 kernels and those of the AVX-512
// ones (64 x 1024, strips of 16 rows).
func TestQuarterTurnLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, c := range []int{1, 3, 4} {
		for _, s := range []layoutSpec{
			{ph: 301, pw: 523, pc: c, pad: 5, crop: image.Rect(2, 1, 522, 300), h: 299, w: 520, c: c},
			{ph: 2103, pw: 143, pc: c, pad: 3, crop: image.Rect(1, 2, 142, 2103), h: 2101, w: 141, c: c},
		} {
			s.rawLen = s.ph * (s.pw*s.pc + s.pad)
			quarterTurnLarge(t, r, s)
		}
	}
}

// quarterTurnLarge checks every quarter turn of one large layout on every
// path and worker count against its view twin.
func quarterTurnLarge(t *testing.T, r *rand.Rand, s layoutSpec) {
	t.Helper()
	raw := randRaw[uint8](r, s.rawLen)
	src := view(t, s, raw)
	for _, op := range quarterOps[uint8]() {
		want := op.twin(src).Clone()
		for _, p := range paths {
			for _, wk := range workerOpts {
				dst := pixbuf.New[uint8](want.Shape())
				if err := op.do(dst, src, p.opt, wk.opt); err != nil {
					t.Fatal(err)
				}
				if !dst.Equal(want) {
					t.Fatalf("%s %s/%s c=%d %dx%d: the destination is not the twin", op.name, p.name, wk.name, s.c, s.h, s.w)
				}
			}
		}
	}
}

func TestOrientLaws(t *testing.T) {
	t.Run("uint8", orientLaws[uint8])
	t.Run("uint16", orientLaws[uint16])
	t.Run("float32", orientLaws[float32])
}

// orientLaws checks ops.Orient against its view twin for all eight
// orientations: into a distinct destination of any layout, and in place
// on the same view (square for the four that swap the axes).
func orientLaws[T pixbuf.Sample](t *testing.T) {
	r := rand.New(rand.NewPCG(7, 3))
	all := []pixbuf.Orientation{pixbuf.Identity, pixbuf.FlipHorizontal, pixbuf.Rotate180, pixbuf.FlipVertical,
		pixbuf.Transpose, pixbuf.Rotate90, pixbuf.Transverse, pixbuf.Rotate270}
	for _, o := range all {
		for it := 0; it < lawIters/2; it++ {
			h, w, c := randDim(r, 50), randDim(r, 50), 1+r.IntN(4)
			if it%2 == 1 && o.SwapsAxes() {
				w = h // square: the in-place case applies
			}
			ss := randSpec(r, h, w, c)
			dh, dw := h, w
			if o.SwapsAxes() {
				dh, dw = w, h
			}
			ds := randSpec(r, dh, dw, c)
			sraw, draw := randRaw[T](r, ss.rawLen), randRaw[T](r, ds.rawLen)
			p := paths[it%len(paths)]
			gotS, gotD, wantD := clone(sraw), clone(draw), clone(draw)
			src, dst := view(t, ss, gotS), view(t, ds, gotD)
			if err := view(t, ds, wantD).CopyFrom(src.Orient(o).Clone()); err != nil {
				t.Fatal(err)
			}
			if err := Orient(dst, src, o, p.opt); err != nil {
				t.Fatalf("Orient %v %s %v -> %v: %v", o, p.name, ss, ds, err)
			}
			if i := diffIndex(gotD, wantD); i >= 0 {
				t.Fatalf("Orient %v %s %v -> %v: dst sample %d is %v, want %v", o, p.name, ss, ds, i, gotD[i], wantD[i])
			}
			if i := diffIndex(gotS, sraw); i >= 0 {
				t.Fatalf("Orient %v %s %v: src sample %d changed", o, p.name, ss, i)
			}
			if h != w && o.SwapsAxes() {
				continue
			}
			got, want := clone(sraw), clone(sraw)
			v := view(t, ss, got)
			if err := view(t, ss, want).CopyFrom(v.Orient(o).Clone()); err != nil {
				t.Fatal(err)
			}
			if err := Orient(v, v, o, p.opt); err != nil {
				t.Fatalf("Orient %v in place %s %v: %v", o, p.name, ss, err)
			}
			if i := diffIndex(got, want); i >= 0 {
				t.Fatalf("Orient %v in place %s %v: sample %d is %v, want %v", o, p.name, ss, i, got[i], want[i])
			}
		}
	}
	// A destination of the wrong shape is refused and left alone.
	src := pixbuf.New[T](2, 3, 1)
	if err := Orient(pixbuf.New[T](2, 3, 1), src, pixbuf.Rotate90); !errors.Is(err, pixbuf.ErrShape) {
		t.Errorf("Orient Rotate90 into the unturned shape: %v, want ErrShape", err)
	}
	if err := Orient(src.AsReadOnly(), src, pixbuf.FlipHorizontal); !errors.Is(err, pixbuf.ErrReadOnly) {
		t.Errorf("Orient into a read-only view: %v, want ErrReadOnly", err)
	}
}
