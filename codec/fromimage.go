package codec

import (
	"fmt"
	"image"
	"image/color"

	"github.com/pixview/pixview/codec/internal/ycbcr"
	"github.com/pixview/pixview/internal/safemath"
	"github.com/pixview/pixview/pixbuf"
)

// FromImage returns the pixels of img as an 8-bit h x w x c view whose
// channel count says what it holds: 1 gray, 3 RGB, 4 RGBA with straight
// (non-premultiplied) alpha, and 2 gray+alpha for a view that came from
// [ToImage].
//
// The view shares memory with img, with no copy, for *image.NRGBA (4
// channels), *image.Gray (1 channel) and an opaque *image.RGBA (4 channels,
// premultiplied and straight alpha being equal then), sub-images with a
// non-zero origin included, and for the images [ToImage] returns. Every other
// image is converted into a fresh contiguous buffer: RGB when it is opaque,
// RGBA otherwise. *image.YCbCr (every subsampling ratio), *image.NYCbCrA,
// *image.Paletted, *image.CMYK, non-opaque *image.RGBA and the 16-bit types
// have dedicated kernels; only other types go through the per-pixel
// interface. 16-bit samples keep their high byte; use [FromImage16] to keep
// all 16 bits.
//
// The error wraps ErrTooLarge if the size overflows, and pixbuf.ErrBounds if
// the Pix slice of a standard image is too short for its Rect and Stride.
func FromImage(img image.Image, opts ...Option) (pixbuf.View[uint8], error) {
	return convert[uint8]("FromImage", img, opts)
}

// convert is FromImage and FromImage16: fromImage, with the function's
// name in an error.
func convert[T uint8 | uint16](name string, img image.Image, opts []Option) (pixbuf.View[T], error) {
	v, err := fromImage[T](img, workersOf(opts))
	if err != nil {
		return v, prefixed("codec: "+name+": ", err)
	}
	return v, nil
}

// FromImage16 returns the pixels of img as a fresh, contiguous 16-bit
// h x w x c view, keeping all 16 bits of *image.Gray16 (1 channel),
// *image.RGBA64 (3 channels when opaque, else 4 with straight alpha) and
// *image.NRGBA64 (4 channels), as well as of any image through its
// per-pixel interface. 8-bit images are converted by [FromImage] and each
// sample s widened to s*257, so 0xff becomes 0xffff. The images [ToImage]
// returns for 16-bit views give back those views, sharing memory. Go's
// 16-bit images store samples big-endian, so the other cases always copy.
func FromImage16(img image.Image, opts ...Option) (pixbuf.View[uint16], error) {
	return convert[uint16]("FromImage16", img, opts)
}

func fromImage16(img image.Image, h, w, workers int) (pixbuf.View[uint16], error) {
	switch m := img.(type) {
	case *image.Gray16:
		return from16[uint16](m.Pix, m.Stride, h, w, 1, false, workers)
	case *image.RGBA64:
		return from16[uint16](m.Pix, m.Stride, h, w, 4, true, workers)
	case *image.NRGBA64:
		return from16[uint16](m.Pix, m.Stride, h, w, 4, false, workers)
	case *viewImage[uint16]:
		return m.v, nil
	case *drawImage[uint16]:
		return m.v, nil
	case *image.Gray, *image.RGBA, *image.NRGBA, *image.YCbCr, *image.NYCbCrA,
		*image.Paletted, *image.CMYK, *viewImage[uint8], *drawImage[uint8]:
		v8, err := fromImage8(img, h, w, workers)
		if err != nil {
			return pixbuf.View[uint16]{}, err
		}
		return widen(v8), nil
	}
	return fromGeneric[uint16](img, h, w), nil
}

