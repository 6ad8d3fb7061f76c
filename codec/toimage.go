package codec

import (
	"image"

	"github.com/pixview/pixview/pixbuf"
)

// ToImage returns v as an image.Image with bounds (0, 0)-(width, height),
// sharing memory with v: no pixel is copied.
//
// A writable 8-bit view with 4 channels whose pixels lie 4 samples apart in
// rows going down memory becomes an *image.NRGBA, and one with 1 channel and
// pixel stride 1 an *image.Gray, so that Go's encoders and image/draw take
// their fast paths. Any other view — flipped, transposed, cropped,
// 3-channel, 16-bit — becomes an adapter that implements image.Image,
// image.RGBA64Image and, unless v is read-only, draw.Image and
// draw.RGBA64Image, with the color model the channel count implies:
//
//	channels   uint8              uint16
//	1          color.GrayModel    color.Gray16Model
//	2          color.NRGBAModel   color.NRGBA64Model   (gray + straight alpha)
//	3          color.RGBAModel    color.RGBA64Model    (opaque)
//	4          color.NRGBAModel   color.NRGBA64Model   (straight alpha)
//
// A view with more than 4 channels shows its first 4; one with none is
// empty. Writing a translucent color into an opaque 1- or 3-channel view
// stores it composited over black, as *image.Gray does. [FromImage] and
// [FromImage16] given the result return v again.
func ToImage[T uint8 | uint16](v pixbuf.View[T]) image.Image {
	switch v := any(v).(type) {
	case pixbuf.View[uint8]:
		return toImage8(v)
	case pixbuf.View[uint16]:
		return toImage16(v)
	}
	panic("unreachable")
}

func toImage8(v pixbuf.View[uint8]) image.Image {
	h, w, c := v.Shape()
	sy, sx, sc := v.Strides()
	buf, off := v.Raw()
	if !v.ReadOnly() && h > 0 && w > 0 && (c == 1 || c == 4) &&
		(c == 1 || sc == 1) && (w == 1 || sx == c) && (h == 1 || sy >= w*c) {
		if h == 1 {
			sy = w * c
		}
		// Span whole rows when the buffer allows, as image.NewNRGBA does.
		pix := buf[off : off+min((h-1)*sy+max(sy, w*c), len(buf)-off)]
		if c == 1 {
			return &image.Gray{Pix: pix, Stride: sy, Rect: image.Rect(0, 0, w, h)}
		}
		return &image.NRGBA{Pix: pix, Stride: sy, Rect: image.Rect(0, 0, w, h)}
	}
	m := newViewImage(v)
	if v.ReadOnly() {
		return m
	}
	return &drawImage[uint8]{m}
}

func toImage16(v pixbuf.View[uint16]) image.Image {
	m := newViewImage(v)
	if v.ReadOnly() {
		return m
	}
	return &drawImage[uint16]{m}
}
