package codec

import (
	"fmt"
	"image"
	"image/color"

	"github.com/pixview/pixview/internal/safemath"
	"github.com/pixview/pixview/pixbuf"
)

// FromImage16 returns the pixels of img as a fresh, contiguous 16-bit
// h x w x c view, keeping all 16 bits of *image.Gray16 (1 channel),
// *image.RGBA64 (3 channels when opaque, else 4 with straight alpha) and
// *image.NRGBA64 (4 channels), as well as of any image through its
// per-pixel interface. 8-bit images are converted by [FromImage] and each
// sample s widened to s*257, so 0xff becomes 0xffff. The images [ToImage]
// returns for 16-bit views give back those views, sharing memory. Go's
// 16-bit images store samples big-endian, so the other cases always copy.
func FromImage16(img image.Image, opts ...Option) (pixbuf.View[uint16], error) {
	v, err := fromImage16(img, workersOf(opts))
	if err != nil {
		return v, prefixed("codec: FromImage16: ", err)
	}
	return v, nil
}

func fromImage16(img image.Image, workers int) (pixbuf.View[uint16], error) {
	if img == nil {
		return pixbuf.View[uint16]{}, tagged(ErrUnsupported, "a nil image")
	}
	r := img.Bounds()
	w, h := max(r.Dx(), 0), max(r.Dy(), 0)
	if _, ok := safemath.Mul4(h, w, 4, 2); !ok {
		return pixbuf.View[uint16]{}, tagged(ErrTooLarge, "a %dx%d image is too large to address", w, h)
	}
	switch m := img.(type) {
	case *image.Gray16:
		return from16(m.Pix, m.Stride, h, w, 1, false, workers)
	case *image.RGBA64:
		return from16(m.Pix, m.Stride, h, w, 4, true, workers)
	case *image.NRGBA64:
		return from16(m.Pix, m.Stride, h, w, 4, false, workers)
	case *image16:
		return m.v, nil
	case *drawImage16:
		return m.v, nil
	case *image.Gray, *image.RGBA, *image.NRGBA, *image.YCbCr, *image.NYCbCrA,
		*image.Paletted, *image.CMYK, *image8, *drawImage8:
		v8, err := fromImage8(img, workers)
		if err != nil {
			return pixbuf.View[uint16]{}, err
		}
		return widen(v8), nil
	}
	return fromGeneric16(img, h, w), nil
}

// from16 converts the big-endian samples of a Go 16-bit image with c
// samples per pixel. With premul, the image is an RGBA64: an opaque one
// becomes RGB, any other is converted to straight alpha.
func from16(pix []uint8, stride, h, w, c int, premul bool, workers int) (pixbuf.View[uint16], error) {
	src, err := pixbuf.WrapStrided(pix, 0, h, w, 2*c, stride, 2*c, 1)
	if err != nil {
		return pixbuf.View[uint16]{}, fmt.Errorf("Pix does not hold the image: %w", err)
	}
	buf, off := src.Raw()
	if h == 0 || w == 0 {
		return pixbuf.New[uint16](h, w, c), nil
	}
	row := func(y int) []uint8 { return buf[off+y*stride : off+y*stride+2*c*w] }
	dc := c
	if premul {
		dc = 3
		for y := 0; y < h && dc == 3; y++ {
			s := row(y)
			for i := 6; i < len(s); i += 8 {
				if s[i] != 0xff || s[i+1] != 0xff {
					dc = 4
					break
				}
			}
		}
	}
	dst := pixbuf.New[uint16](h, w, dc)
	d, _ := dst.Samples()
	parallelRows(workers, h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			s := row(y)
			out := d[y*w*dc : (y+1)*w*dc]
			if dc == c && !premul {
				for i := range out {
					out[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
				}
				continue
			}
			for x := range w {
				p := s[8*x : 8*x+8 : 8*x+8]
				o := out[dc*x : dc*x+dc : dc*x+dc]
				r := uint16(p[0])<<8 | uint16(p[1])
				g := uint16(p[2])<<8 | uint16(p[3])
				b := uint16(p[4])<<8 | uint16(p[5])
				a := uint16(p[6])<<8 | uint16(p[7])
				if dc == 3 {
					o[0], o[1], o[2] = r, g, b
					continue
				}
				n := unpremul(color.RGBA64{R: r, G: g, B: b, A: a})
				o[0], o[1], o[2], o[3] = n.R, n.G, n.B, n.A
			}
		}
	})
	return dst, nil
}

// fromGeneric16 converts any image through its per-pixel interface and
// color.NRGBA64Model, which is exact for 16-bit straight-alpha colors: RGB
// when every pixel is opaque, RGBA otherwise.
func fromGeneric16(img image.Image, h, w int) pixbuf.View[uint16] {
	dst := pixbuf.New[uint16](h, w, 4)
	d, _ := dst.Samples()
	r := img.Bounds()
	opaque := true
	for y := range h {
		for x := range w {
			c := color.NRGBA64Model.Convert(img.At(r.Min.X+x, r.Min.Y+y)).(color.NRGBA64)
			o := d[(y*w+x)*4 : (y*w+x)*4+4 : (y*w+x)*4+4]
			o[0], o[1], o[2], o[3] = c.R, c.G, c.B, c.A
			opaque = opaque && c.A == 0xffff
		}
	}
	if opaque {
		return dst.ChannelRange(0, 3).Clone()
	}
	return dst
}

// widen returns a fresh 16-bit view holding s*257 for every sample s of v.
func widen(v pixbuf.View[uint8]) pixbuf.View[uint16] {
	h, w, c := v.Shape()
	dst := pixbuf.New[uint16](h, w, c)
	d, _ := dst.Samples()
	buf, off := v.Raw()
	sy, sx, sc := v.Strides()
	i := 0
	for y := range h {
		for x := range w {
			p := off + y*sy + x*sx
			for k := range c {
				d[i] = uint16(buf[p+k*sc]) * 0x101
				i++
			}
		}
	}
	return dst
}
