package codec

import (
	"encoding/binary"

	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// A PNG colour key is a tRNS chunk in a gray or truecolour PNG: one sample
// value (gray) or one RGB triple that is fully transparent wherever it
// occurs. Decoding turns it into an alpha channel (image/png does, and so
// must any view: an operation or another format sees the transparency,
// not a silently opaque image), and the key itself is kept in Source, as
// a palette is: it is how the file coded its pixels, not metadata about
// them. The PNG encoder, given that Source, writes the image as gray or
// truecolour with the key again whenever the pixels still fit it: every
// transparent pixel has the key's colour and no opaque pixel has it. A
// flip, a turn or a crop keeps that true; what breaks it (partial alpha,
// a transparent pixel of another colour) is written with an alpha
// channel, and the change is reported.

// pngKey is the colour key of a PNG source.
type pngKey struct {
	gray  bool      // a gray key (colour type 0), else RGB (colour type 2)
	depth int       // the source's bit depth: 1, 2, 4, 8 or 16
	value [3]uint16 // the key's samples at that depth; gray uses value[0]
}

// pngColourKey returns the colour key of a PNG whose chunks up to its
// first IDAT are in b, or nil when it has none.
func pngColourKey(b []byte) *pngKey {
	if len(b) < 33 || string(b[12:16]) != "IHDR" {
		return nil
	}
	depth, ctype := int(b[24]), b[25]
	d, ok := pngChunkData(b, "tRNS")
	switch {
	case !ok:
		return nil
	case ctype == 0 && len(d) == 2:
		return &pngKey{gray: true, depth: depth, value: [3]uint16{binary.BigEndian.Uint16(d)}}
	case ctype == 2 && len(d) == 6:
		return &pngKey{depth: depth, value: [3]uint16{binary.BigEndian.Uint16(d), binary.BigEndian.Uint16(d[2:]), binary.BigEndian.Uint16(d[4:])}}
	}
	return nil
}

// at returns the key's samples at the output depth (8 or 16), and false
// when the key cannot be said there (a 16-bit key in an 8-bit view).
func (k *pngKey) at(depth int) ([3]uint16, bool) {
	v := k.value
	switch {
	case k.depth == depth:
	case k.depth < 8 && depth == 8 && k.depth > 0:
		// image/png scales a low-depth gray sample to 8 bits this way.
		v[0] *= uint16(255 / (1<<k.depth - 1))
	default:
		return v, false
	}
	if depth == 8 && (v[0] > 0xff || v[1] > 0xff || v[2] > 0xff) {
		return v, false // a key no 8-bit sample can have
	}
	return v, true
}

// keyedPNG returns the view to write and the tRNS chunk that keeps the
// key, when the 4-channel view p fits it; ok is false otherwise.
func keyedPNG(p Pixels, k *pngKey) (out Pixels, trns meta.Chunk, ok bool) {
	var key [3]uint16
	switch v := p.(type) {
	case pixbuf.View[uint8]:
		if key, ok = k.at(8); ok {
			out, ok = keyedView(v, k.gray, key, 0xff)
		}
	case pixbuf.View[uint16]:
		if key, ok = k.at(16); ok {
			out, ok = keyedView(v, k.gray, key, 0xffff)
		}
	}
	if !ok {
		return nil, meta.Chunk{}, false
	}
	d := binary.BigEndian.AppendUint16(nil, key[0])
	if !k.gray {
		d = binary.BigEndian.AppendUint16(d, key[1])
		d = binary.BigEndian.AppendUint16(d, key[2])
	}
	return out, meta.Chunk{Type: "tRNS", Data: d}, true
}

// keyedView returns v without its alpha channel (its gray channel alone
// when gray), and whether the key says v's alpha exactly: every pixel is
// either transparent with the key's colour or opaque with another, and,
// when gray, every pixel is gray.
func keyedView[T uint8 | uint16](v pixbuf.View[T], gray bool, key [3]uint16, opaque T) (Pixels, bool) {
	h, w, c := v.Shape()
	if c != 4 {
		return nil, false
	}
	for y := range h {
		for x := range w {
			r, g, b, a := v.At(y, x, 0), v.At(y, x, 1), v.At(y, x, 2), v.At(y, x, 3)
			if gray && (r != g || g != b) {
				return nil, false
			}
			isKey := uint16(r) == key[0] && (gray || uint16(g) == key[1] && uint16(b) == key[2])
			if (a == 0) != isKey || (a != 0 && a != opaque) {
				return nil, false
			}
		}
	}
	if gray {
		return v.Channel(0), true
	}
	return v.ChannelRange(0, 3), true
}

// insertAfterIHDR returns PNG data with chunk c right after IHDR, where a
// tRNS chunk of a gray or truecolour image may go (it must precede IDAT;
// such an image has no PLTE for it to follow).
func insertAfterIHDR(data []byte, c meta.Chunk) []byte {
	const end = 8 + 12 + 13 // signature, IHDR
	out := make([]byte, 0, len(data)+12+len(c.Data))
	out = append(out, data[:end]...)
	out = meta.AppendChunk(out, c)
	return append(out, data[end:]...)
}
