package codec

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/pixview/pixview/pixbuf"
)

// Compile-time checks that the adapters implement what ToImage promises.
var (
	_ image.RGBA64Image = (*image8)(nil)
	_ image.RGBA64Image = (*image16)(nil)
	_ draw.RGBA64Image  = (*drawImage8)(nil)
	_ draw.RGBA64Image  = (*drawImage16)(nil)
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

// image8 is a read-only image.Image over any 8-bit view. Sample (y, x, k)
// is buf[off + y*sy + x*sx + k*sc].
type image8 struct {
	v pixbuf.View[uint8]
	layout
	buf        []uint8
	off        int
	sy, sx, sc int
}

// drawImage8 is image8 made writable: a draw.Image.
type drawImage8 struct{ *image8 }

// ColorModel returns the color model of the view's channel count.
func (m *image8) ColorModel() color.Model {
	switch m.c {
	case 1:
		return color.GrayModel
	case 3:
		return color.RGBAModel
	}
	return color.NRGBAModel
}

// At returns the color of pixel (x, y), or the model's zero color outside
// the bounds.
func (m *image8) At(x, y int) color.Color {
	if !m.in(x, y) {
		switch m.c {
		case 1:
			return color.Gray{}
		case 3:
			return color.RGBA{}
		}
		return color.NRGBA{}
	}
	i := m.off + y*m.sy + x*m.sx
	switch m.c {
	case 1:
		return color.Gray{m.buf[i]}
	case 2:
		g := m.buf[i]
		return color.NRGBA{g, g, g, m.buf[i+m.sc]}
	case 3:
		return color.RGBA{m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], 0xff}
	}
	return color.NRGBA{m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], m.buf[i+3*m.sc]}
}

// RGBA64At returns the premultiplied color of pixel (x, y) without
// allocating, or transparent black outside the bounds.
func (m *image8) RGBA64At(x, y int) color.RGBA64 {
	if !m.in(x, y) {
		return color.RGBA64{}
	}
	i := m.off + y*m.sy + x*m.sx
	var n color.NRGBA
	switch m.c {
	case 1:
		g := uint16(m.buf[i]) * 0x101
		return color.RGBA64{g, g, g, 0xffff}
	case 2:
		g := m.buf[i]
		n = color.NRGBA{g, g, g, m.buf[i+m.sc]}
	case 3:
		return color.RGBA64{uint16(m.buf[i]) * 0x101, uint16(m.buf[i+m.sc]) * 0x101, uint16(m.buf[i+2*m.sc]) * 0x101, 0xffff}
	default:
		n = color.NRGBA{m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], m.buf[i+3*m.sc]}
	}
	r, g, b, a := n.RGBA()
	return color.RGBA64{uint16(r), uint16(g), uint16(b), uint16(a)}
}

// Opaque reports whether every pixel is fully opaque, as png.Encode asks.
func (m *image8) Opaque() bool {
	if m.c != 2 && m.c != 4 {
		return true
	}
	for y := range m.rect.Max.Y {
		for x := range m.rect.Max.X {
			if m.buf[m.off+y*m.sy+x*m.sx+(m.c-1)*m.sc] != 0xff {
				return false
			}
		}
	}
	return true
}

// Set sets pixel (x, y) to c converted by the color model, as the standard
// image types do. A point outside the bounds is ignored.
func (m *drawImage8) Set(x, y int, c color.Color) {
	if !m.in(x, y) {
		return
	}
	i := m.off + y*m.sy + x*m.sx
	switch m.c {
	case 1:
		m.buf[i] = color.GrayModel.Convert(c).(color.Gray).Y
	case 2:
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		m.buf[i] = gray8(n.R, n.G, n.B)
		m.buf[i+m.sc] = n.A
	case 3:
		r := color.RGBAModel.Convert(c).(color.RGBA)
		m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc] = r.R, r.G, r.B
	default:
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], m.buf[i+3*m.sc] = n.R, n.G, n.B, n.A
	}
}

// SetRGBA64 sets pixel (x, y) to the premultiplied color c without
// allocating, with the rounding of the standard image types. A point
// outside the bounds is ignored.
func (m *drawImage8) SetRGBA64(x, y int, c color.RGBA64) {
	if !m.in(x, y) {
		return
	}
	i := m.off + y*m.sy + x*m.sx
	switch m.c {
	case 1:
		m.buf[i] = uint8((19595*uint32(c.R) + 38470*uint32(c.G) + 7471*uint32(c.B) + 1<<15) >> 24)
	case 2:
		n := unpremul(c)
		m.buf[i] = gray8(uint8(n.R>>8), uint8(n.G>>8), uint8(n.B>>8))
		m.buf[i+m.sc] = uint8(n.A >> 8)
	case 3:
		m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc] = uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8)
	default:
		n := unpremul(c)
		m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], m.buf[i+3*m.sc] = uint8(n.R>>8), uint8(n.G>>8), uint8(n.B>>8), uint8(n.A>>8)
	}
}