// from16 converts the big-endian samples of a Go 16-bit image with c
// samples per pixel into a view of T: all 16 bits for uint16, the high
// byte for uint8 (the rounding of Go's color models). With premul, the
// image is an RGBA64: an opaque one becomes RGB, any other is converted
// to straight alpha.
func from16[T uint8 | uint16](pix []uint8, stride, h, w, c int, premul bool, workers int) (pixbuf.View[T], error) {
	src, err := pixbuf.WrapStrided(pix, 0, h, w, 2*c, stride, 2*c, 1)
	if err != nil {
		return pixbuf.View[T]{}, fmt.Errorf("the Pix slice does not hold the image: %w", err)
	}
	buf, off := src.Raw()
	if h == 0 || w == 0 {
		return pixbuf.New[T](h, w, c), nil
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
	dst := pixbuf.New[T](h, w, dc)
	d, _ := dst.Samples()
	shift := 16 - 8*dst.ItemSize() // 8 keeps the high byte, 0 all 16 bits
	parallelRows(workers, h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			s := row(y)
			out := d[y*w*dc : (y+1)*w*dc]
			if dc == c && !premul {
				for i := range out {
					out[i] = T((uint16(s[2*i])<<8 | uint16(s[2*i+1])) >> shift)
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
					o[0], o[1], o[2] = T(r>>shift), T(g>>shift), T(b>>shift)
					continue
				}
				n := unpremul(color.RGBA64{R: r, G: g, B: b, A: a})
				o[0], o[1], o[2], o[3] = T(n.R>>shift), T(n.G>>shift), T(n.B>>shift), T(n.A>>shift)
			}
		}
	})
	return dst, nil
}

// fromImage returns img as a view of T, as FromImage or FromImage16 does,
// on up to workers goroutines: the one entry point of both depths.
func fromImage[T uint8 | uint16](img image.Image, workers int) (pixbuf.View[T], error) {
	if img == nil {
		return pixbuf.View[T]{}, tagged(ErrUnsupported, "a nil image")
	}
	r := img.Bounds()
	w, h := max(r.Dx(), 0), max(r.Dy(), 0)
	if _, ok := safemath.Mul4(h, w, 4, 2); !ok {
		return pixbuf.View[T]{}, tagged(ErrTooLarge, "a %dx%d image is too large to address", w, h)
	}
	var v any
	var err error
	switch any(*new(T)).(type) {
	case uint8:
		v, err = fromImage8(img, h, w, workers)
	default:
		v, err = fromImage16(img, h, w, workers)
	}
	return v.(pixbuf.View[T]), err
}

func fromImage8(img image.Image, h, w, workers int) (pixbuf.View[uint8], error) {
	switch m := img.(type) {
	case *image.NRGBA:
		return share(m.Pix, m.Stride, h, w, 4)
	case *image.Gray:
		return share(m.Pix, m.Stride, h, w, 1)
	case *image.RGBA:
		if m.Opaque() {
			return share(m.Pix, m.Stride, h, w, 4)
		}
		if _, err := share(m.Pix, m.Stride, h, w, 4); err != nil {
			return pixbuf.View[uint8]{}, err
		}
		return fromRGBA(m, h, w, workers), nil
	case *image.YCbCr:
		if err := checkYCbCr(m, h, w); err != nil {
			return pixbuf.View[uint8]{}, err
		}
		dst := pixbuf.New[uint8](h, w, 3)
		fromYCbCr(dst, m, nil, 0, workers)
		return dst, nil
	case *image.NYCbCrA:
		if err := checkYCbCr(&m.YCbCr, h, w); err != nil {
			return pixbuf.View[uint8]{}, err
		}
		if _, err := share(m.A, m.AStride, h, w, 1); err != nil {
			return pixbuf.View[uint8]{}, err
		}
		dst := pixbuf.New[uint8](h, w, 4)
		fromYCbCr(dst, &m.YCbCr, m.A, m.AStride, workers)
		return dst, nil
	case *image.Paletted:
		if _, err := share(m.Pix, m.Stride, h, w, 1); err != nil {
			return pixbuf.View[uint8]{}, err
		}
		return fromPaletted(m, h, w, workers), nil
	case *image.CMYK:
		if _, err := share(m.Pix, m.Stride, h, w, 4); err != nil {
			return pixbuf.View[uint8]{}, err
		}
		return fromCMYK(m, h, w, workers), nil
	case *image.Gray16:
		return from16[uint8](m.Pix, m.Stride, h, w, 1, false, workers)
	case *image.RGBA64:
		return from16[uint8](m.Pix, m.Stride, h, w, 4, true, workers)
	case *image.NRGBA64:
		return from16[uint8](m.Pix, m.Stride, h, w, 4, false, workers)
	case *viewImage[uint8]:
		return m.v, nil
	case *drawImage[uint8]:
		return m.v, nil
	case *viewImage[uint16]:
		return narrow(m.v), nil
	case *drawImage[uint16]:
		return narrow(m.v), nil
	}
	return fromGeneric[uint8](img, h, w), nil
}

