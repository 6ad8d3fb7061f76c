package pnm

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
	"iter"
	"os"

	"github.com/pixview/pixview/pixbuf"
)

// Image is one decoded Netpbm image. Exactly one of View8 and View16 is
// used: View16 when Header.MaxVal is above 255, View8 otherwise. Its shape
// is Height x Width x Channels, and its samples are scaled from 0..MaxVal to
// the full range of the element type, rounding to nearest: a maxval-15
// sample of 7 reads as 119, a maxval-1000 sample of 500 as 32768. MaxVal
// 255 and 65535 read unchanged. PBM pixels read as 0 (black) and 255
// (white), and so do the 0 and 1 of a BLACKANDWHITE PAM.
type Image struct {
	Header Header
	View8  pixbuf.View[uint8]
	View16 pixbuf.View[uint16]
}

// source is what a decoder reads from: a *bufio.Reader or a *bytes.Reader.
type source interface {
	io.Reader
	io.ByteScanner
}

// decoder reads a sequence of images from one source.
type decoder struct {
	s         source
	remaining func() int64 // bytes left in s, or -1 if unknown
	maxPixels int
}

// newDecoder reads from r directly if it is a *bytes.Reader, otherwise
// through a bufio.Reader, which may read ahead of the last image.
func newDecoder(r io.Reader, maxPixels int) *decoder {
	if br, ok := r.(*bytes.Reader); ok {
		return &decoder{s: br, remaining: func() int64 { return int64(br.Len()) }, maxPixels: maxPixels}
	}
	b := bufio.NewReaderSize(r, 32<<10)
	return &decoder{s: b, maxPixels: maxPixels, remaining: func() int64 {
		if n := sizeHint(r); n >= 0 {
			return n + int64(b.Buffered())
		}
		return -1
	}}
}

// sizeHint returns how many bytes are left to read in r, or -1 if that
// cannot be known cheaply.
func sizeHint(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Len() int }: // bytes.Buffer, strings.Reader
		return int64(r.Len())
	case *os.File:
		fi, err := r.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		pos, err := r.Seek(0, io.SeekCurrent)
		if err != nil || pos > fi.Size() {
			return -1
		}
		return fi.Size() - pos
	}
	return -1
}

// Read decodes the first image of a Netpbm file (PBM, PGM, PPM or PAM,
// plain or binary) from r. An image of more than maxPixels pixels is
// refused with an error wrapping [codecerr.ErrTooLarge] before any of its
// samples is allocated; maxPixels <= 0 means [DefaultMaxPixels]. Unless r
// is a *bytes.Reader, Read may read past the end of the image.
func Read(r io.Reader, maxPixels int) (*Image, error) {
	return newDecoder(r, maxPixels).next()
}

// All returns an iterator over the images of a multi-image Netpbm file, in
// order, as Read decodes them. White space between images is skipped. The
// iteration stops after the first error, which it yields; an empty input
// yields one error.
func All(r io.Reader, maxPixels int) iter.Seq2[*Image, error] {
	return func(yield func(*Image, error) bool) {
		d := newDecoder(r, maxPixels)
		for i := 0; ; i++ {
			if i > 0 {
				more, err := d.more()
				if err != nil {
					yield(nil, err)
					return
				}
				if !more {
					return
				}
			}
			img, err := d.next()
			if !yield(img, err) || err != nil {
				return
			}
		}
	}
}

// Parse decodes the first image in data, which the caller hands over: for
// a binary raster of MaxVal 255 (P5, P6, P7), View8 aliases data with no
// copy, so writes through it change data. Other rasters are decoded into
// new memory and data is never written. maxPixels is as for Read.
func Parse(data []byte, maxPixels int) (*Image, error) {
	img, _, err := parse(data, maxPixels)
	return img, err
}

// ParseAll returns an iterator over the images in data, decoded as Parse
// decodes the first: each MaxVal-255 binary image aliases its part of data.
// It stops after the first error, which it yields, as [All] does.
func ParseAll(data []byte, maxPixels int) iter.Seq2[*Image, error] {
	return func(yield func(*Image, error) bool) {
		for off := 0; ; {
			img, n, err := parse(data[off:], maxPixels)
			if !yield(img, err) || err != nil {
				return
			}
			for off += n; off < len(data) && isSpace(data[off]); off++ {
			}
			if off == len(data) {
				return
			}
		}
	}
}

// parse decodes the first image in data and returns it with the number of
// bytes it took.
func parse(data []byte, maxPixels int) (*Image, int, error) {
	r := bytes.NewReader(data)
	d := &decoder{s: r, remaining: func() int64 { return int64(r.Len()) }, maxPixels: maxPixels}
	h, err := d.header()
	if err != nil {
		return nil, 0, err
	}
	img := &Image{Header: h}
	if h.Plain() {
		if err := d.plain(img); err != nil {
			return nil, 0, err
		}
		return img, len(data) - r.Len(), nil
	}
	n, _ := h.RasterSize()
	if rest := int64(len(data)) - h.Size; rest < int64(n) {
		return nil, 0, truncated("raster", rest, int64(n))
	}
	end := int(h.Size) + n
	if err := img.fill(data[h.Size:end:end], false); err != nil {
		return nil, 0, err
	}
	return img, end, nil
}

