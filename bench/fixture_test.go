package bench

import (
	"image"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// size is an image size a group runs at; name is what the benchmark name
// carries (12MP, 1080p, ...).
type size struct {
	name string
	w, h int
}

// pixels returns the number of pixels of s.
func (s size) pixels() int { return s.w * s.h }

// Sizes used across groups. Short mode swaps in tiny images so that the
// whole suite proves it runs in seconds.
var (
	size1MP   = size{"1MP", 1000, 1000}
	size12MP  = size{"12MP", 4000, 3000}
	size48MP  = size{"48MP", 8000, 6000}
	size1080p = size{"1080p", 1920, 1080}
	sizeTiny  = size{"160x120", 160, 120}
	sizeSmall = size{"320x240", 320, 240}
)

// viewSizes returns the sizes of the View group: 1, 12 and 48 MP, to show
// that a view's cost does not grow with the image.
func viewSizes() []size {
	if testing.Short() {
		return []size{sizeTiny, sizeSmall}
	}
	return []size{size1MP, size12MP, size48MP}
}

// opSizes returns the sizes of the groups that move pixels: 12 MP and 1080p.
func opSizes() []size {
	if testing.Short() {
		return []size{sizeSmall}
	}
	return []size{size12MP, size1080p}
}

// noise returns n deterministic pseudo-random bytes (xorshift64*), so that
// every run and every implementation sees the same pixels.
func noise(n int, seed uint64) []byte {
	buf := make([]byte, n)
	x := seed | 1
	i := 0
	for ; i+8 <= n; i += 8 {
		x ^= x >> 12
		x ^= x << 25
		x ^= x >> 27
		r := x * 0x2545F4914F6CDD1D
		w := buf[i : i+8 : i+8]
		w[0], w[1], w[2], w[3] = byte(r), byte(r>>8), byte(r>>16), byte(r>>24)
		w[4], w[5], w[6], w[7] = byte(r>>32), byte(r>>40), byte(r>>48), byte(r>>56)
	}
	for ; i < n; i++ {
		buf[i] = byte(i * 131)
	}
	return buf
}

// rgb returns a contiguous h x w x 3 view of noise.
func rgb(s size) pixbuf.View[uint8] {
	v, err := pixbuf.Wrap(noise(s.pixels()*3, 3), s.h, s.w, 3)
	if err != nil {
		panic(err)
	}
	return v
}

// rgba returns a contiguous h x w x 4 view of noise with every alpha 255,
// so that the same pixels read the same as *image.RGBA and *image.NRGBA.
func rgba(s size) pixbuf.View[uint8] {
	buf := noise(s.pixels()*4, 4)
	for i := 3; i < len(buf); i += 4 {
		buf[i] = 0xff
	}
	v, err := pixbuf.Wrap(buf, s.h, s.w, 4)
	if err != nil {
		panic(err)
	}
	return v
}

// dstView returns a new h x w x c destination whose pages have been
// written once, so that no benchmark pays the kernel's first-touch page
// faults inside its timed loop (b.Loop times every iteration, the first
// included).
func dstView(h, w, c int) pixbuf.View[uint8] {
	v := pixbuf.New[uint8](h, w, c)
	if err := v.Fill(1); err != nil {
		panic(err)
	}
	return v
}

// samples returns the samples of a contiguous view.
func samples(v pixbuf.View[uint8]) []byte {
	s, ok := v.Samples()
	if !ok {
		panic("bench: samples of a non-contiguous view")
	}
	return s
}

// rgbToNRGBA returns the pixels of an RGB view as a new *image.NRGBA, the
// form imaging works on.
func rgbToNRGBA(v pixbuf.View[uint8]) *image.NRGBA {
	h, w, _ := v.Shape()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		row, _ := v.RowSlice(y)
		out := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for x := range w {
			out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = row[3*x], row[3*x+1], row[3*x+2], 0xff
		}
	}
	return img
}

// nrgbaView returns a 4-channel view sharing the pixels of img.
func nrgbaView(img *image.NRGBA) pixbuf.View[uint8] {
	b := img.Bounds()
	v, err := pixbuf.WrapStrided(img.Pix, 0, b.Dy(), b.Dx(), 4, img.Stride, 4, 1)
	if err != nil {
		panic(err)
	}
	return v
}

// centre returns the middle half (in each direction) of a w x h image, the
// region the crop benchmarks take.
func centre(w, h int) image.Rectangle {
	return image.Rect(w/4, h/4, w/4+w/2, h/4+h/2)
}

// bench runs f as the sub-benchmark name with b.SetBytes(n) and
// b.ReportAllocs, the settings every pixview benchmark shares.
func bench(b *testing.B, name string, n int, f func(b *testing.B)) {
	b.Run(name, func(b *testing.B) {
		b.SetBytes(int64(n))
		b.ReportAllocs()
		f(b)
	})
}