// share returns the view of a standard image's Pix with c samples per pixel
// and the given row stride.
func share(pix []uint8, stride, h, w, c int) (pixbuf.View[uint8], error) {
	v, err := pixbuf.WrapStrided(pix, 0, h, w, c, stride, c, 1)
	if err != nil {
		return pixbuf.View[uint8]{}, fmt.Errorf("the Pix slice does not hold the image: %w", err)
	}
	return v, nil
}

// checkYCbCr reports an error unless the planes of m hold its h x w pixels.
func checkYCbCr(m *image.YCbCr, h, w int) error {
	if _, err := share(m.Y, m.YStride, h, w, 1); err != nil || h == 0 || w == 0 {
		return err
	}
	hs, vs := subsampling(m.SubsampleRatio)
	minX, minY := m.Rect.Min.X, m.Rect.Min.Y
	cw := quo(minX+w-1, hs) - quo(minX, hs) + 1
	ch := quo(minY+h-1, vs) - quo(minY, vs) + 1
	if _, err := share(m.Cb, m.CStride, ch, cw, 1); err != nil {
		return err
	}
	_, err := share(m.Cr, m.CStride, ch, cw, 1)
	return err
}

// fromRGBA converts a premultiplied *image.RGBA that is not opaque to a
// straight-alpha RGBA view, rounding as color.NRGBAModel does.
func fromRGBA(m *image.RGBA, h, w, workers int) pixbuf.View[uint8] {
	dst := pixbuf.New[uint8](h, w, 4)
	d, _ := dst.Samples()
	parallelRows(workers, h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			src := m.Pix[y*m.Stride : y*m.Stride+4*w]
			out := d[y*4*w : (y+1)*4*w]
			for i := 0; i+3 < len(src); i += 4 {
				s := src[i : i+4 : i+4]
				o := out[i : i+4 : i+4]
				switch a := uint32(s[3]); a {
				case 0xff:
					o[0], o[1], o[2], o[3] = s[0], s[1], s[2], 0xff
				case 0:
					o[0], o[1], o[2], o[3] = 0, 0, 0, 0
				default:
					o[0] = uint8(uint32(s[0]) * 0xffff / a >> 8)
					o[1] = uint8(uint32(s[1]) * 0xffff / a >> 8)
					o[2] = uint8(uint32(s[2]) * 0xffff / a >> 8)
					o[3] = uint8(a)
				}
			}
		}
	})
	return dst
}

// subsampling returns the log2 of the horizontal and vertical chroma
// subsampling factors of a YCbCr ratio.
func subsampling(r image.YCbCrSubsampleRatio) (hs, vs uint) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 1, 0
	case image.YCbCrSubsampleRatio420:
		return 1, 1
	case image.YCbCrSubsampleRatio440:
		return 0, 1
	case image.YCbCrSubsampleRatio411:
		return 2, 0
	case image.YCbCrSubsampleRatio410:
		return 2, 1
	}
	return 0, 0
}

// quo returns x / 2**s truncated toward zero, as image.YCbCr.COffset
// divides.
func quo(x int, s uint) int {
	if x < 0 {
		return -(-x >> s)
	}
	return x >> s
}

