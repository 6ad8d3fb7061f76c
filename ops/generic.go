package ops

import "github.com/pixview/pixview/pixbuf"

// The generic kernels below work on any layout, sample by sample, through
// the view formula. They are the fallback for layouts no fast kernel takes
// and the reference the tests compare the fast kernels with. Each processes
// a band of rows [y0, y1) so that it can run in parallel.

// flipHGeneric mirrors rows y0 to y1 left to right in place.
func flipHGeneric[T pixbuf.Sample](buf []T, g geom, y0, y1 int) {
	for y := y0; y < y1; y++ {
		for x, x2 := 0, g.w-1; x < x2; x, x2 = x+1, x2-1 {
			swapPixel(buf, g, y, x, y, x2)
		}
	}
}

// flipVGeneric swaps row y with row h-1-y for y in [y0, y1), y1 <= h/2.
func flipVGeneric[T pixbuf.Sample](buf []T, g geom, y0, y1 int) {
	for y := y0; y < y1; y++ {
		for x := 0; x < g.w; x++ {
			swapPixel(buf, g, y, x, g.h-1-y, x)
		}
	}
}

// rotate180Generic swaps row y with row h-1-y reversed, for y in [y0, y1),
// y1 <= (h+1)/2; the middle row of an odd height is mirrored.
func rotate180Generic[T pixbuf.Sample](buf []T, g geom, y0, y1 int) {
	for y := y0; y < y1; y++ {
		y2 := g.h - 1 - y
		if y == y2 {
			flipHGeneric(buf, g, y, y+1)
			continue
		}
		for x := 0; x < g.w; x++ {
			swapPixel(buf, g, y, x, y2, g.w-1-x)
		}
	}
}

// transposeGeneric exchanges pixel (y, x) with (x, y) for x > y, y in
// [y0, y1), in a square layout.
func transposeGeneric[T pixbuf.Sample](buf []T, g geom, y0, y1 int) {
	for y := y0; y < y1; y++ {
		for x := y + 1; x < g.w; x++ {
			swapPixel(buf, g, y, x, x, y)
		}
	}
}

// swapPixel exchanges the c samples of pixels (y, x) and (y2, x2).
func swapPixel[T pixbuf.Sample](buf []T, g geom, y, x, y2, x2 int) {
	a, b := g.at(y, x, 0), g.at(y2, x2, 0)
	for k := 0; k < g.c; k++ {
		i, j := a+k*g.sc, b+k*g.sc
		buf[i], buf[j] = buf[j], buf[i]
	}
}

// copyGeneric copies rows [y0, y1) of src into dst, which have the same
// shape and do not overlap.
func copyGeneric[T pixbuf.Sample](dst []T, dg geom, src []T, sg geom, y0, y1 int) {
	for y := y0; y < y1; y++ {
		for x := 0; x < dg.w; x++ {
			d, s := dg.at(y, x, 0), sg.at(y, x, 0)
			for k := 0; k < dg.c; k++ {
				dst[d+k*dg.sc] = src[s+k*sg.sc]
			}
		}
	}
}

// swapsGeneric applies the channel exchanges swaps[0], swaps[1], ... to
// every pixel of rows [y0, y1) in place.
func swapsGeneric[T pixbuf.Sample](buf []T, g geom, swaps [][2]int, y0, y1 int) {
	for y := y0; y < y1; y++ {
		for x := 0; x < g.w; x++ {
			p := g.at(y, x, 0)
			for _, s := range swaps {
				i, j := p+s[0]*g.sc, p+s[1]*g.sc
				buf[i], buf[j] = buf[j], buf[i]
			}
		}
	}
}
