package codec

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/pixview/pixview/pixbuf"
)

// Compile-time checks that the adapters implement what ToImage promises.
var (
	_ image.RGBA64Image = (*viewImage[uint8])(nil)
	_ image.RGBA64Image = (*viewImage[uint16])(nil)
	_ draw.RGBA64Image  = (*drawImage[uint8])(nil)
	_ draw.RGBA64Image  = (*drawImage[uint16])(nil)
)

// layout is the geometry an adapter shows: at most 4 channels, and no
// pixel at all when the view has no channel.
type layout struct {
	rect image.Rectangle
	c    int
}

func newLayout(h, w, c int) layout {
	if c == 0 {
		h, w = 0, 0
	}
	return layout{rect: image.Rect(0, 0, w, h), c: min(c, 4)}
}

// Bounds returns (0, 0)-(width, height).
func (l layout) Bounds() image.Rectangle { return l.rect }

func (l layout) in(x, y int) bool {
	return uint(x) < uint(l.rect.Max.X) && uint(y) < uint(l.rect.Max.Y)
}

// viewImage is a read-only image.Image over any 8- or 16-bit view. Sample
// (y, x, k) is buf[off + y*sy + x*sx + k*sc]. Colors are computed in 16
// bits and stored back at the view's depth: for 8 bits that is what Go's
// 8-bit color models compute, to the bit.
type viewImage[T uint8 | uint16] struct {
	v pixbuf.View[T]
	layout
	buf        []T
	off        int
	sy, sx, sc int
	wide       bool // T is uint16
}

// drawImage is viewImage made writable: a draw.Image.
type drawImage[T uint8 | uint16] struct{ *viewImage[T] }

func newViewImage[T uint8 | uint16](v pixbuf.View[T]) *viewImage[T] {
	m := &viewImage[T]{v: v, layout: newLayout(v.Shape()), wide: v.ItemSize() == 2}
	m.buf, m.off = v.Raw()
	m.sy, m.sx, m.sc = v.Strides()
	return m
}

// s16 returns sample s widened to 16 bits, 0xff becoming 0xffff. The
// test on T folds away in each instantiation.
func (m *viewImage[T]) s16(s T) uint16 {
	if uint16(^T(0)) == 0xffff {
		return uint16(s)
	}
	return uint16(s) * 0x101
}

// store returns a 16-bit value at the view's depth, keeping its high byte
// for 8 bits.
func (m *viewImage[T]) store(v uint16) T {
	if m.wide {
		return T(v)
	}
	return T(v >> 8)
}

// ColorModel returns the color model of the view's channel count and
// depth.
func (m *viewImage[T]) ColorModel() color.Model {
	switch {
	case m.c == 1 && m.wide:
		return color.Gray16Model
	case m.c == 1:
		return color.GrayModel
	case m.c == 3 && m.wide:
		return color.RGBA64Model
	case m.c == 3:
		return color.RGBAModel
	case m.wide:
		return color.NRGBA64Model
	}
	return color.NRGBAModel
}

// At returns the color of pixel (x, y) in the color model, or the model's
// zero color outside the bounds.
func (m *viewImage[T]) At(x, y int) color.Color {
	wide := uint16(^T(0)) == 0xffff // folded away in each instantiation
	if !m.in(x, y) {
		switch {
		case m.c == 1 && wide:
			return color.Gray16{}
		case m.c == 1:
			return color.Gray{}
		case m.c == 3 && wide:
			return color.RGBA64{}
		case m.c == 3:
			return color.RGBA{}
		case wide:
			return color.NRGBA64{}
		}
		return color.NRGBA{}
	}
	i := m.off + y*m.sy + x*m.sx
	b := m.buf
	switch m.c {
	case 1:
		if wide {
			return color.Gray16{uint16(b[i])}
		}
		return color.Gray{uint8(b[i])}
	case 2:
		if wide {
			g := uint16(b[i])
			return color.NRGBA64{g, g, g, uint16(b[i+m.sc])}
		}
		g := uint8(b[i])
		return color.NRGBA{g, g, g, uint8(b[i+m.sc])}
	case 3:
		if wide {
			return color.RGBA64{uint16(b[i]), uint16(b[i+m.sc]), uint16(b[i+2*m.sc]), 0xffff}
		}
		return color.RGBA{uint8(b[i]), uint8(b[i+m.sc]), uint8(b[i+2*m.sc]), 0xff}
	}
	if wide {
		return color.NRGBA64{uint16(b[i]), uint16(b[i+m.sc]), uint16(b[i+2*m.sc]), uint16(b[i+3*m.sc])}
	}
	return color.NRGBA{uint8(b[i]), uint8(b[i+m.sc]), uint8(b[i+2*m.sc]), uint8(b[i+3*m.sc])}
}