// fromYCbCr converts m into dst, an h x w x 3 (or x 4 when alpha is not nil)
// view whose pixels are contiguous samples and whose rows may lie any
// distance apart, with the arithmetic of color.YCbCrToRGB, so the result
// equals the per-pixel conversion exactly (codec/internal/ycbcr). Chroma
// sample (cx, cy) serves pixels (x, y) with x>>hs == cx and y>>vs == cy,
// measured in the image's own coordinates as image.YCbCr.COffset does.
func fromYCbCr(dst pixbuf.View[uint8], m *image.YCbCr, alpha []uint8, astride, workers int) {
	h, w, c := dst.Shape()
	if h == 0 || w == 0 {
		return
	}
	buf, off := dst.Raw()
	sy, sx, sc := dst.Strides()
	if sx != c || sc != 1 {
		panic("codec: fromYCbCr: the view's pixels are not contiguous")
	}
	out := func(y int) []uint8 { return buf[off+y*sy : off+y*sy+w*c] }
	hs, vs := subsampling(m.SubsampleRatio)
	minX, minY := m.Rect.Min.X, m.Rect.Min.Y
	if minX < 0 || minY < 0 {
		// Rare: COffset truncates toward zero, which the shifts below do not.
		for y := range h {
			o := out(y)
			for x := range w {
				ci := m.COffset(minX+x, minY+y)
				p := o[c*x : c*x+c : c*x+c]
				p[0], p[1], p[2] = color.YCbCrToRGB(m.Y[y*m.YStride+x], m.Cb[ci], m.Cr[ci])
				if alpha != nil {
					p[3] = alpha[y*astride+x]
				}
			}
		}
		return
	}
	ox := minX & (1<<hs - 1) // the first pixel's place in its chroma sample
	nc := (w+ox-1)>>hs + 1   // chroma samples a row takes
	parallelRows(workers, h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			ic := ((y+minY)>>vs - minY>>vs) * m.CStride
			cb, cr := m.Cb[ic:ic+nc], m.Cr[ic:ic+nc]
			yrow := m.Y[y*m.YStride : y*m.YStride+w]
			switch {
			case alpha != nil:
				ycbcr.RowAlpha(out(y), yrow, cb, cr, alpha[y*astride:y*astride+w], hs, ox)
			case vs == 1 && (y+minY)%2 == 0 && y+1 < y1:
				// Rows y and y+1 share their chroma row: its terms are
				// computed once.
				ycbcr.Rows2(out(y), out(y+1), yrow, m.Y[(y+1)*m.YStride:(y+1)*m.YStride+w], cb, cr, hs, ox)
				y++
			default:
				ycbcr.Row(out(y), yrow, cb, cr, hs, ox)
			}
		}
	})
}

// fromPaletted converts a paletted image through a 256-entry table of
// straight-alpha colors: gray when every palette entry is an opaque gray,
// RGB when every entry is opaque, RGBA otherwise. An index past the end of
// the palette reads as opaque black.
func fromPaletted(m *image.Paletted, h, w, workers int) pixbuf.View[uint8] {
	var lut [256][4]uint8
	for i := range lut {
		lut[i] = [4]uint8{0, 0, 0, 0xff}
		if i < len(m.Palette) && m.Palette[i] != nil {
			n := straight(m.Palette[i])
			lut[i] = [4]uint8{n.R, n.G, n.B, n.A}
		}
	}
	c := paletteChannels(m.Palette)
	dst := pixbuf.New[uint8](h, w, c)
	d, _ := dst.Samples()
	parallelRows(workers, h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			src := m.Pix[y*m.Stride : y*m.Stride+w]
			out := d[y*w*c : (y+1)*w*c]
			for x, p := range src {
				copy(out[x*c:x*c+c:x*c+c], lut[p][:c])
			}
		}
	})
	return dst
}

// paletteChannels returns the channels a palette's colors need: 1 when
// all are opaque grays, 3 when all are opaque, 4 otherwise.
func paletteChannels(p color.Palette) int {
	c := 1
	for _, e := range p {
		if e == nil {
			continue
		}
		n := straight(e)
		if n.A != 0xff {
			return 4
		}
		if n.R != n.G || n.G != n.B {
			c = 3
		}
	}
	return c
}

// straight returns c as color.NRGBAModel converts it, without boxing the
// result in an interface (an allocation for each palette entry).
func straight(c color.Color) color.NRGBA {
	if n, ok := c.(color.NRGBA); ok {
		return n // NRGBAModel returns it as it is
	}
	r, g, b, a := c.RGBA()
	switch a {
	case 0xffff:
		return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff}
	case 0:
		return color.NRGBA{}
	}
	r, g, b = r*0xffff/a, g*0xffff/a, b*0xffff/a
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