// image16 is a read-only image.Image over any 16-bit view. Sample (y, x, k)
// is buf[off + y*sy + x*sx + k*sc].
type image16 struct {
	v pixbuf.View[uint16]
	layout
	buf        []uint16
	off        int
	sy, sx, sc int
}

// drawImage16 is image16 made writable: a draw.Image.
type drawImage16 struct{ *image16 }

// ColorModel returns the color model of the view's channel count.
func (m *image16) ColorModel() color.Model {
	switch m.c {
	case 1:
		return color.Gray16Model
	case 3:
		return color.RGBA64Model
	}
	return color.NRGBA64Model
}

// At returns the color of pixel (x, y), or the model's zero color outside
// the bounds.
func (m *image16) At(x, y int) color.Color {
	if !m.in(x, y) {
		switch m.c {
		case 1:
			return color.Gray16{}
		case 3:
			return color.RGBA64{}
		}
		return color.NRGBA64{}
	}
	i := m.off + y*m.sy + x*m.sx
	switch m.c {
	case 1:
		return color.Gray16{m.buf[i]}
	case 2:
		g := m.buf[i]
		return color.NRGBA64{g, g, g, m.buf[i+m.sc]}
	case 3:
		return color.RGBA64{m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], 0xffff}
	}
	return color.NRGBA64{m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], m.buf[i+3*m.sc]}
}

// RGBA64At returns the premultiplied color of pixel (x, y) without
// allocating, or transparent black outside the bounds.
func (m *image16) RGBA64At(x, y int) color.RGBA64 {
	if !m.in(x, y) {
		return color.RGBA64{}
	}
	i := m.off + y*m.sy + x*m.sx
	var n color.NRGBA64
	switch m.c {
	case 1:
		g := m.buf[i]
		return color.RGBA64{g, g, g, 0xffff}
	case 2:
		g := m.buf[i]
		n = color.NRGBA64{g, g, g, m.buf[i+m.sc]}
	case 3:
		return color.RGBA64{m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], 0xffff}
	default:
		n = color.NRGBA64{m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], m.buf[i+3*m.sc]}
	}
	r, g, b, a := n.RGBA()
	return color.RGBA64{uint16(r), uint16(g), uint16(b), uint16(a)}
}

// Opaque reports whether every pixel is fully opaque, as png.Encode asks.
func (m *image16) Opaque() bool {
	if m.c != 2 && m.c != 4 {
		return true
	}
	for y := range m.rect.Max.Y {
		for x := range m.rect.Max.X {
			if m.buf[m.off+y*m.sy+x*m.sx+(m.c-1)*m.sc] != 0xffff {
				return false
			}
		}
	}
	return true
}

// Set sets pixel (x, y) to c converted by the color model, as the standard
// image types do. A point outside the bounds is ignored.
func (m *drawImage16) Set(x, y int, c color.Color) {
	if !m.in(x, y) {
		return
	}
	i := m.off + y*m.sy + x*m.sx
	switch m.c {
	case 1:
		m.buf[i] = color.Gray16Model.Convert(c).(color.Gray16).Y
	case 2:
		n := color.NRGBA64Model.Convert(c).(color.NRGBA64)
		m.buf[i] = uint16((19595*uint32(n.R) + 38470*uint32(n.G) + 7471*uint32(n.B) + 1<<15) >> 16)
		m.buf[i+m.sc] = n.A
	case 3:
		r := color.RGBA64Model.Convert(c).(color.RGBA64)
		m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc] = r.R, r.G, r.B
	default:
		n := color.NRGBA64Model.Convert(c).(color.NRGBA64)
		m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], m.buf[i+3*m.sc] = n.R, n.G, n.B, n.A
	}
}

// SetRGBA64 sets pixel (x, y) to the premultiplied color c without
// allocating, with the rounding of the standard image types. A point
// outside the bounds is ignored.
func (m *drawImage16) SetRGBA64(x, y int, c color.RGBA64) {
	if !m.in(x, y) {
		return
	}
	i := m.off + y*m.sy + x*m.sx
	switch m.c {
	case 1:
		m.buf[i] = uint16((19595*uint32(c.R) + 38470*uint32(c.G) + 7471*uint32(c.B) + 1<<15) >> 16)
	case 2:
		n := unpremul(c)
		m.buf[i] = uint16((19595*uint32(n.R) + 38470*uint32(n.G) + 7471*uint32(n.B) + 1<<15) >> 16)
		m.buf[i+m.sc] = n.A
	case 3:
		m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc] = c.R, c.G, c.B
	default:
		n := unpremul(c)
		m.buf[i], m.buf[i+m.sc], m.buf[i+2*m.sc], m.buf[i+3*m.sc] = n.R, n.G, n.B, n.A
	}
}

// gray8 is the luma of an 8-bit color as color.GrayModel computes it.
func gray8(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r)*0x101 + 38470*uint32(g)*0x101 + 7471*uint32(b)*0x101 + 1<<15) >> 24)
}