// RGBA64At returns the premultiplied color of pixel (x, y) without
// allocating, or transparent black outside the bounds.
func (m *viewImage[T]) RGBA64At(x, y int) color.RGBA64 {
	if !m.in(x, y) {
		return color.RGBA64{}
	}
	i := m.off + y*m.sy + x*m.sx
	var n color.NRGBA64
	switch m.c {
	case 1:
		g := m.s16(m.buf[i])
		return color.RGBA64{g, g, g, 0xffff}
	case 2:
		g := m.s16(m.buf[i])
		n = color.NRGBA64{g, g, g, m.s16(m.buf[i+m.sc])}
	case 3:
		return color.RGBA64{m.s16(m.buf[i]), m.s16(m.buf[i+m.sc]), m.s16(m.buf[i+2*m.sc]), 0xffff}
	default:
		n = color.NRGBA64{m.s16(m.buf[i]), m.s16(m.buf[i+m.sc]), m.s16(m.buf[i+2*m.sc]), m.s16(m.buf[i+3*m.sc])}
	}
	r, g, b, a := n.RGBA()
	return color.RGBA64{uint16(r), uint16(g), uint16(b), uint16(a)}
}

// Opaque reports whether every pixel is fully opaque, as png.Encode asks.
func (m *viewImage[T]) Opaque() bool {
	if m.c != 2 && m.c != 4 {
		return true
	}
	for y := range m.rect.Max.Y {
		for x := range m.rect.Max.X {
			if m.buf[m.off+y*m.sy+x*m.sx+(m.c-1)*m.sc] != ^T(0) {
				return false
			}
		}
	}
	return true
}

// Set sets pixel (x, y) to c converted by the color model, as the standard
// image types do. A point outside the bounds is ignored.
func (m *drawImage[T]) Set(x, y int, c color.Color) {
	if !m.in(x, y) {
		return
	}
	if !m.wide {
		// The 8-bit models, which return their own colors unchanged
		// where a round trip through 16 bits would not.
		switch m.c {
		case 1:
			g := color.GrayModel.Convert(c).(color.Gray).Y
			m.put(x, y, uint16(g)<<8, 0, 0, 0)
		case 3:
			r := color.RGBAModel.Convert(c).(color.RGBA)
			m.put(x, y, uint16(r.R)<<8, uint16(r.G)<<8, uint16(r.B)<<8, 0)
		case 2:
			n := color.NRGBAModel.Convert(c).(color.NRGBA)
			m.put(x, y, uint16(gray8(n.R, n.G, n.B))<<8, uint16(n.A)<<8, 0, 0)
		default:
			n := color.NRGBAModel.Convert(c).(color.NRGBA)
			m.put(x, y, uint16(n.R)<<8, uint16(n.G)<<8, uint16(n.B)<<8, uint16(n.A)<<8)
		}
		return
	}
	switch m.c {
	case 1:
		m.put(x, y, color.Gray16Model.Convert(c).(color.Gray16).Y, 0, 0, 0)
	case 3:
		r := color.RGBA64Model.Convert(c).(color.RGBA64)
		m.put(x, y, r.R, r.G, r.B, 0)
	default:
		m.putStraight(x, y, color.NRGBA64Model.Convert(c).(color.NRGBA64))
	}
}

// SetRGBA64 sets pixel (x, y) to the premultiplied color c without
// allocating, with the rounding of the standard image types. A point
// outside the bounds is ignored.
func (m *drawImage[T]) SetRGBA64(x, y int, c color.RGBA64) {
	if !m.in(x, y) {
		return
	}
	switch m.c {
	case 1:
		m.put(x, y, gray16(c.R, c.G, c.B), 0, 0, 0)
	case 3:
		m.put(x, y, c.R, c.G, c.B, 0)
	default:
		m.putStraight(x, y, unpremul(c))
	}
}

// putStraight stores a straight-alpha color in a 2- or 4-channel view. The
// luma of gray+alpha is computed at the view's depth, as
// color.GrayModel and color.Gray16Model compute it.
func (m *drawImage[T]) putStraight(x, y int, n color.NRGBA64) {
	if m.c == 2 {
		g := gray16(n.R, n.G, n.B)
		if !m.wide {
			g = uint16(gray8(uint8(n.R>>8), uint8(n.G>>8), uint8(n.B>>8))) << 8
		}
		m.put(x, y, g, n.A, 0, 0)
		return
	}
	m.put(x, y, n.R, n.G, n.B, n.A)
}

// put stores the first channels of a 16-bit pixel at the view's depth.
func (m *drawImage[T]) put(x, y int, a, b, c, d uint16) {
	i := m.off + y*m.sy + x*m.sx
	m.buf[i] = m.store(a)
	if m.c > 1 {
		m.buf[i+m.sc] = m.store(b)
	}
	if m.c > 2 {
		m.buf[i+2*m.sc] = m.store(c)
	}
	if m.c > 3 {
		m.buf[i+3*m.sc] = m.store(d)
	}
}

// gray16 is the luma of a 16-bit color as color.Gray16Model computes it;
// its high byte is what color.GrayModel computes.
func gray16(r, g, b uint16) uint16 {
	return uint16((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// gray8 is the luma of an 8-bit color as color.GrayModel computes it.
func gray8(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r)*0x101 + 38470*uint32(g)*0x101 + 7471*uint32(b)*0x101 + 1<<15) >> 24)
}
