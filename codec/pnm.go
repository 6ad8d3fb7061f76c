package codec

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"math"

	"github.com/pixview/pixview/codec/internal/readall"
	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// This file registers Netpbm, and holds all of codec's use of codec/pnm.

// pnmFormat is the Netpbm family as one sniffed format: PBM, PGM, PPM and
// PAM, plain or binary, 8 and 16 bits, decode; the encoder writes P5 for
// one channel, P6 for three and P7 otherwise, at the view's depth. Its
// transform without decoding moves the raster's bytes.
var pnmFormat = &Format{
	Name:         PNM,
	Extensions:   []string{".pnm"},
	MediaType:    "image/x-portable-anymap",
	Sniff:        sniffPNM,
	DecodeConfig: pnmConfig,
	Decode:       pnmDecode,
	Encode:       pnmEncoder(""),
	Writes:       Writes{Depths: []int{8, 16}, Channels: []int{1, 2, 3, 4}},
	Transform:    pnmTransform,
}

// The Netpbm writers that fix the variant, by name or extension: "--to
// ppm" means P6. Their files decode as "pnm".
var (
	pbmFormat = &Format{Name: "pbm", Family: PNM, Extensions: []string{".pbm"}, MediaType: "image/x-portable-bitmap",
		DecodeConfig: pnmConfig, Decode: pnmDecode}
	pgmFormat = &Format{Name: "pgm", Family: PNM, Extensions: []string{".pgm"}, MediaType: "image/x-portable-graymap",
		DecodeConfig: pnmConfig, Decode: pnmDecode, Encode: pnmEncoder("P5"),
		Writes: Writes{Depths: []int{8, 16}, Channels: []int{1}}}
	ppmFormat = &Format{Name: "ppm", Family: PNM, Extensions: []string{".ppm"}, MediaType: "image/x-portable-pixmap",
		DecodeConfig: pnmConfig, Decode: pnmDecode, Encode: pnmEncoder("P6"),
		Writes: Writes{Depths: []int{8, 16}, Channels: []int{3}}}
	pamFormat = &Format{Name: "pam", Family: PNM, Extensions: []string{".pam"}, MediaType: "image/x-portable-arbitrarymap",
		DecodeConfig: pnmConfig, Decode: pnmDecode, Encode: pnmEncoder("P7"),
		Writes: Writes{Depths: []int{8, 16}, Channels: []int{1, 2, 3, 4}}}
)

