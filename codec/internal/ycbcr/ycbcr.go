// Package ycbcr converts rows of Go's image.YCbCr planes to RGB with the
// arithmetic of color.YCbCrToRGB, bit for bit, chroma replicated (each
// chroma sample serves the pixels it covers, as image.YCbCr.At does; no
// interpolation). It is codec.FromImage's YCbCr kernel: AVX2, or SSE2 on
// amd64 CPUs without it, for chroma that is full or halved horizontally
// (4:4:4, 4:4:0, 4:2:2, 4:2:0); Go for the rest, for the last pixels of
// a row, and under the purego build tag.
//
// The arithmetic lives in two places that must agree: chroma and clamp3
// below (color.YCbCrToRGB's own 32-bit form) and rgb_amd64.s with
// rgb_sse2_amd64.s (an exact 16-bit form of it, derived there). ycbcr_test.go holds both to
// color.YCbCrToRGB over all 2^24 inputs.
package ycbcr

// Row writes the RGB of the luma row y into out, 3 bytes a pixel: pixel x
// takes chroma sample (x+ox)>>hs of cb and cr, where ox, below 1<<hs, is
// the row's first pixel's offset within its chroma sample. cb and cr must
// hold every sample the row takes.
func Row(out, y, cb, cr []byte, hs uint, ox int) {
	rows(out, nil, y, nil, cb, cr, hs, ox, false)
}

// Rows2 is Row for two luma rows, y0 into out0 and y1 into out1, of one
// length, that share their chroma (4:2:0, 4:4:0): the chroma terms are
// computed once for both.
func Rows2(out0, out1, y0, y1, cb, cr []byte, hs uint, ox int) {
	rows(out0, out1, y0, y1, cb, cr, hs, ox, true)
}

// RowAlpha is Row with 4 bytes a pixel, the fourth copied from a, the
// row's alpha (image.NYCbCrA).
func RowAlpha(out, y, cb, cr, a []byte, hs uint, ox int) {
	n := len(y)
	out, a = out[:4*n], a[:n]
	for x, yv := range y {
		ci := (x + ox) >> hs
		rc, gc, bc := chroma(cb[ci], cr[ci])
		o := out[4*x : 4*x+4 : 4*x+4]
		o[0], o[1], o[2] = clamp3(yv, rc, gc, bc)
		o[3] = a[x]
	}
}

// rows is Row, and Rows2 when two is set.
func rows(o0, o1, y0, y1, cb, cr []byte, hs uint, ox int, two bool) {
	rowsWith(simdRows, o0, o1, y0, y1, cb, cr, hs, ox, two)
}

// rowsWith is rows with the given assembly kernel driver (simdRows, or
// one kernel in tests), which converts what it can of rows aligned to
// their chroma and returns how many pixels it did.
func rowsWith(simd func(o0, o1, y0, y1, cb, cr []byte, hs uint, two bool) int, o0, o1, y0, y1, cb, cr []byte, hs uint, ox int, two bool) {
	n := len(y0)
	o0 = o0[:3*n]
	if two {
		o1, y1 = o1[:3*n], y1[:n]
	}
	if hs > 1 || n == 0 {
		goRows(o0, o1, y0, y1, cb, cr, hs, ox, two)
		return
	}
	if ox != 0 {
		// Chroma halved and the row starts on the second pixel of its
		// sample: that pixel alone, then the pairs are aligned.
		pixel(o0, y0[0], cb[0], cr[0])
		if two {
			pixel(o1, y1[0], cb[0], cr[0])
			o1, y1 = o1[3:], y1[1:]
		}
		o0, y0, cb, cr = o0[3:], y0[1:], cb[1:], cr[1:]
	}
	d := simd(o0, o1, y0, y1, cb, cr, hs, two)
	if d == len(y0) {
		return
	}
	if two {
		o1, y1 = o1[3*d:], y1[d:]
	}
	goRows(o0[3*d:], o1, y0[d:], y1, cb[d>>hs:], cr[d>>hs:], hs, 0, two)
}

// goRows is rows in Go.
func goRows(o0, o1, y0, y1, cb, cr []byte, hs uint, ox int, two bool) {
	switch {
	case hs == 1 && ox == 0 && two:
		rows420(o0, o1, y0, y1, cb, cr)
	case hs == 1 && ox == 0:
		row2(o0, y0, cb, cr)
	default:
		row(o0, y0, cb, cr, hs, ox)
		if two {
			row(o1, y1, cb, cr, hs, ox)
		}
	}
}

