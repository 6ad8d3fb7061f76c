//go:build !purego

package jpeg

//go:noescape
func yccAVX2(y, cb, cr, src *byte, n, step int)

//go:noescape
func grayAVX2(y, src *byte, n, step int)

// simdPixels returns how many of n pixels of step bytes in src the
// assembly may convert: a multiple of 8 whose reads stay inside src (the
// 3-byte loader reads 4 bytes past its last pixel).
func simdPixels(n, step int, src []uint8) int {
	if !encHasAVX2 || (step != 3 && step != 4) {
		return 0
	}
	k := n
	if step == 3 {
		k = min(k, (len(src)-4)/3)
	}
	return max(k, 0) &^ 7
}

// rgbToYCC is rgbToYCCGo, in assembly where the CPU allows.
func rgbToYCC(y, cb, cr, src []uint8, step int) {
	n := len(y)
	if k := simdPixels(n, step, src); k > 0 {
		_, _ = cb[k-1], cr[k-1]
		yccAVX2(&y[0], &cb[0], &cr[0], &src[0], k, step)
		y, cb, cr, src = y[k:], cb[k:], cr[k:], src[k*step:]
	}
	rgbToYCCGo(y, cb, cr, src, step)
}

// rgbToGray is rgbToGrayGo, in assembly where the CPU allows.
func rgbToGray(y, src []uint8, step int) {
	n := len(y)
	if k := simdPixels(n, step, src); k > 0 {
		grayAVX2(&y[0], &src[0], k, step)
		y, src = y[k:], src[k*step:]
	}
	rgbToGrayGo(y, src, step)
}