// fromCMYK converts a CMYK image to RGB with color.CMYKToRGB.
func fromCMYK(m *image.CMYK, h, w, workers int) pixbuf.View[uint8] {
	dst := pixbuf.New[uint8](h, w, 3)
	d, _ := dst.Samples()
	parallelRows(workers, h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			src := m.Pix[y*m.Stride : y*m.Stride+4*w]
			out := d[y*w*3 : (y+1)*w*3]
			for x := range w {
				s := src[4*x : 4*x+4 : 4*x+4]
				r, g, b := color.CMYKToRGB(s[0], s[1], s[2], s[3])
				o := out[3*x : 3*x+3 : 3*x+3]
				o[0], o[1], o[2] = r, g, b
			}
		}
	})
	return dst
}

// unpremul converts a premultiplied 16-bit color to straight alpha with the
// arithmetic of color.NRGBA64Model.
func unpremul(c color.RGBA64) color.NRGBA64 {
	switch c.A {
	case 0xffff:
		return color.NRGBA64(c)
	case 0:
		return color.NRGBA64{}
	}
	a := uint32(c.A)
	return color.NRGBA64{
		R: uint16(uint32(c.R) * 0xffff / a),
		G: uint16(uint32(c.G) * 0xffff / a),
		B: uint16(uint32(c.B) * 0xffff / a),
		A: c.A,
	}
}

// fromGeneric converts any image through its per-pixel interface and
// color.NRGBAModel or, for 16 bits, color.NRGBA64Model, which are exact
// for straight-alpha colors: RGB when every pixel is opaque, RGBA
// otherwise.
func fromGeneric[T uint8 | uint16](img image.Image, h, w int) pixbuf.View[T] {
	dst := pixbuf.New[T](h, w, 4)
	d, _ := dst.Samples()
	r := img.Bounds()
	wide := dst.ItemSize() == 2
	opaque := true
	for y := range h {
		for x := range w {
			o := d[(y*w+x)*4 : (y*w+x)*4+4 : (y*w+x)*4+4]
			c := img.At(r.Min.X+x, r.Min.Y+y)
			if wide {
				n := color.NRGBA64Model.Convert(c).(color.NRGBA64)
				o[0], o[1], o[2], o[3] = T(n.R), T(n.G), T(n.B), T(n.A)
			} else {
				n := color.NRGBAModel.Convert(c).(color.NRGBA)
				o[0], o[1], o[2], o[3] = T(n.R), T(n.G), T(n.B), T(n.A)
			}
			opaque = opaque && o[3] == ^T(0)
		}
	}
	if opaque {
		return dst.ChannelRange(0, 3).Clone()
	}
	return dst
}

// narrow returns a fresh 8-bit view holding the high byte of every sample
// of v, the rounding of Go's color models.
func narrow(v pixbuf.View[uint16]) pixbuf.View[uint8] {
	return redepth[uint8](v, func(s uint16) uint8 { return uint8(s >> 8) })
}

// widen returns a fresh 16-bit view holding s*257 for every sample s of v,
// so 0xff becomes 0xffff.
func widen(v pixbuf.View[uint8]) pixbuf.View[uint16] {
	return redepth[uint16](v, func(s uint8) uint16 { return uint16(s) * 0x101 })
}

// redepth returns a fresh contiguous view of v's shape holding f of every
// sample.
func redepth[D, S uint8 | uint16](v pixbuf.View[S], f func(S) D) pixbuf.View[D] {
	h, w, c := v.Shape()
	dst := pixbuf.New[D](h, w, c)
	d, _ := dst.Samples()
	buf, off := v.Raw()
	sy, sx, sc := v.Strides()
	i := 0
	for y := range h {
		for x := range w {
			p := off + y*sy + x*sx
			for k := range c {
				d[i] = f(buf[p+k*sc])
				i++
			}
		}
	}
	return dst
}