// chroma returns the red, green and blue terms of a chroma sample, as
// color.YCbCrToRGB computes them.
func chroma(cb, cr uint8) (rc, gc, bc int32) {
	cb1 := int32(cb) - 128
	cr1 := int32(cr) - 128
	return 91881 * cr1, -22554*cb1 - 46802*cr1, 116130 * cb1
}

// clamp3 returns the 8-bit R, G and B of luma y plus chroma terms, with
// color.YCbCrToRGB's rounding and clamping.
func clamp3(y uint8, rc, gc, bc int32) (uint8, uint8, uint8) {
	yy1 := int32(y) * 0x10101
	return clamp16(yy1 + rc), clamp16(yy1 + gc), clamp16(yy1 + bc)
}

// clamp16 returns v>>16 clamped to [0, 255].
func clamp16(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	return uint8(^(v >> 31))
}

// pixel writes the RGB of one pixel into out[0:3].
func pixel(out []byte, y, cb, cr uint8) {
	rc, gc, bc := chroma(cb, cr)
	out[0], out[1], out[2] = clamp3(y, rc, gc, bc)
}

// row converts one row: pixel x takes chroma sample (x+ox)>>hs.
func row(out, yrow, cb, cr []byte, hs uint, ox int) {
	out = out[:3*len(yrow)]
	for x, yv := range yrow {
		ci := (x + ox) >> hs
		rc, gc, bc := chroma(cb[ci], cr[ci])
		o := out[3*x : 3*x+3 : 3*x+3]
		o[0], o[1], o[2] = clamp3(yv, rc, gc, bc)
	}
}

// row2 is row for chroma halved horizontally from an aligned x: each
// chroma sample's terms serve two pixels.
func row2(out, yrow, cb, cr []byte) {
	n := len(yrow)
	out = out[:3*n]
	cb, cr = cb[:(n+1)/2], cr[:(n+1)/2]
	for c := range n / 2 {
		rc, gc, bc := chroma(cb[c], cr[c])
		yp := yrow[2*c : 2*c+2 : 2*c+2]
		o := out[6*c : 6*c+6 : 6*c+6]
		o[0], o[1], o[2] = clamp3(yp[0], rc, gc, bc)
		o[3], o[4], o[5] = clamp3(yp[1], rc, gc, bc)
	}
	if n%2 == 1 {
		rc, gc, bc := chroma(cb[n/2], cr[n/2])
		o := out[3*(n-1) : 3*n : 3*n]
		o[0], o[1], o[2] = clamp3(yrow[n-1], rc, gc, bc)
	}
}

// rows420 converts two rows that share their chroma, halved horizontally
// from an aligned x: each chroma sample's terms serve four pixels.
func rows420(out0, out1, yrow0, yrow1, cb, cr []byte) {
	n := len(yrow0)
	out0, out1, yrow1 = out0[:3*n], out1[:3*n], yrow1[:n]
	cb, cr = cb[:(n+1)/2], cr[:(n+1)/2]
	for c := range n / 2 {
		rc, gc, bc := chroma(cb[c], cr[c])
		y0 := yrow0[2*c : 2*c+2 : 2*c+2]
		y1 := yrow1[2*c : 2*c+2 : 2*c+2]
		o := out0[6*c : 6*c+6 : 6*c+6]
		o[0], o[1], o[2] = clamp3(y0[0], rc, gc, bc)
		o[3], o[4], o[5] = clamp3(y0[1], rc, gc, bc)
		o = out1[6*c : 6*c+6 : 6*c+6]
		o[0], o[1], o[2] = clamp3(y1[0], rc, gc, bc)
		o[3], o[4], o[5] = clamp3(y1[1], rc, gc, bc)
	}
	if n%2 == 1 {
		rc, gc, bc := chroma(cb[n/2], cr[n/2])
		o := out0[3*(n-1) : 3*n : 3*n]
		o[0], o[1], o[2] = clamp3(yrow0[n-1], rc, gc, bc)
		o = out1[3*(n-1) : 3*n : 3*n]
		o[0], o[1], o[2] = clamp3(yrow1[n-1], rc, gc, bc)
	}
}
