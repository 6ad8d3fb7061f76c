// Package stdimg turns pixbuf views into the standard library's image
// types, for package codec and the format packages under it, which may not
// import codec: one view-to-image path for every depth and channel count.
package stdimg

import (
	"image"
	"runtime"
	"sync"

	"github.com/pixview/pixview/pixbuf"
)

// MinParallelPixels is the image size below which Rows runs on the
// calling goroutine: under it, starting goroutines costs more than it
// saves.
const MinParallelPixels = 1 << 18

// Rows calls fn on bands [y0, y1) that cover the rows [0, h) of an image w
// pixels wide, on up to workers goroutines (GOMAXPROCS when workers <= 0)
// for large images and on the calling goroutine for small ones. fn must
// only write rows of its own band.
func Rows(workers, h, w int, fn func(y0, y1 int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := min(workers, h/16)
	if n < 2 || h*w < MinParallelPixels {
		fn(0, h)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		y0, y1 := h*i/n, h*(i+1)/n
		wg.Go(func() { fn(y0, y1) })
	}
	wg.Wait()
}

// Of returns v as the standard image type its channel count and depth map
// to: *image.Gray or *image.Gray16 (1 channel), an opaque *image.RGBA or
// *image.RGBA64 (3), *image.NRGBA or *image.NRGBA64 (2, as gray+alpha,
// and 4). An 8-bit view whose layout is that of an *image.Gray or
// *image.NRGBA is shared, not copied, so the result must only be read;
// every other view is copied row by row on up to workers goroutines (Go's
// 16-bit images store samples big-endian, so 16 bits always copy).
func Of[T uint8 | uint16](v pixbuf.View[T], workers int) image.Image {
	if v8, ok := any(v).(pixbuf.View[uint8]); ok {
		if m := share(v8); m != nil {
			return m
		}
	}
	h, w, c := v.Shape()
	wide := v.ItemSize() == 2
	rect := image.Rect(0, 0, w, h)
	var pix []uint8
	var m image.Image
	switch {
	case c == 1 && wide:
		g := image.NewGray16(rect)
		pix, m = g.Pix, g
	case c == 1:
		g := image.NewGray(rect)
		pix, m = g.Pix, g
	case c == 3 && wide:
		g := image.NewRGBA64(rect)
		pix, m = g.Pix, g
	case c == 3:
		g := image.NewRGBA(rect)
		pix, m = g.Pix, g
	case wide:
		g := image.NewNRGBA64(rect)
		pix, m = g.Pix, g
	default:
		g := image.NewNRGBA(rect)
		pix, m = g.Pix, g
	}
	dc := 4 // channels of the standard type
	if c == 1 {
		dc = 1
	}
	rowBytes := w * dc * v.ItemSize()
	Rows(workers, h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			out := pix[y*rowBytes : (y+1)*rowBytes]
			if v8, ok := any(v).(pixbuf.View[uint8]); ok {
				if row, ok := v8.RowSlice(y); ok && (c == dc || c == 3) {
					if c == dc {
						copy(out, row)
					} else {
						rgbToRGBA(out, row)
					}
					continue
				}
			}
			putRow(out, v.Row(y))
		}
	})
	return m
}

// putRow writes one row of a view into out in the layout of the standard
// type Of chose: gray, or RGBA with gray repeated and an opaque alpha
// added; 16-bit samples big-endian. The channel count and depth are
// decided once per row, not per pixel.
func putRow[T uint8 | uint16](out []uint8, row pixbuf.View[T]) {
	_, w, c := row.Shape()
	buf, i := row.Raw()
	_, sx, sc := row.Strides()
	opaque := ^T(0)
	if uint16(opaque) == 0xffff { // 16 bits; folded away in each instantiation
		dc := 4
		if c == 1 {
			dc = 1
		}
		for x := range w {
			var s [4]T
			switch c {
			case 1:
				s[0] = buf[i]
			case 2:
				s = [4]T{buf[i], buf[i], buf[i], buf[i+sc]}
			case 3:
				s = [4]T{buf[i], buf[i+sc], buf[i+2*sc], opaque}
			default:
				s = [4]T{buf[i], buf[i+sc], buf[i+2*sc], buf[i+3*sc]}
			}
			p := out[2*dc*x : 2*dc*(x+1) : 2*dc*(x+1)]
			for k := range dc {
				p[2*k], p[2*k+1] = uint8(uint16(s[k])>>8), uint8(s[k])
			}
			i += sx
		}
		return
	}
	switch c {
	case 1:
		for x := range w {
			out[x] = uint8(buf[i])
			i += sx
		}
	case 2:
		for x := range w {
			o := out[4*x : 4*x+4 : 4*x+4]
			g := uint8(buf[i])
			o[0], o[1], o[2], o[3] = g, g, g, uint8(buf[i+sc])
			i += sx
		}
	case 3:
		for x := range w {
			o := out[4*x : 4*x+4 : 4*x+4]
			o[0], o[1], o[2], o[3] = uint8(buf[i]), uint8(buf[i+sc]), uint8(buf[i+2*sc]), 0xff
			i += sx
		}
	default:
		for x := range w {
			o := out[4*x : 4*x+4 : 4*x+4]
			o[0], o[1], o[2], o[3] = uint8(buf[i]), uint8(buf[i+sc]), uint8(buf[i+2*sc]), uint8(buf[i+3*sc])
			i += sx
		}
	}
}

// share returns an 8-bit view with 1 or 4 channels as an *image.Gray or
// *image.NRGBA over its own memory when its layout is one, or nil.
func share(v pixbuf.View[uint8]) image.Image {
	h, w, c := v.Shape()
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
		rect := image.Rect(0, 0, w, h)
		if c == 1 {
			return &image.Gray{Pix: pix, Stride: sy, Rect: rect}
		}
		return &image.NRGBA{Pix: pix, Stride: sy, Rect: rect}
	}
	return nil
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
