package ycbcr

import (
	"bytes"
	"fmt"
	"image/color"
	"math/rand/v2"
	"testing"
)

// refRow is the slow, obviously correct conversion: color.YCbCrToRGB per
// pixel, pixel x taking chroma sample (x+ox)>>hs.
func refRow(y, cb, cr []byte, hs uint, ox int) []byte {
	out := make([]byte, 0, 3*len(y))
	for x, yv := range y {
		ci := (x + ox) >> hs
		r, g, b := color.YCbCrToRGB(yv, cb[ci], cr[ci])
		out = append(out, r, g, b)
	}
	return out
}

// kernels are the implementations under test: rows as a build uses it
// (AVX2 where the CPU has it, see simdName) and goRows, the Go kernels,
// which the same build must keep right for its tails and for purego.
var kernels = []struct {
	name string
	f    func(o0, o1, y0, y1, cb, cr []byte, hs uint, ox int, two bool)
}{
	{"rows-" + simdName(), rows},
	{"go", goRows},
}

// guard is the canary written after every output buffer: a kernel that
// writes past the pixels it was given changes it.
const guard = 64

func withGuard(n int) []byte {
	b := make([]byte, n+guard)
	for i := range b {
		b[i] = 0xa5
	}
	return b
}

func checkGuard(t *testing.T, b []byte, n int) {
	t.Helper()
	for i, v := range b[n:] {
		if v != 0xa5 {
			t.Fatalf("byte %d past the %d output bytes was written", i, n)
		}
	}
}

// TestAllInputs holds every kernel to color.YCbCrToRGB on all 2^24
// (Y, Cb, Cr) triples: rows of 65536 pixels, one Cr each, with chroma per
// pixel (4:4:4), and again with chroma halved, each chroma sample serving
// two pixels of equal luma.
func TestAllInputs(t *testing.T) {
	const n = 1 << 16
	y, cb, cr := make([]byte, n), make([]byte, n), make([]byte, n)
	y2, cb2, cr2 := make([]byte, 2*n), make([]byte, n), make([]byte, n)
	for i := range n {
		y[i], cb[i] = uint8(i), uint8(i>>8)
		y2[2*i], y2[2*i+1], cb2[i] = uint8(i), uint8(i), uint8(i>>8)
	}
	out, out2 := make([]byte, 3*n), make([]byte, 6*n)
	for _, k := range kernels {
		t.Run(k.name, func(t *testing.T) {
			for v := range 256 {
				for i := range cr {
					cr[i], cr2[i] = uint8(v), uint8(v)
				}
				k.f(out, nil, y, nil, cb, cr, 0, 0, false)
				k.f(out2, nil, y2, nil, cb2, cr2, 1, 0, false)
				for i := range n {
					r, g, b := color.YCbCrToRGB(y[i], cb[i], cr[i])
					want := [3]byte{r, g, b}
					if got := [3]byte(out[3*i:]); got != want {
						t.Fatalf("Y %d Cb %d Cr %d: got %v, want %v", y[i], cb[i], cr[i], got, want)
					}
					if got := [3]byte(out2[6*i:]); got != want || [3]byte(out2[6*i+3:]) != want {
						t.Fatalf("halved chroma, Y %d Cb %d Cr %d: got %v and %v, want %v", y[i], cb[i], cr[i], got, out2[6*i+3:6*i+6], want)
					}
				}
			}
		})
	}
}

// TestRows compares every kernel with refRow on random planes: every
// horizontal subsampling (hs 0, 1, 2) and offset into the first chroma
// sample, one and two rows, widths around the kernels' 16-pixel steps,
// and checks that nothing past the output is written.
func TestRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 20))
	fill := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = uint8(rng.Uint32())
		}
		return b
	}
	widths := []int{0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 100, 257, 4001}
	for range 20 {
		widths = append(widths, rng.IntN(300))
	}
	for _, k := range kernels {
		for _, n := range widths {
			for hs := range uint(3) {
				for ox := range 1 << hs {
					for _, two := range []bool{false, true} {
						name := fmt.Sprintf("%s/w%d/hs%d/ox%d/two=%v", k.name, n, hs, ox, two)
						nc := (n+ox+(1<<hs)-1)>>hs + 1 // one spare sample, never read
						y0, y1, cb, cr := fill(n), fill(n), fill(nc), fill(nc)
						o0, o1 := withGuard(3*n), withGuard(3*n)
						if two {
							k.f(o0[:3*n], o1[:3*n], y0, y1, cb, cr, hs, ox, true)
						} else {
							k.f(o0[:3*n], nil, y0, nil, cb, cr, hs, ox, false)
						}
						if want := refRow(y0, cb, cr, hs, ox); !bytes.Equal(o0[:3*n], want) {
							t.Fatalf("%s: row 0 differs from color.YCbCrToRGB", name)
						}
						checkGuard(t, o0, 3*n)
						if two {
							if want := refRow(y1, cb, cr, hs, ox); !bytes.Equal(o1[:3*n], want) {
								t.Fatalf("%s: row 1 differs from color.YCbCrToRGB", name)
							}
							checkGuard(t, o1, 3*n)
						}
					}
				}
			}
		}
	}
}

// TestRowAlpha compares RowAlpha with refRow plus the alpha bytes.
func TestRowAlpha(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 21))
	for _, n := range []int{0, 1, 7, 40} {
		for hs := range uint(3) {
			for ox := range 1 << hs {
				y, a := make([]byte, n), make([]byte, n)
				cb, cr := make([]byte, n+4), make([]byte, n+4)
				for _, b := range [][]byte{y, a, cb, cr} {
					for i := range b {
						b[i] = uint8(rng.Uint32())
					}
				}
				out := withGuard(4 * n)
				RowAlpha(out[:4*n], y, cb, cr, a, hs, ox)
				rgb := refRow(y, cb, cr, hs, ox)
				for x := range n {
					want := [4]byte{rgb[3*x], rgb[3*x+1], rgb[3*x+2], a[x]}
					if got := [4]byte(out[4*x:]); got != want {
						t.Fatalf("w%d hs%d ox%d: pixel %d is %v, want %v", n, hs, ox, x, got, want)
					}
				}
				checkGuard(t, out, 4*n)
			}
		}
	}
}

// TestExported checks that Row and Rows2 are rows.
func TestExported(t *testing.T) {
	y0, y1 := []byte{0, 50, 100, 150, 200}, []byte{250, 1, 2, 3, 4}
	cb, cr := []byte{10, 200, 128}, []byte{240, 30, 128}
	o0, o1 := make([]byte, 15), make([]byte, 15)
	Row(o0, y0, cb, cr, 1, 1)
	if want := refRow(y0, cb, cr, 1, 1); !bytes.Equal(o0, want) {
		t.Errorf("Row: %v, want %v", o0, want)
	}
	Rows2(o0, o1, y0, y1, cb, cr, 1, 0)
	if want := refRow(y0, cb, cr, 1, 0); !bytes.Equal(o0, want) {
		t.Errorf("Rows2 row 0: %v, want %v", o0, want)
	}
	if want := refRow(y1, cb, cr, 1, 0); !bytes.Equal(o1, want) {
		t.Errorf("Rows2 row 1: %v, want %v", o1, want)
	}
}