// more skips white space and reports whether another image follows.
func (d *decoder) more() (bool, error) {
	for {
		c, err := d.s.ReadByte()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("pnm: reading: %w", err)
		}
		if !isSpace(c) {
			return true, d.s.UnreadByte()
		}
	}
}

// header reads a header and checks it against the pixel limit.
func (d *decoder) header() (Header, error) {
	h, err := readHeader(d.s)
	if err != nil {
		return Header{}, err
	}
	if err := h.checkLimit(d.maxPixels); err != nil {
		return Header{}, err
	}
	return h, nil
}

// next decodes the next image.
func (d *decoder) next() (*Image, error) {
	h, err := d.header()
	if err != nil {
		return nil, err
	}
	img := &Image{Header: h}
	if h.Plain() {
		err = d.plain(img)
	} else {
		var raw []byte
		n, _ := h.RasterSize()
		if raw, err = d.readRaster(n); err == nil {
			err = img.fill(raw, true)
		}
	}
	if err != nil {
		return nil, err
	}
	return img, nil
}

// rasterChunk is the most readRaster allocates ahead of the bytes that
// really arrive when the length of the input is unknown.
const rasterChunk = 1 << 20

// readRaster reads n raster bytes. Like x/image/tiff's safeReadAt, it
// never allocates much more than the input really holds: when the input
// length is known it checks it first, otherwise it grows the buffer as
// bytes arrive.
func (d *decoder) readRaster(n int) ([]byte, error) {
	rem := d.remaining()
	if rem >= 0 && rem < int64(n) {
		return nil, truncated("raster", rem, int64(n))
	}
	if rem >= 0 || n <= rasterChunk {
		buf := make([]byte, n)
		k, err := io.ReadFull(d.s, buf)
		if err != nil {
			return nil, rasterErr(err, k, n)
		}
		return buf, nil
	}
	buf := make([]byte, 0, rasterChunk)
	for len(buf) < n {
		if len(buf) == cap(buf) {
			// Growing fourfold keeps the copies to a third of the
			// raster while never allocating more than four times the
			// bytes that really arrived.
			nb := make([]byte, len(buf), min(n, 4*cap(buf)))
			copy(nb, buf)
			buf = nb
		}
		k, err := io.ReadFull(d.s, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err != nil {
			return nil, rasterErr(err, len(buf), n)
		}
	}
	return buf, nil
}

func rasterErr(err error, got, want int) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return truncated("raster", int64(got), int64(want))
	}
	return fmt.Errorf("pnm: reading raster: %w", err)
}

// fill sets img's view from its binary raster raw. If owned, raw may be
// kept and rewritten; otherwise it is kept only if it needs no change.
func (img *Image) fill(raw []byte, owned bool) error {
	h := img.Header
	var err error
	switch {
	case h.Magic == "P4":
		out := make([]byte, h.Width*h.Height)
		unpackBits(out, raw, h.Width, h.Height)
		img.View8, err = pixbuf.Wrap(out, h.Height, h.Width, 1)
	case h.MaxVal > 255:
		out := make([]uint16, len(raw)/2)
		if err = decode16(out, raw, h.MaxVal); err == nil {
			img.View16, err = pixbuf.Wrap(out, h.Height, h.Width, h.Channels)
		}
	default:
		out := raw
		if h.MaxVal != 255 {
			if !owned {
				out = make([]byte, len(raw))
			}
			err = scale8(out, raw, h.MaxVal)
		}
		if err == nil {
			img.View8, err = pixbuf.Wrap(out, h.Height, h.Width, h.Channels)
		}
	}
	return err
}

// unpackBits expands a PBM raster, rows of eight pixels a byte with 1 for
// black, to one byte a pixel, 0 for black and 255 for white. The padding
// bits at the end of each row are ignored.
func unpackBits(dst, src []byte, w, h int) {
	rb := (w + 7) / 8
	for y := 0; y < h; y++ {
		row, out := src[y*rb:(y+1)*rb], dst[y*w:(y+1)*w]
		for x := range out {
			out[x] = (row[x>>3]>>(7-x&7)&1 - 1) // 1 -> 0, 0 -> 255
		}
	}
}

// scale8 scales one-byte samples of src to the full 0..255 range into dst,
// which may be src.
func scale8(dst, src []byte, maxval int) error {
	var lut [256]uint8
	for v := 0; v <= maxval; v++ {
		lut[v] = scaleTo8(v, maxval)
	}
	for i, b := range src {
		if int(b) > maxval {
			return sampleErr(int(b), maxval, i)
		}
		dst[i] = lut[b]
	}
	return nil
}

