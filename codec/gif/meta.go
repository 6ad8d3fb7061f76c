package gif

import (
	"bytes"
	"fmt"

	"github.com/pixview/pixview/codec/codecerr"
)

// Info is what [Scan] reads of a GIF file without decoding its frames.
type Info struct {
	// Frames counts the image descriptors: 1 for a still image, more for
	// an animation.
	Frames int
	// Comments are the comment extensions, in file order, each with its
	// sub-blocks joined.
	Comments []string
	// XMP is the packet of the first XMP application extension ("XMP
	// DataXMP"), without its magic trailer; nil when there is none.
	XMP []byte
}

// xmpAppID is the application identifier and authentication code of an
// XMP application extension, after its block size byte 11.
const xmpAppID = "XMP DataXMP"

// xmpTrailerLen is the length of the XMP magic trailer that ends the
// packet: 0x01, then 0xFF down to 0x00. Read as sub-blocks, the packet's
// bytes and the trailer always lead to the block terminator after it,
// which is what lets a reader that knows nothing of XMP skip the packet.
const xmpTrailerLen = 257

// xmpTrailer returns the magic trailer.
func xmpTrailer() []byte {
	t := make([]byte, 0, xmpTrailerLen)
	t = append(t, 1)
	for v := 255; v >= 0; v-- {
		t = append(t, byte(v))
	}
	return t
}

// Scan reads the block structure of GIF data: how many frames it holds,
// its comments and its XMP packet. It walks the blocks as [Frames] does
// (one pass, no decompression) and allocates only what it returns. Data
// that is not GIF, or whose blocks run past its end, gives an error
// wrapping codecerr.ErrFormat, with what was read up to there (a
// truncated animation still says it has several frames); bytes after the
// trailer are ignored, as decoders ignore them.
func Scan(data []byte) (*Info, error) {
	info := &Info{}
	keep := func(label byte) bool { return label == 0xFE || label == 0xFF && info.XMP == nil }
	var err error
	info.Frames, err = walk(bytes.NewReader(data), keep, func(label byte, blocks []byte) {
		switch {
		case label == 0xFE:
			info.Comments = append(info.Comments, string(joinSubBlocks(blocks)))
		case len(blocks) >= 13 && blocks[0] == 11 && string(blocks[1:12]) == xmpAppID:
			// The packet is stored raw, not as sub-blocks: it runs up to
			// the trailer, which ends one byte before the terminator the
			// sub-block walk found.
			raw := blocks[12 : len(blocks)-1]
			if len(raw) >= xmpTrailerLen && bytes.Equal(raw[len(raw)-xmpTrailerLen:], xmpTrailer()) {
				info.XMP = raw[:len(raw)-xmpTrailerLen]
			}
		}
	})
	return info, err
}

// joinSubBlocks returns the data of well-formed sub-blocks b (terminator
// included), joined.
func joinSubBlocks(b []byte) []byte {
	var out []byte
	for len(b) > 0 && b[0] != 0 {
		n := int(b[0])
		out = append(out, b[1:1+n]...)
		b = b[1+n:]
	}
	return out
}

// appendSubBlocks appends d as data sub-blocks of at most 255 bytes, and
// the terminator.
func appendSubBlocks(dst, d []byte) []byte {
	for len(d) > 0 {
		n := min(len(d), 255)
		dst = append(dst, byte(n))
		dst = append(dst, d[:n]...)
		d = d[n:]
	}
	return append(dst, 0)
}

// InsertMetadata returns a copy of GIF data with comment extensions for
// comments and an XMP application extension for xmp (when not nil) right
// after the global colour table, before any other block, where every
// reader finds them. A GIF87a file becomes GIF89a, the version that has
// extensions. The data must be what [Scan] accepts.
func InsertMetadata(data []byte, comments []string, xmp []byte) ([]byte, error) {
	if _, err := Scan(data); err != nil {
		return nil, err
	}
	if len(comments) == 0 && xmp == nil {
		return data, nil
	}
	at := 13
	if data[10]&0x80 != 0 {
		at += 3 << (data[10]&7 + 1)
	}
	var ext []byte
	for _, c := range comments {
		ext = appendSubBlocks(append(ext, 0x21, 0xFE), []byte(c))
	}
	if xmp != nil {
		if bytes.Contains(xmp, []byte{0}) {
			// A NUL would end the packet for a reader walking sub-blocks.
			return nil, fmt.Errorf("gif: an XMP packet holding a NUL byte cannot be stored: %w", codecerr.ErrUnsupported)
		}
		ext = append(ext, 0x21, 0xFF, 11)
		ext = append(ext, xmpAppID...)
		ext = append(ext, xmp...)
		ext = append(ext, xmpTrailer()...)
		ext = append(ext, 0)
	}
	out := make([]byte, 0, len(data)+len(ext))
	out = append(out, data[:at]...)
	copy(out[3:6], "89a")
	out = append(out, ext...)
	return append(out, data[at:]...), nil
}
