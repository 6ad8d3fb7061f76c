package jpeg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// peRefFDCT1D is IJG's islow 1-D transform written out plainly from its
// description: the even part through z1 = (t12+t13)*c6-ish rotation, the
// odd part through the four-way butterfly, in int64, with DESCALE as
// (x + 2^(n-1)) >> n. pass is 1 for rows (DC and 4 shifted left by 2,
// the rest descaled by 11) and 2 for columns (DC and 4 descaled by 2,
// the rest by 15).
func peRefFDCT1D(in [8]int64, pass int) (out [8]int64) {
	descale := func(x int64, n uint) int64 { return (x + 1<<(n-1)) >> n }
	var t [8]int64
	for i := range 4 {
		t[i] = in[i] + in[7-i]   // tmp0..tmp3
		t[7-i] = in[i] - in[7-i] // tmp7..tmp4
	}
	t10, t13 := t[0]+t[3], t[0]-t[3]
	t11, t12 := t[1]+t[2], t[1]-t[2]
	sh := uint(13 - 2)
	if pass == 1 {
		out[0], out[4] = (t10+t11)*4, (t10-t11)*4
	} else {
		sh = 13 + 2
		out[0], out[4] = descale(t10+t11, 2), descale(t10-t11, 2)
	}
	z1 := (t12 + t13) * 4433
	out[2] = descale(z1+t13*6270, sh)
	out[6] = descale(z1-t12*15137, sh)
	t4, t5, t6, t7 := t[4], t[5], t[6], t[7]
	z5 := (t4 + t6 + t5 + t7) * 9633
	zz1 := (t4 + t7) * -7373
	zz2 := (t5 + t6) * -20995
	zz3 := (t4+t6)*-16069 + z5
	zz4 := (t5+t7)*-3196 + z5
	out[7] = descale(t4*2446+zz1+zz3, sh)
	out[5] = descale(t5*16819+zz2+zz4, sh)
	out[3] = descale(t6*25172+zz2+zz3, sh)
	out[1] = descale(t7*12299+zz1+zz4, sh)
	return out
}

// peRefFDCT is the 2-D transform: rows, then columns.
func peRefFDCT(px *[64]uint8) (out [64]int64) {
	var ws [64]int64
	for r := range 8 {
		var in [8]int64
		for c := range 8 {
			in[c] = int64(px[r*8+c]) - 128
		}
		o := peRefFDCT1D(in, 1)
		copy(ws[r*8:], o[:])
	}
	for c := range 8 {
		var in [8]int64
		for r := range 8 {
			in[r] = ws[r*8+c]
		}
		o := peRefFDCT1D(in, 2)
		for r := range 8 {
			out[r*8+c] = o[r]
		}
	}
	return out
}

// peRandBlock fills px with random samples of one of several kinds:
// uniform, extremes only, flat, and smooth.
func peRandBlock(rng *rand.Rand, px *[64]uint8) {
	switch rng.IntN(4) {
	case 0:
		for i := range px {
			px[i] = uint8(rng.Uint32())
		}
	case 1:
		for i := range px {
			px[i] = uint8(255 * rng.IntN(2))
		}
	case 2:
		v := uint8(rng.Uint32())
		for i := range px {
			px[i] = v
		}
	default:
		a, b, c := rng.IntN(256), rng.IntN(33)-16, rng.IntN(33)-16
		for i := range px {
			px[i] = uint8(min(max(a+b*(i%8)+c*(i/8), 0), 255))
		}
	}
}

