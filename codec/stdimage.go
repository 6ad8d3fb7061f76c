package codec

import (
	"image"

	"github.com/pixview/pixview/pixbuf"
)

// The encoders of the standard library and x/image take fast paths only for
// their own concrete image types and fall back to a per-pixel At call for
// anything else. Encode therefore hands them a standard image: the view's
// own memory when its layout is that of one, otherwise one copy made row by
// row, which costs a small fraction of the encoding.

// stdImage8 returns an 8-bit view as the standard image type its channel
// count maps to: *image.Gray (1), *image.NRGBA (2 as gray+alpha, 4) or an
// opaque *image.RGBA (3). It shares memory when the layout allows, so the
// result must only be read.
func stdImage[T uint8 | uint16](v pixbuf.View[T], workers int) image.Image {
	switch v := any(v).(type) {
	case pixbuf.View[uint8]:
		return stdImage8(v, workers)
	case pixbuf.View[uint16]:
		return stdImage16(v, workers)
	}
	panic("unreachable")
}

func stdImage8(v pixbuf.View[uint8], workers int) image.Image {
	h, w, c := v.Shape()
	rect := image.Rect(0, 0, w, h)
	sy, sx, sc := v.Strides()
	buf, off := v.Raw()
	if h == 1 {
		sy = w * c // any stride serves one row
	}
	// Share only when Pix can span whole rows, the last one included: the
	// TIFF encoder slices Stride bytes for every row.
	if h > 0 && w > 0 && (c == 1 || c == 4) && (c == 1 || sc == 1) && (w == 1 || sx == c) &&
		sy >= w*c && off+h*sy <= len(buf) {
		pix := buf[off : off+h*sy]
		if c == 1 {
			return &image.Gray{Pix: pix, Stride: sy, Rect: rect}
		}
		return &image.NRGBA{Pix: pix, Stride: sy, Rect: rect}
	}
	var pix []uint8
	var m image.Image
	switch c {
	case 1:
		g := image.NewGray(rect)
		pix, m = g.Pix, g
	case 3:
		g := image.NewRGBA(rect)
		pix, m = g.Pix, g
	default:
		g := image.NewNRGBA(rect)
		pix, m = g.Pix, g
	}
	dc := 4
	if c == 1 {
		dc = 1
	}
	parallelRows(workers, h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			out := pix[y*w*dc : (y+1)*w*dc]
			if row, ok := v.RowSlice(y); ok && c == dc {
				copy(out, row)
				continue
			} else if ok && c == 3 {
				rgbToRGBA(out, row)
				continue
			}
			i := off + y*sy
			for x := range w {
				o := out[x*dc : x*dc+dc : x*dc+dc]
				switch c {
				case 1:
					o[0] = buf[i]
				case 2:
					o[0], o[1], o[2], o[3] = buf[i], buf[i], buf[i], buf[i+sc]
				case 3:
					o[0], o[1], o[2], o[3] = buf[i], buf[i+sc], buf[i+2*sc], 0xff
				default:
					o[0], o[1], o[2], o[3] = buf[i], buf[i+sc], buf[i+2*sc], buf[i+3*sc]
				}
				i += sx
			}
		}
	})
	return m
}

// stdImage16 returns a 16-bit view, copied, as the standard image type its
// channel count maps to: *image.Gray16 (1), *image.NRGBA64 (2 as
// gray+alpha, 4) or an opaque *image.RGBA64 (3).
func stdImage16(v pixbuf.View[uint16], workers int) image.Image {
	h, w, c := v.Shape()
	rect := image.Rect(0, 0, w, h)
	sy, sx, sc := v.Strides()
	buf, off := v.Raw()
	var pix []uint8
	var m image.Image
	switch c {
	case 1:
		g := image.NewGray16(rect)
		pix, m = g.Pix, g
	case 3:
		g := image.NewRGBA64(rect)
		pix, m = g.Pix, g
	default:
		g := image.NewNRGBA64(rect)
		pix, m = g.Pix, g
	}
	dc := 4
	if c == 1 {
		dc = 1
	}
	parallelRows(workers, h, w, func(y0, y1 int) {
		var s [4]uint16
		for y := y0; y < y1; y++ {
			out := pix[y*w*dc*2 : (y+1)*w*dc*2]
			i := off + y*sy
			for x := range w {
				switch c {
				case 1:
					s[0] = buf[i]
				case 2:
					s = [4]uint16{buf[i], buf[i], buf[i], buf[i+sc]}
				case 3:
					s = [4]uint16{buf[i], buf[i+sc], buf[i+2*sc], 0xffff}
				default:
					s = [4]uint16{buf[i], buf[i+sc], buf[i+2*sc], buf[i+3*sc]}
				}
				o := out[x*dc*2 : (x+1)*dc*2 : (x+1)*dc*2]
				for k := range dc {
					o[2*k], o[2*k+1] = uint8(s[k]>>8), uint8(s[k])
				}
				i += sx
			}
		}
	})
	return m
}

// rgbToRGBA copies a row of RGB pixels into opaque RGBA.
func rgbToRGBA(dst, src []uint8) {
	for len(src) >= 12 && len(dst) >= 16 {
		d, s := dst[:16:16], src[:12:12]
		d[0], d[1], d[2], d[3] = s[0], s[1], s[2], 0xff
		d[4], d[5], d[6], d[7] = s[3], s[4], s[5], 0xff
		d[8], d[9], d[10], d[11] = s[6], s[7], s[8], 0xff
		d[12], d[13], d[14], d[15] = s[9], s[10], s[11], 0xff
		dst, src = dst[16:], src[12:]
	}
	for len(src) >= 3 && len(dst) >= 4 {
		dst[0], dst[1], dst[2], dst[3] = src[0], src[1], src[2], 0xff
		dst, src = dst[4:], src[3:]
	}
}
