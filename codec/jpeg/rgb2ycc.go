package jpeg

// Colour conversion of the pixel encoder, RGB to YCbCr as the
// Independent JPEG Group's jccolor.c does it (the JFIF/ITU-R BT.601
// full-range equations in 16-bit fixed point):
//
//	Y  =  0.29900 * R + 0.58700 * G + 0.11400 * B
//	Cb = -0.16874 * R - 0.33126 * G + 0.50000 * B + 128
//	Cr =  0.50000 * R - 0.41869 * G - 0.08131 * B + 128
//
// Each product is FIX(c)*x with FIX(c) = round(c * 2^16); Y adds one half
// before the shift, Cb and Cr add one half minus one (so that they never
// exceed 255), and the sum is shifted right by 16. IJG looks the products
// up in tables; multiplying gives the same integers. Gray output from RGB
// is the Y equation alone (jccolor.c's rgb_gray). Implemented from the
// published description.

const (
	cc0_29900 = 19595 // FIX(0.29900)
	cc0_58700 = 38470 // FIX(0.58700)
	cc0_11400 = 7471  // FIX(0.11400)
	cc0_16874 = 11059 // FIX(0.16874)
	cc0_33126 = 21709 // FIX(0.33126)
	cc0_50000 = 32768 // FIX(0.50000)
	cc0_41869 = 27439 // FIX(0.41869)
	cc0_08131 = 5329  // FIX(0.08131)

	ccHalf    = 1 << 15
	ccCbCrOff = 128<<16 + ccHalf - 1
)

// rgbToYCCGo converts len(y) pixels of src, whose pixels are step bytes
// apart with R, G, B first, into the rows y, cb and cr.
func rgbToYCCGo(y, cb, cr, src []uint8, step int) {
	n := len(y)
	if n == 0 {
		return
	}
	cb, cr = cb[:n], cr[:n]
	_ = src[(n-1)*step+2]
	for i := range n {
		p := src[i*step : i*step+3 : i*step+3]
		r, g, b := int32(p[0]), int32(p[1]), int32(p[2])
		y[i] = uint8((cc0_29900*r + cc0_58700*g + cc0_11400*b + ccHalf) >> 16)
		cb[i] = uint8((-cc0_16874*r - cc0_33126*g + cc0_50000*b + ccCbCrOff) >> 16)
		cr[i] = uint8((cc0_50000*r - cc0_41869*g - cc0_08131*b + ccCbCrOff) >> 16)
	}
}

// rgbToGrayGo converts len(y) pixels of src, laid out as for rgbToYCCGo,
// into their luma.
func rgbToGrayGo(y, src []uint8, step int) {
	n := len(y)
	if n == 0 {
		return
	}
	_ = src[(n-1)*step+2]
	for i := range n {
		p := src[i*step : i*step+3 : i*step+3]
		r, g, b := int32(p[0]), int32(p[1]), int32(p[2])
		y[i] = uint8((cc0_29900*r + cc0_58700*g + cc0_11400*b + ccHalf) >> 16)
	}
}