// TestFDCTAgainstReference holds the FDCT to the plain transcription
// bit for bit, and to the real DCT (scaled by 8) within rounding, on
// random and extreme blocks.
func TestFDCTAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var px [64]uint8
	for n := range 20000 {
		peRandBlock(rng, &px)
		want := peRefFDCT(&px)
		var work, fast [64]int32
		for i := range work {
			work[i] = int32(px[i]) - 128
		}
		fast = work
		fdctIslow(&work)
		fdct(&fast) // assembly where there is some
		// And from samples in a strided buffer, loaded by the kernel.
		var loaded [64]int32
		buf := make([]uint8, 8*11)
		for r := range 8 {
			copy(buf[r*11+2:], px[r*8:r*8+8])
		}
		fdctSamples(&loaded, buf, 2, 11)
		if loaded != work {
			t.Fatalf("block %d: fdctSamples gives %v, want %v", n, loaded, work)
		}
		for i := range 64 {
			if int64(work[i]) != want[i] || fast[i] != work[i] {
				t.Fatalf("block %d: coefficient %d = %d (dispatched %d), reference %d (block %v)", n, i, work[i], fast[i], want[i], px)
			}
		}
		var f [64]float64
		for i := range f {
			f[i] = float64(px[i])
		}
		var b Block
		one := QuantTable{}
		for i := range one {
			one[i] = 1
		}
		wrFDCT(&f, &one, &b) // the float DCT, rounded
		for i := range 64 {
			if d := math.Abs(float64(work[i])/8 - float64(b[i])); d > 1.5 {
				t.Fatalf("block %d: coefficient %d = %v/8, float DCT %d", n, i, work[i], b[i])
			}
		}
	}
}

// TestQuantizeIsDivision holds quantize to plain division of |x| + d/2 by
// d = 8q, sign restored, for every value a scaled coefficient can take
// and tables of small, large and 16-bit entries.
func TestQuantizeIsDivision(t *testing.T) {
	var q QuantTable
	qs := []uint16{1, 2, 3, 5, 7, 16, 99, 127, 255, 256, 1000, 32767, 65535}
	for i := range q {
		q[i] = qs[i%len(qs)]
	}
	div := newQuantDivisors(&q)
	var work [64]int32
	var b, b2 Block
	for x := int32(-1<<15 + 1); x < 1<<15; x++ {
		for i := range work {
			// Neighbouring coefficients get other values, so that a
			// kernel mixing up lanes fails.
			work[i] = x + int32(i%3) - 1
		}
		quantize(&b, &work, div) // assembly where there is some
		quantizeGo(&b2, &work, div)
		if b != b2 {
			t.Fatalf("quantize(%d): dispatched %v, Go %v", x, b, b2)
		}
		for i := range 64 {
			x := work[i]
			d := int32(q[i]) * 8
			a := x
			if a < 0 {
				a = -a
			}
			r := (a + d/2) / d
			if x < 0 {
				r = -r
			}
			if int32(b[i]) != r {
				t.Fatalf("quantize(%d) by %d = %d, division gives %d", x, q[i], b[i], r)
			}
		}
	}
}

// TestColorConstants checks the fixed-point constants are IJG's FIX(x).
func TestColorConstants(t *testing.T) {
	fix := func(x float64) int { return int(x*65536 + 0.5) }
	for _, c := range []struct {
		got  int
		want float64
	}{{cc0_29900, 0.299}, {cc0_58700, 0.587}, {cc0_11400, 0.114}, {cc0_16874, 0.16874},
		{cc0_33126, 0.33126}, {cc0_50000, 0.5}, {cc0_41869, 0.41869}, {cc0_08131, 0.08131}} {
		if c.got != fix(c.want) {
			t.Errorf("FIX(%v) = %d, constant %d", c.want, fix(c.want), c.got)
		}
	}
	for _, c := range []struct{ got, want int }{
		{fix0_298631336, 2446}, {fix0_390180644, 3196}, {fix0_541196100, 4433}, {fix0_765366865, 6270},
		{fix0_899976223, 7373}, {fix1_175875602, 9633}, {fix1_501321110, 12299}, {fix1_847759065, 15137},
		{fix1_961570560, 16069}, {fix2_053119869, 16819}, {fix2_562915447, 20995}, {fix3_072711026, 25172},
	} {
		if c.got != c.want {
			t.Errorf("FDCT constant %d, want %d", c.got, c.want)
		}
	}
}

// peRefYCC is jccolor.c's conversion of one pixel with its tables: each
// product looked up (here computed) separately, summed, shifted.
func peRefYCC(r, g, b int) (y, cb, cr uint8) {
	fix := func(x float64) int { return int(x*65536 + 0.5) }
	const half, off = 1 << 15, 128 << 16
	y = uint8((fix(0.299)*r + fix(0.587)*g + fix(0.114)*b + half) >> 16)
	cb = uint8((-fix(0.16874)*r - fix(0.33126)*g + fix(0.5)*b + off + half - 1) >> 16)
	cr = uint8((fix(0.5)*r - fix(0.41869)*g - fix(0.08131)*b + off + half - 1) >> 16)
	return
}

