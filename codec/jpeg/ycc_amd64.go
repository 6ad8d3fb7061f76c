//go:build !purego

package jpeg

// yccToRGBAVX2 converts n pixels (a multiple of 16) of the planes y, cb
// and cr into RGB at dst, as yccToRGB does, with the interleaving masks
// of rgbMasks.
//
//go:noescape
func yccToRGBAVX2(dst, y, cb, cr *byte, n int, masks *[9][16]byte)

// rgbMasks are the byte shuffles that interleave 16 R, G and B samples
// into 48 bytes: masks[3*k+c] picks channel c's bytes of output chunk k,
// 0x80 (zero) elsewhere. Built once, never written after.
var rgbMasks = func() (m [9][16]byte) {
	for k := range 3 {
		for i := range 16 {
			j := 16*k + i
			for c := range 3 {
				m[3*k+c][i] = 0x80
				if j%3 == c {
					m[3*k+c][i] = byte(j / 3)
				}
			}
		}
	}
	return m
}()

// yccToRGBSSE2 is yccToRGBAVX2 in SSE2, which every amd64 CPU has.
//
//go:noescape
func yccToRGBSSE2(dst, y, cb, cr *byte, n int)

// yccToRGBFast is yccToRGB through the assembly (AVX2 when the CPU has
// it, else SSE2) for the whole multiples of 16 pixels.
func yccToRGBFast(dst, y, cb, cr []byte) { yccToRGBWith(dst, y, cb, cr, decHasAVX2) }

// yccToRGBWith is yccToRGBFast with the choice of kernel given, for
// tests.
func yccToRGBWith(dst, y, cb, cr []byte, avx2 bool) {
	n := len(y)
	if m := n &^ 15; m > 0 && len(cb) >= m && len(cr) >= m && len(dst) >= 3*m {
		if avx2 {
			yccToRGBAVX2(&dst[0], &y[0], &cb[0], &cr[0], m, &rgbMasks)
		} else {
			yccToRGBSSE2(&dst[0], &y[0], &cb[0], &cr[0], m)
		}
		if m == n {
			return
		}
		dst, y, cb, cr = dst[3*m:], y[m:], cb[m:], cr[m:]
	}
	yccToRGB(dst, y, cb, cr)
}
