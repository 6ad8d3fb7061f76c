package jpeg

import (
	"errors"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// The transform's laws on synthetic coefficient Images: random
// coefficients in every coded block, padding as libjpeg codes it.

var allOrientations = []pixbuf.Orientation{
	pixbuf.Identity, pixbuf.FlipHorizontal, pixbuf.Rotate180, pixbuf.FlipVertical,
	pixbuf.Transpose, pixbuf.Rotate90, pixbuf.Transverse, pixbuf.Rotate270,
}

// trSamplings are the sampling layouts the tests use, by name.
var trSamplings = []struct {
	name string
	s    [][2]int
}{
	{"gray", [][2]int{{1, 1}}},
	{"gray22", [][2]int{{2, 2}}},
	{"444", [][2]int{{1, 1}, {1, 1}, {1, 1}}},
	{"422", [][2]int{{2, 1}, {1, 1}, {1, 1}}},
	{"420", [][2]int{{2, 2}, {1, 1}, {1, 1}}},
	{"440", [][2]int{{1, 2}, {1, 1}, {1, 1}}},
	{"411", [][2]int{{4, 1}, {1, 1}, {1, 1}}},
	{"cmyk", [][2]int{{1, 1}, {1, 1}, {1, 1}, {1, 1}}},
	{"odd", [][2]int{{3, 2}, {1, 2}, {2, 1}}},
}

// trRandImage makes a w x h Image with the given sampling factors, random
// coefficients in every coded block and libjpeg's padding.
func trRandImage(rng *rand.Rand, w, h int, samp [][2]int) *Image {
	m := &Image{Width: w, Height: h, Process: Baseline}
	for i := range 2 {
		var q QuantTable
		for k := range q {
			q[k] = uint16(1 + rng.IntN(60))
		}
		m.Quant[i] = &q
	}
	for i, s := range samp {
		m.Components = append(m.Components, Component{ID: uint8(i + 1), H: s[0], V: s[1], Quant: min(i, 1)})
	}
	mw, mh := m.MCUs()
	hmax, vmax := m.MaxSampling()
	for i := range m.Components {
		c := &m.Components[i]
		c.BlocksW, c.BlocksH = mw*c.H, mh*c.V
		hm, vm := hmax, vmax
		if len(samp) == 1 {
			c.BlocksW, c.BlocksH = mw, mh
			hm, vm = c.H, c.V
		}
		c.Blocks = make([]Block, c.BlocksW*c.BlocksH)
		cw, ch := c.CodedBlocks(w, h, hm, vm)
		for by := range ch {
			for bx := range cw {
				b := c.Block(bx, by)
				for k := range b {
					if rng.IntN(3) == 0 {
						b[k] = int16(rng.IntN(401) - 200)
					}
				}
			}
		}
	}
	if len(samp) > 1 {
		padLikeLibjpeg(m)
	}
	return m
}

// trCodedDiff describes the first difference between the coded blocks of
// two Images (geometry, tables, then blocks), or returns "".
func trCodedDiff(a, b *Image) string {
	if a.Width != b.Width || a.Height != b.Height || len(a.Components) != len(b.Components) {
		return fmt.Sprintf("geometry %dx%d/%d vs %dx%d/%d", a.Width, a.Height, len(a.Components), b.Width, b.Height, len(b.Components))
	}
	for i, c := range a.Components {
		q, r := a.Quant[c.Quant], b.Quant[b.Components[i].Quant]
		if q == nil || r == nil || *q != *r {
			return fmt.Sprintf("component %d: quantization tables differ", i)
		}
	}
	hmax, vmax := a.MaxSampling()
	for i := range a.Components {
		ca, cb := &a.Components[i], &b.Components[i]
		hm, vm := hmax, vmax
		if len(a.Components) == 1 {
			hm, vm = ca.H, ca.V
			if cb.H != cb.V || cb.H != 1 && ca.H != cb.H {
				// jpegtran writes gray as 1x1; both count 8x8 blocks.
				hm, vm = ca.H, ca.V
			}
		} else if ca.H != cb.H || ca.V != cb.V {
			return fmt.Sprintf("component %d: sampling %dx%d vs %dx%d", i, ca.H, ca.V, cb.H, cb.V)
		}
		cw, ch := ca.CodedBlocks(a.Width, a.Height, hm, vm)
		for by := range ch {
			for bx := range cw {
				if *ca.Block(bx, by) != *cb.Block(bx, by) {
					return fmt.Sprintf("component %d block (%d,%d) of %dx%d: %v vs %v", i, bx, by, cw, ch, ca.Block(bx, by)[:8], cb.Block(bx, by)[:8])
				}
			}
		}
	}
	return ""
}

// trSizes are sizes around the iMCU sizes of every layout.
var trSizes = [][2]int{{1, 1}, {8, 8}, {16, 16}, {32, 16}, {64, 48}, {23, 17}, {40, 9}, {9, 40}, {33, 70}, {96, 96}}

func TestTransformInverse(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range trSamplings {
		for _, sz := range trSizes {
			m := trRandImage(rng, sz[0], sz[1], s.s)
			for _, o := range allOrientations {
				// Keep mode leaves partial edges in place, so it is an
				// involution up to the transpose for every size.
				a, err := Transform(m, o, nil)
				if err != nil {
					t.Fatal(err)
				}
				b, err := Transform(a, o.Inverse(), nil)
				if err != nil {
					t.Fatal(err)
				}
				if d := trCodedDiff(m, b); d != "" {
					t.Errorf("%s %dx%d: %v then %v: %s", s.name, sz[0], sz[1], o, o.Inverse(), d)
				}
			}
		}
	}
}

func TestTransformThen(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range trSamplings {
		// Sizes perfect for every transform, for some, and for none.
		for _, sz := range [][2]int{{64, 48}, {40, 9}, {23, 17}} {
			m := trRandImage(rng, sz[0], sz[1], s.s)
			for _, a := range allOrientations {
				ma, err := Transform(m, a, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, b := range allOrientations {
					ab := a.Then(b)
					if !Perfect(m, a) || !Perfect(ma, b) || !Perfect(m, ab) {
						continue
					}
					mab, err := Transform(ma, b, &TransformOptions{Edge: EdgePerfect})
					if err != nil {
						t.Fatal(err)
					}
					one, err := Transform(m, ab, &TransformOptions{Edge: EdgePerfect})
					if err != nil {
						t.Fatal(err)
					}
					if d := trCodedDiff(mab, one); d != "" {
						t.Errorf("%s %dx%d: %v then %v vs %v: %s", s.name, sz[0], sz[1], a, b, ab, d)
					}
				}
			}
		}
	}
}

// The slow reference: dequantize, inverse DCT in float64, move the 8x8
// pixels, forward DCT, quantize with the (transposed) table.

// trCos[x][u] is C(u)/2 * cos((2x+1)uπ/16), the orthonormal DCT basis.
var trCos = func() (c [8][8]float64) {
	for x := range 8 {
		for u := range 8 {
			c[x][u] = trC(u) / 2 * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16)
		}
	}
	return c
}()

// trIDCT dequantizes and inverse transforms a block, rows then columns.
func trIDCT(b *Block, q *QuantTable) (px [64]float64) {
	var tmp [64]float64
	for v := range 8 {
		for x := range 8 {
			var s float64
			for u := range 8 {
				s += trCos[x][u] * float64(b[v*8+u]) * float64(q[v*8+u])
			}
			tmp[v*8+x] = s
		}
	}
	for y := range 8 {
		for x := range 8 {
			var s float64
			for v := range 8 {
				s += trCos[y][v] * tmp[v*8+x]
			}
			px[y*8+x] = s
		}
	}
	return px
}

// trFDCT forward transforms and quantizes 8x8 pixels, rounding.
func trFDCT(px *[64]float64, q *QuantTable) (b Block) {
	var tmp [64]float64
	for y := range 8 {
		for u := range 8 {
			var s float64
			for x := range 8 {
				s += trCos[x][u] * px[y*8+x]
			}
			tmp[y*8+u] = s
		}
	}
	for v := range 8 {
		for u := range 8 {
			var s float64
			for y := range 8 {
				s += trCos[y][v] * tmp[y*8+u]
			}
			b[v*8+u] = int16(math.Round(s / float64(q[v*8+u])))
		}
	}
	return b
}

func trC(k int) float64 {
	if k == 0 {
		return 1 / math.Sqrt2
	}
	return 1
}

func TestBlockKernelsAgainstPixels(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		var b Block
		var q QuantTable
		for k := range b {
			b[k] = int16(rng.IntN(61) - 30)
			q[k] = uint16(1 + rng.IntN(40))
		}
		px := trIDCT(&b, &q)
		var px32 [64]float32
		for i, p := range px {
			px32[i] = float32(p)
		}
		src, err := pixbuf.Wrap(px32[:], 8, 8, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range allOrientations {
			// Move the pixels with pixbuf's own view of o.
			var moved [64]float64
			v := src.Orient(o)
			for y := range 8 {
				for x := range 8 {
					moved[y*8+x] = float64(v.At(y, x, 0))
				}
			}
			qt := q
			if o.SwapsAxes() {
				for i := range 8 {
					for j := range 8 {
						qt[i*8+j] = q[j*8+i]
					}
				}
			}
			want := trFDCT(&moved, &qt)
			var got, fast Block
			kernels[o].apply(&got, &b)
			if got != want {
				t.Fatalf("%v: kernel %v, pixels say %v", o, got, want)
			}
			moveBlock(&fast, &b, o)
			if fast != want {
				t.Fatalf("%v: moveBlock %v, pixels say %v", o, fast, want)
			}
			fast = b
			if negate(&fast, o); !o.SwapsAxes() && fast != want {
				t.Fatalf("%v: negate %v, pixels say %v", o, fast, want)
			}
		}
	}
}

// TestTransformAgainstPixels checks block positions and signs together
// for sizes perfect for every transform: each component plane, inverse
// transformed to float pixels, equals the source's plane as pixbuf's
// Orient view shows it.
func TestTransformAgainstPixels(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, s := range trSamplings {
		m := trRandImage(rng, 48, 32, s.s)
		if hm, vm := m.MaxSampling(); len(s.s) > 1 && (48%(8*hm) != 0 || 32%(8*vm) != 0) {
			continue
		}
		planes := trPlanes(m)
		for _, o := range allOrientations {
			out, err := Transform(m, o, &TransformOptions{Edge: EdgePerfect})
			if err != nil {
				t.Fatalf("%s %v: %v", s.name, o, err)
			}
			got := trPlanes(out)
			for i := range planes {
				want := planes[i].Orient(o)
				if gh, gw, _ := got[i].Shape(); gh != want.Height() || gw != want.Width() {
					t.Fatalf("%s %v component %d: %dx%d plane, want %dx%d", s.name, o, i, gw, gh, want.Width(), want.Height())
				}
				for y := range want.Height() {
					for x := range want.Width() {
						if d := got[i].At(y, x, 0) - want.At(y, x, 0); math.Abs(float64(d)) > 0.05 {
							t.Fatalf("%s %v component %d pixel (%d,%d): off by %g", s.name, o, i, x, y, d)
						}
					}
				}
			}
		}
	}
}

// trPlanes inverse transforms every block of m into one float plane per
// component, the whole padded grid.
func trPlanes(m *Image) []pixbuf.View[float32] {
	var out []pixbuf.View[float32]
	for _, c := range m.Components {
		p := make([]float32, c.BlocksW*8*c.BlocksH*8)
		for by := range c.BlocksH {
			for bx := range c.BlocksW {
				px := trIDCT(c.Block(bx, by), m.Quant[c.Quant])
				for y := range 8 {
					for x := range 8 {
						p[(by*8+y)*c.BlocksW*8+bx*8+x] = float32(px[y*8+x])
					}
				}
			}
		}
		v, err := pixbuf.Wrap(p, c.BlocksH*8, c.BlocksW*8, 1)
		if err != nil {
			panic(err)
		}
		out = append(out, v)
	}
	return out
}

func TestPerfectAndEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	m := trRandImage(rng, 40, 24, [][2]int{{2, 2}, {1, 1}, {1, 1}}) // 2.5 x 1.5 iMCUs
	want := map[pixbuf.Orientation]struct {
		perfect bool
		trimW   int
		trimH   int
	}{
		pixbuf.Identity:       {true, 40, 24},
		pixbuf.FlipHorizontal: {false, 32, 24},
		pixbuf.FlipVertical:   {false, 40, 16},
		pixbuf.Rotate180:      {false, 32, 16},
		pixbuf.Transpose:      {true, 24, 40},
		pixbuf.Rotate90:       {false, 16, 40},
		pixbuf.Rotate270:      {false, 24, 32},
		pixbuf.Transverse:     {false, 16, 32},
	}
	for o, w := range want {
		if got := Perfect(m, o); got != w.perfect {
			t.Errorf("Perfect(%v) = %v", o, got)
		}
		_, err := Transform(m, o, &TransformOptions{Edge: EdgePerfect})
		if w.perfect != (err == nil) || err != nil && (!errors.Is(err, ErrImperfect) || !errors.Is(err, codecerr.ErrUnsupported)) {
			t.Errorf("%v perfect: %v", o, err)
		}
		tr, err := Transform(m, o, &TransformOptions{Edge: EdgeTrim})
		if err != nil || tr.Width != w.trimW || tr.Height != w.trimH {
			t.Errorf("%v trim: %v, want %dx%d", o, err, w.trimW, w.trimH)
		}
	}
}