// TestColorKernels holds the colour conversion, as dispatched and in
// pure Go, to the reference on random rows of every length up to 70 (the
// assembly's tails) and on the corners of the RGB cube, with pixel steps
// 3 and 4.
func TestColorKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	type conv struct {
		name string
		ycc  func(y, cb, cr, src []uint8, step int)
		gray func(y, src []uint8, step int)
	}
	for _, k := range []conv{{"dispatched", rgbToYCC, rgbToGray}, {"go", rgbToYCCGo, rgbToGrayGo}} {
		for _, step := range []int{3, 4} {
			for n := 0; n <= 70; n++ {
				for rep := range 20 {
					src := make([]uint8, n*step)
					for i := range src {
						src[i] = uint8(rng.Uint32())
						if rep == 0 {
							src[i] = 255 * uint8(rng.IntN(2))
						}
					}
					y, cb, cr, g := make([]uint8, n), make([]uint8, n), make([]uint8, n), make([]uint8, n)
					k.ycc(y, cb, cr, src, step)
					k.gray(g, src, step)
					for i := range n {
						wy, wcb, wcr := peRefYCC(int(src[i*step]), int(src[i*step+1]), int(src[i*step+2]))
						if y[i] != wy || cb[i] != wcb || cr[i] != wcr || g[i] != wy {
							t.Fatalf("%s step %d n %d pixel %d: got %d %d %d gray %d, want %d %d %d", k.name, step, n, i, y[i], cb[i], cr[i], g[i], wy, wcb, wcr)
						}
					}
				}
			}
		}
	}
}

// TestDownsampleKernels holds the 2:1 kernels, as dispatched and in pure
// Go, to jcsample.c's description, and the box filter to a plain mean.
func TestDownsampleKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n <= 70; n++ {
		for range 20 {
			a, b := make([]uint8, 2*n), make([]uint8, 2*n)
			for i := range a {
				a[i], b[i] = uint8(rng.Uint32()), uint8(rng.Uint32())
			}
			for _, k := range []struct {
				name string
				h2v1 func(dst, src []uint8)
				h2v2 func(dst, s0, s1 []uint8)
			}{{"dispatched", downH2V1, downH2V2}, {"go", downH2V1Go, downH2V2Go}} {
				d1, d2 := make([]uint8, n), make([]uint8, n)
				k.h2v1(d1, a)
				k.h2v2(d2, a, b)
				for i := range n {
					bias1, bias2 := i%2, 1+i%2 // 0,1,0,1... and 1,2,1,2...
					w1 := (int(a[2*i]) + int(a[2*i+1]) + bias1) / 2
					w2 := (int(a[2*i]) + int(a[2*i+1]) + int(b[2*i]) + int(b[2*i+1]) + bias2) / 4
					if int(d1[i]) != w1 || int(d2[i]) != w2 {
						t.Fatalf("%s n %d: sample %d: h2v1 %d want %d, h2v2 %d want %d", k.name, n, i, d1[i], w1, d2[i], w2)
					}
				}
			}
			// The box filter of 2x1 rounds halves up: compare with the
			// mean rounded half up.
			for _, hexp := range []int{1, 2, 3, 4} {
				for _, vexp := range []int{1, 2, 3, 4} {
					m := n / hexp
					rows := make([][]uint8, vexp)
					for r := range rows {
						rows[r] = make([]uint8, m*hexp)
						for i := range rows[r] {
							rows[r][i] = uint8(rng.Uint32())
						}
					}
					dst := make([]uint8, m)
					downBox(dst, rows, hexp)
					for i := range m {
						s := 0
						for _, row := range rows {
							for _, v := range row[i*hexp : (i+1)*hexp] {
								s += int(v)
							}
						}
						want := int(math.Floor(float64(s)/float64(hexp*vexp) + 0.5))
						if int(dst[i]) != want {
							t.Fatalf("box %dx%d: %d want %d", hexp, vexp, dst[i], want)
						}
					}
				}
			}
		}
	}
}
