package ycbcr

import (
	"fmt"
	"testing"
)

// BenchmarkRows converts 4000-pixel rows, two at a time sharing halved
// chroma (4:2:0), one at a time with halved chroma (4:2:2) and with chroma
// per pixel (4:4:4), through rows (the build's kernel) and goRows (Go).
// Bytes are the RGB output's; the planes stay in cache.
func BenchmarkRows(b *testing.B) {
	const n = 4000
	y0, y1, cb, cr := make([]byte, n), make([]byte, n), make([]byte, n), make([]byte, n)
	for i := range n {
		y0[i], y1[i], cb[i], cr[i] = uint8(i), uint8(i*7), uint8(i*3), uint8(255-i)
	}
	o0, o1 := make([]byte, 3*n), make([]byte, 3*n)
	for _, k := range kernels {
		for _, c := range []struct {
			name string
			hs   uint
			two  bool
		}{{"420", 1, true}, {"422", 1, false}, {"444", 0, false}} {
			b.Run(fmt.Sprintf("%s/%s", c.name, k.name), func(b *testing.B) {
				px := n
				if c.two {
					px *= 2
				}
				b.SetBytes(int64(3 * px))
				b.ReportAllocs()
				for b.Loop() {
					k.f(o0, o1, y0, y1, cb, cr, c.hs, 0, c.two)
				}
			})
		}
	}
}