func TestCrop(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	m := trRandImage(rng, 70, 45, [][2]int{{2, 2}, {1, 1}, {1, 1}})
	c, err := Crop(m, image.Rect(16, 32, 16+37, 32+13), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Width != 37 || c.Height != 13 {
		t.Fatalf("crop is %dx%d", c.Width, c.Height)
	}
	for i, comp := range c.Components {
		cw, ch := comp.CodedBlocks(37, 13, 2, 2)
		sh := m.Components[i].H
		sv := m.Components[i].V
		for by := range ch {
			for bx := range cw {
				if *comp.Block(bx, by) != *m.Components[i].Block(bx+sh, by+2*sv) {
					t.Fatalf("component %d block (%d,%d) is not the source's", i, bx, by)
				}
			}
		}
	}
	if _, err := Crop(m, image.Rect(5, 0, 20, 20), nil); !errors.Is(err, ErrUnaligned) {
		t.Errorf("off-grid crop: %v", err)
	}
	s, err := Crop(m, image.Rect(5, 17, 20, 20), &CropOptions{Snap: true})
	if err != nil || s.Width != 20 || s.Height != 4 {
		t.Errorf("snapped crop: %v, %dx%d, want 20x4", err, s.Width, s.Height)
	}
	for _, r := range []image.Rectangle{image.Rect(0, 0, 71, 10), image.Rect(-16, 0, 10, 10), image.Rect(16, 16, 16, 30), {}} {
		if _, err := Crop(m, r, nil); !errors.Is(err, pixbuf.ErrBounds) {
			t.Errorf("crop %v: %v", r, err)
		}
	}
}

func TestTransformRefusesBadImages(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	bad := []func(m *Image){
		func(m *Image) { m.Width = 0 },
		func(m *Image) { m.Components[1].Blocks = m.Components[1].Blocks[1:] },
		func(m *Image) { m.Components[0].BlocksW++ },
		func(m *Image) { m.Components[2].H = 5 },
		func(m *Image) { m.Components[2].Quant = 3 },
		func(m *Image) { m.Components = nil },
		func(m *Image) { m.Width += 16 },
	}
	for i, f := range bad {
		m := trRandImage(rng, 40, 24, [][2]int{{2, 2}, {1, 1}, {1, 1}})
		f(m)
		for _, o := range allOrientations {
			if _, err := Transform(m, o, nil); !errors.Is(err, codecerr.ErrFormat) {
				t.Errorf("case %d %v: %v", i, o, err)
			}
		}
	}
	if _, err := Transform(nil, 0, nil); !errors.Is(err, codecerr.ErrFormat) {
		t.Errorf("nil: %v", err)
	}
}

// TestTransformOwned checks that the in-place path gives what Transform
// gives, for every layout, size and orientation.
func TestTransformOwned(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(15, 16))
	for _, s := range trSamplings {
		for _, sz := range trSizes {
			m := trRandImage(rng, sz[0], sz[1], s.s)
			for _, o := range allOrientations {
				want, err := Transform(m, o, nil)
				if err != nil {
					t.Fatal(err)
				}
				c := *m
				c.Components = slices.Clone(m.Components)
				for i := range c.Components {
					c.Components[i].Blocks = slices.Clone(m.Components[i].Blocks)
				}
				edge := EdgePolicy(int(o) % 3) // the same output whenever accepted
				got, err := transformOwned(&c, o, &TransformOptions{Edge: edge}, nil)
				if errors.Is(err, ErrImperfect) && edge == EdgePerfect {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if edge == EdgeTrim {
					if want, err = Transform(m, o, &TransformOptions{Edge: edge}); err != nil {
						t.Fatal(err)
					}
				}
				if d := trCodedDiff(want, got); d != "" {
					t.Errorf("%s %dx%d %v: in place differs: %s", s.name, sz[0], sz[1], o, d)
				}
				for i := range got.Components {
					if !slices.Equal(got.Components[i].Blocks, want.Components[i].Blocks) {
						t.Errorf("%s %dx%d %v: component %d padding differs", s.name, sz[0], sz[1], o, i)
					}
				}
			}
		}
	}
}

func TestEdgesReported(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	m := trRandImage(rng, 40, 24, [][2]int{{2, 2}, {1, 1}, {1, 1}})
	tiny := trRandImage(rng, 8, 8, [][2]int{{2, 2}, {1, 1}, {1, 1}})
	for _, c := range []struct {
		m             *Image
		o             pixbuf.Orientation
		opts          TransformOptions
		trimmed, kept bool
	}{
		{m, pixbuf.FlipHorizontal, TransformOptions{}, false, true},
		{m, pixbuf.FlipHorizontal, TransformOptions{Edge: EdgeTrim}, true, false},
		{m, pixbuf.Transpose, TransformOptions{Edge: EdgeTrim}, false, false},
		{m, pixbuf.FlipVertical, TransformOptions{}, false, true},
		{m, pixbuf.FlipHorizontal, TransformOptions{Crop: image.Rect(0, 0, 32, 24)}, false, false},
		{m, pixbuf.FlipHorizontal, TransformOptions{Crop: image.Rect(0, 0, 35, 24)}, false, true},
		{m, pixbuf.FlipHorizontal, TransformOptions{Crop: image.Rect(16, 0, 35, 24), Edge: EdgeTrim}, true, false},
		{m, pixbuf.Rotate90, TransformOptions{Edge: EdgeTrim}, true, false},
		{tiny, pixbuf.FlipHorizontal, TransformOptions{Edge: EdgeTrim}, false, true},
	} {
		tr, kept := edges(c.m, c.o, &c.opts)
		if tr != c.trimmed || kept != c.kept {
			t.Errorf("%dx%d %v %+v: trimmed %v, kept %v", c.m.Width, c.m.Height, c.o, c.opts, tr, kept)
		}
	}
}
