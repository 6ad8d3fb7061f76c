package jpeg

// Colour conversion of the pixel decoder, as libjpeg-turbo's jdcolor.c
// does it (the JFIF/ITU-R BT.601 full-range equations in 16-bit fixed
// point):
//
//	R = Y + 1.40200 * Cr
//	G = Y - 0.34414 * Cb - 0.71414 * Cr
//	B = Y + 1.77200 * Cb
//
// with Cb and Cr centred on 128. Each product is a table of 256 entries
// indexed by the sample; R and B are rounded in the table, G after the
// sum, and every result is clamped to 0..255.

const yccScaleBits = 16

func yccFix(x float64) int32 { return int32(x*(1<<yccScaleBits) + 0.5) }

// yccTables are the four product tables of the conversion; built once
// and never written after.
type yccTables struct {
	crR, cbB, crG, cbG [256]int32
}

var ycc = func() *yccTables {
	t := new(yccTables)
	const half = 1 << (yccScaleBits - 1)
	for i := range 256 {
		x := int32(i - 128)
		t.crR[i] = (yccFix(1.40200)*x + half) >> yccScaleBits
		t.cbB[i] = (yccFix(1.77200)*x + half) >> yccScaleBits
		t.crG[i] = -yccFix(0.71414) * x
		t.cbG[i] = -yccFix(0.34414)*x + half
	}
	return t
}()

// clamp255 clamps x, which must lie in -384..639, to 0..255 by a table
// lookup free of bounds checks.
var clampTab = func() (t [1024]uint8) {
	for i := range t {
		t[i] = uint8(min(max(i-384, 0), 255))
	}
	return t
}()

func clamp255(x int32) uint8 { return clampTab[uint(x+384)&1023] }

// yccToRGB converts len(y) pixels of the planes y, cb and cr into dst, 3
// bytes per pixel. cb and cr must be at least as long as y and dst three
// times as long.
func yccToRGB(dst, y, cb, cr []byte) {
	t := ycc
	n := len(y)
	cb, cr = cb[:n], cr[:n]
	dst = dst[:3*n]
	for i := range n {
		yy := int32(y[i])
		b, r := cb[i], cr[i]
		d := (*[3]byte)(dst[3*i : 3*i+3])
		d[0] = clamp255(yy + t.crR[r])
		d[1] = clamp255(yy + (t.cbG[b]+t.crG[r])>>yccScaleBits)
		d[2] = clamp255(yy + t.cbB[b])
	}
}

// planesToRGB interleaves three planes as they are (an RGB frame).
func planesToRGB(dst, r, g, b []byte) {
	n := len(r)
	g, b = g[:n], b[:n]
	dst = dst[:3*n]
	for i := range n {
		d := (*[3]byte)(dst[3*i : 3*i+3])
		d[0], d[1], d[2] = r[i], g[i], b[i]
	}
}

// cmykToRGB converts Adobe CMYK (stored inverted: 255 is no ink) to RGB as
// djpeg -pnm does (libjpeg-turbo's cmyk.h, cmyk_to_rgb): each of C, M, Y
// times K over 255, rounded. In integers, (2ck+255)/510 is that rounding:
// c*k/255 is never exactly half an integer.
func cmykToRGB(dst, c, m, y, k []byte) {
	n := len(c)
	m, y, k = m[:n], y[:n], k[:n]
	dst = dst[:3*n]
	for i := range n {
		kk := uint32(k[i])
		d := (*[3]byte)(dst[3*i : 3*i+3])
		d[0] = uint8((2*uint32(c[i])*kk + 255) / 510)
		d[1] = uint8((2*uint32(m[i])*kk + 255) / 510)
		d[2] = uint8((2*uint32(y[i])*kk + 255) / 510)
	}
}

// ycckToRGB converts YCCK to CMYK as jdcolor.c does (the YCbCr part to
// RGB, inverted to CMY, K as is) and that to RGB as cmykToRGB does.
func ycckToRGB(dst, y, cb, cr, k []byte) {
	t := ycc
	n := len(y)
	cb, cr, k = cb[:n], cr[:n], k[:n]
	dst = dst[:3*n]
	for i := range n {
		yy := int32(y[i])
		b, r := cb[i], cr[i]
		kk := uint32(k[i])
		c := 255 - uint32(clamp255(yy+t.crR[r]))
		m := 255 - uint32(clamp255(yy+(t.cbG[b]+t.crG[r])>>yccScaleBits))
		ye := 255 - uint32(clamp255(yy+t.cbB[b]))
		d := (*[3]byte)(dst[3*i : 3*i+3])
		d[0] = uint8((2*c*kk + 255) / 510)
		d[1] = uint8((2*m*kk + 255) / 510)
		d[2] = uint8((2*ye*kk + 255) / 510)
	}
}