// decode16 decodes big-endian two-byte samples of src into dst, scaled to
// the full 0..65535 range.
func decode16(dst []uint16, src []byte, maxval int) error {
	src = src[:2*len(dst)]
	if maxval == 65535 {
		for i := range dst {
			dst[i] = uint16(src[2*i])<<8 | uint16(src[2*i+1])
		}
		return nil
	}
	var lut []uint16
	if len(dst) > 4*maxval {
		lut = make([]uint16, maxval+1)
		for v := range lut {
			lut[v] = scaleTo16(v, maxval)
		}
	}
	for i := range dst {
		v := int(src[2*i])<<8 | int(src[2*i+1])
		if v > maxval {
			return sampleErr(v, maxval, i)
		}
		if lut != nil {
			dst[i] = lut[v]
		} else {
			dst[i] = scaleTo16(v, maxval)
		}
	}
	return nil
}

// scaleTo8 maps v in 0..maxval to 0..255, rounding to nearest.
func scaleTo8(v, maxval int) uint8 { return uint8((v*255 + maxval/2) / maxval) }

// scaleTo16 maps v in 0..maxval to 0..65535, rounding to nearest. The
// arithmetic is in uint32, which holds 65535*65535 + 32767.
func scaleTo16(v, maxval int) uint16 {
	return uint16((uint32(v)*65535 + uint32(maxval)/2) / uint32(maxval))
}

func sampleErr(v, maxval, i int) error {
	return FormatError(fmt.Sprintf("sample %d (number %d) exceeds maxval %d", v, i, maxval))
}

// plain decodes the ASCII raster of a P1, P2 or P3 image. The output grows
// as samples arrive, so a tiny file declaring a huge image allocates
// little.
func (d *decoder) plain(img *Image) error {
	h := img.Header
	n := h.Width * h.Height * h.Channels
	hint := min(n, 64<<10)
	var err error
	if h.MaxVal > 255 {
		out := make([]uint16, 0, hint)
		for len(out) < n && err == nil {
			var v int
			if v, err = d.plainNumber(h.MaxVal, len(out), n); err == nil {
				out = append(out, scaleTo16(v, h.MaxVal))
			}
		}
		if err == nil {
			img.View16, err = pixbuf.Wrap(out, h.Height, h.Width, h.Channels)
		}
		return err
	}
	out := make([]byte, 0, hint)
	for len(out) < n && err == nil {
		var v int
		if h.Magic == "P1" {
			v, err = d.plainBit(len(out), n)
		} else {
			v, err = d.plainNumber(h.MaxVal, len(out), n)
		}
		if err == nil {
			out = append(out, scaleTo8(v, h.MaxVal))
		}
	}
	if err == nil {
		img.View8, err = pixbuf.Wrap(out, h.Height, h.Width, h.Channels)
	}
	return err
}

// skipSpace skips white space and comments in a plain raster and returns
// the next byte.
func (d *decoder) skipSpace(got, want int) (byte, error) {
	for {
		c, err := d.s.ReadByte()
		if err != nil {
			return 0, d.plainErr(err, got, want)
		}
		if c == '#' {
			for c != '\n' && c != '\r' {
				if c, err = d.s.ReadByte(); err != nil {
					return 0, d.plainErr(err, got, want)
				}
			}
		} else if !isSpace(c) {
			return c, nil
		}
	}
}

func (d *decoder) plainErr(err error, got, want int) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("pnm: plain raster truncated after %d of %d samples: %w: %w", got, want, io.ErrUnexpectedEOF, codecerr.ErrFormat)
	}
	return fmt.Errorf("pnm: reading raster: %w", err)
}

// plainBit reads one PBM pixel, '1' for black or '0' for white, and
// returns it as a maxval-1 sample: 0 for black, 1 for white.
func (d *decoder) plainBit(got, want int) (int, error) {
	c, err := d.skipSpace(got, want)
	if err != nil {
		return 0, err
	}
	if c != '0' && c != '1' {
		return 0, FormatError(fmt.Sprintf("P1: expected 0 or 1, found %q", c))
	}
	return int('1' - c), nil
}

// plainNumber reads one decimal sample of a plain raster.
func (d *decoder) plainNumber(maxval, got, want int) (int, error) {
	c, err := d.skipSpace(got, want)
	if err != nil {
		return 0, err
	}
	v := 0
	for digits := 0; ; digits++ {
		if c < '0' || c > '9' {
			if digits == 0 {
				return 0, FormatError(fmt.Sprintf("plain raster: expected a decimal number, found %q", c))
			}
			if c == '#' {
				err = d.s.UnreadByte()
			} else if !isSpace(c) {
				err = FormatError(fmt.Sprintf("plain raster: unexpected %q after a number", c))
			}
			break
		}
		if digits == maxDigits {
			return 0, FormatError("plain raster: number too long")
		}
		v = v*10 + int(c-'0')
		if v > maxval {
			return 0, sampleErr(v, maxval, got)
		}
		if c, err = d.s.ReadByte(); err == io.EOF {
			err = nil
			break
		} else if err != nil {
			return 0, d.plainErr(err, got, want)
		}
	}
	return v, err
}