// sniffPNM recognises a Netpbm magic number: P1 to P6 followed by white
// space or a comment, P7 by white space (PAM comments are whole lines).
func sniffPNM(b []byte) bool {
	if len(b) < 3 || b[0] != 'P' || b[1] < '1' || b[1] > '7' {
		return false
	}
	return isSpace(b[2]) || b[2] == '#' && b[1] != '7'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// pnmConfig reads a Netpbm header.
func pnmConfig(r io.Reader) (Config, error) {
	h, err := pnm.ReadHeader(rewinder(r))
	if err != nil {
		return Config{}, err
	}
	depth := 8
	if h.MaxVal > 255 {
		depth = 16
	}
	return Config{Format: PNM, Width: h.Width, Height: h.Height, Channels: h.Channels, Depth: depth}, nil
}

// pnmDecode decodes a Netpbm file of one image into an 8- or 16-bit view.
// A file of several images is refused (ErrUnsupported) with their count,
// as a multi-page TIFF is: a view holds one image, and decoding the first
// would drop the others without a word. The count decodes each image in
// turn (one at a time, each within the pixel limit), so that a refusal
// says how many there are; a second image that does not parse is that
// error.
func pnmDecode(r io.Reader, _ Config, opts *DecodeOptions) (Pixels, error) {
	var first *pnm.Image
	n := 0
	for m, err := range pnm.All(replayer(r), opts.maxPixels()) {
		if err != nil {
			if n > 0 {
				return nil, prefixed(fmt.Sprintf("pnm: image %d: ", n+1), err)
			}
			return nil, err
		}
		if n == 0 {
			first = m
		}
		n++
	}
	if n > 1 {
		return nil, tagged(ErrUnsupported, "pnm: %d images: a decoded view holds one, and the others would be dropped; flip, rotate and crop move every image (Format.Transform), or split the file first (pamsplit)", n)
	}
	if first.Header.MaxVal > 255 {
		return first.View16, nil
	}
	return first.View8, nil
}

// pnmEncoder returns an encoder of the given magic ("" picks by channel
// count). Netpbm holds no metadata: each part of EncodeOptions.Metadata is
// reported dropped.
func pnmEncoder(magic string) func(io.Writer, Pixels, *EncodeOptions) error {
	return func(w io.Writer, p Pixels, opts *EncodeOptions) error {
		var err error
		switch v := p.(type) {
		case pixbuf.View[uint8]:
			err = pnm.Write(w, v, magic)
		case pixbuf.View[uint16]:
			err = pnm.Write(w, v, magic)
		default:
			return tagged(ErrUnsupported, "%T is not an 8- or 16-bit view", p)
		}
		if err == nil {
			reportUnheld(opts, PNM)
		}
		return err
	}
}

// pnmTransform is Netpbm's transform without decoding: every image of a
// binary (P5, P6, P7) file is oriented and cropped as raster bytes, 16-bit
// samples moved as big-endian pairs, and written with its own magic,
// maxval and tuple type, so the samples are kept exactly. A raster with a
// sample above maxval is refused (ErrFormat) as the decoder refuses it; a
// plain or PBM image, whose bytes are not samples, is ErrUnsupported, and
// so is the whole file then: no image is dropped. Header comments are not
// carried over, and the result says so.
func pnmTransform(w io.Writer, r io.Reader, t Transform) (res *Result, err error) {
	data, err := readInput(r)
	if err != nil {
		return nil, err
	}
	maxPixels := t.MaxPixels
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	// Check every image before writing a byte, so that a file refused
	// half-way leaves nothing half-written behind in w.
	var imgs []pnm.RawImage
	for img, err := range pnm.ParseRaw(data, maxPixels) {
		if err != nil {
			return nil, err
		}
		h, w := img.Header.Height, img.Header.Width
		if t.Orientation.SwapsAxes() {
			h, w = w, h
		}
		if !t.Crop.Empty() && !t.Crop.Overlaps(image.Rect(0, 0, w, h)) {
			return nil, tagged(pixbuf.ErrBounds, "pnm: image %d: crop %v misses the %dx%d image", len(imgs)+1, t.Crop, w, h)
		}
		imgs = append(imgs, img)
	}
	cw := &countWriter{w: w}
	res = &Result{FormatIn: PNM, FormatOut: PNM, Path: PathRaster, BytesIn: int64(len(data)), Images: len(imgs)}
	comments := false
	for i, img := range imgs {
		out, err := orientRaster(img, t)
		if err != nil {
			if len(imgs) > 1 {
				return nil, prefixed(fmt.Sprintf("pnm: image %d of %d: ", i+1, len(imgs)), err)
			}
			return nil, prefixed("pnm: ", err)
		}
		h := img.Header
		h.Height, h.Width, _ = out.Shape()
		if err := pnm.WriteRaster(cw, h, out); err != nil {
			return nil, err
		}
		comments = comments || bytes.IndexByte(img.HeaderBytes, '#') >= 0
	}
	res.BytesOut = cw.n
	if comments {
		res.Changes = append(res.Changes, Change{Kind: Dropped, Item: "comments", Detail: "Netpbm header comments"})
	}
	return res, nil
}

// orientRaster returns the raster of img under t's orientation and crop,
// in new memory.
func orientRaster(img pnm.RawImage, t Transform) (pixbuf.View[uint8], error) {
	v, err := img.View()
	if err != nil {
		return v, err
	}
	shown := v.Orient(t.Orientation)
	if !t.Crop.Empty() {
		c := t.Crop.Intersect(shown.Bounds())
		if c.Empty() {
			return v, tagged(pixbuf.ErrBounds, "crop %v misses the %dx%d image", t.Crop, shown.Width(), shown.Height())
		}
		// The crop of the oriented image, seen as stored: ops.Orient then
		// moves only the pixels kept, with its fast kernels.
		v = shown.Crop(c).Orient(t.Orientation.Inverse())
	}
	dst := pixbuf.New[uint8](v.Orient(t.Orientation).Shape())
	if err := ops.Orient(dst, v, t.Orientation, ops.Workers(t.Workers)); err != nil {
		return v, err
	}
	return dst, nil
}

// readInput returns all of r. A regular file is read into one buffer of
// its size, not mapped: a file truncated by another process while mapped
// would raise SIGBUS, which no error return can catch and which would end
// the whole program (pixtool's batch with it), and on tmpfs the mapping's
// page faults cost more than the read. The caller's memory budget counts
// the file as held.
func readInput(r io.Reader) ([]byte, error) {
	size := readall.Size(r)
	if size > math.MaxInt-1 {
		return nil, tagged(ErrTooLarge, "pnm: an input of %d bytes", size)
	}
	var data []byte
	var err error
	if size < 0 {
		data, err = io.ReadAll(r)
	} else {
		data, err = readall.Into(r, make([]byte, 0, int(size)+1))
	}
	if err != nil {
		return nil, fmt.Errorf("reading pnm: %w", err)
	}
	return data, nil
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
