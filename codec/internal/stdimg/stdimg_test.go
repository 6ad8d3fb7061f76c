package stdimg_test

import (
	"fmt"
	"image"
	"sync/atomic"
	"testing"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/internal/stdimg"
	"github.com/pixview/pixview/pixbuf"
)

// views returns an h x w x c view of distinct samples in several
// geometries: contiguous, a crop of a padded buffer, flipped, transposed.
func views[T uint8 | uint16](h, w, c int) map[string]pixbuf.View[T] {
	big := pixbuf.New[T](h+2, w+3, c)
	for y := range h + 2 {
		for x := range w + 3 {
			for k := range c {
				big.Set(y, x, k, T(y*7919+x*104729+k*31+y*x))
			}
		}
	}
	v := big.Crop(image.Rect(1, 1, 1+w, 1+h))
	return map[string]pixbuf.View[T]{"contiguous": v.Clone(), "crop": v, "flipH": v.FlipH(), "transpose": v.Transpose()}
}

// check holds Of to the adapter ToImage returns, pixel by pixel, through
// the colors both report: the standard image is a copy of the same
// pixels, whatever the path (shared, row copy, per pixel).
func check[T uint8 | uint16](t *testing.T, workers int) {
	for c := 1; c <= 4; c++ {
		for name, v := range views[T](40, 30, c) {
			t.Run(fmt.Sprintf("%d-bit/%dch/%s/w%d", 8*v.ItemSize(), c, name, workers), func(t *testing.T) {
				got, want := stdimg.Of(v, workers), codec.ToImage(v)
				if got.Bounds() != want.Bounds() {
					t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
				}
				b := got.Bounds()
				for y := b.Min.Y; y < b.Max.Y; y++ {
					for x := b.Min.X; x < b.Max.X; x++ {
						r, g, bl, a := got.At(x, y).RGBA()
						r2, g2, b2, a2 := want.At(x, y).RGBA()
						if [4]uint32{r, g, bl, a} != [4]uint32{r2, g2, b2, a2} {
							t.Fatalf("(%d, %d): %v, want %v", x, y, got.At(x, y), want.At(x, y))
						}
					}
				}
			})
		}
	}
}

func TestOf(t *testing.T) {
	check[uint8](t, 1)
	check[uint16](t, 1)
	check[uint8](t, 3)
}

func TestRows(t *testing.T) {
	for _, tt := range []struct{ workers, h, w int }{{0, 1000, 1000}, {1, 1000, 1000}, {3, 1000, 1000}, {4, 10, 10}} {
		seen := make([]int, tt.h)
		var bands atomic.Int32
		stdimg.Rows(tt.workers, tt.h, tt.w, func(y0, y1 int) {
			bands.Add(1)
			for y := y0; y < y1; y++ {
				seen[y]++
			}
		})
		if n := int(bands.Load()); tt.workers > 0 && n > tt.workers || tt.h*tt.w < stdimg.MinParallelPixels && n != 1 {
			t.Errorf("%+v: %d bands", tt, n)
		}
		for y, n := range seen {
			if n != 1 {
				t.Fatalf("%+v: row %d done %d times", tt, y, n)
			}
		}
	}
}
