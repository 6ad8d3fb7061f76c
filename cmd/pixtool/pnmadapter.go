package main

// This file is the only one that calls package codec/pnm, so that a change
// in its API is a one-file fix.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// pnmHeader is the header of a Netpbm file.
type pnmHeader struct {
	magic                        string // "P5", "P6", "P7"
	width, height, depth, maxval int
	tupltype                     string
	size                         int64 // header length in bytes
}

// pnmFormatName returns the format name of a header's magic.
func pnmFormatName(h pnmHeader) string {
	switch h.magic {
	case "P1", "P4":
		return "pbm"
	case "P2", "P5":
		return "pgm"
	case "P3", "P6":
		return "ppm"
	}
	return "pam"
}

// isPNMFormat reports whether format is one of the Netpbm formats pixtool
// writes.
func isPNMFormat(format string) bool {
	return format == "pgm" || format == "ppm" || format == "pam"
}

// isPNMPath reports whether path has a Netpbm extension.
func isPNMPath(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pbm", ".pgm", ".ppm", ".pnm", ".pam":
		return true
	}
	return false
}

// mappedPNM is a binary Netpbm file mapped into memory.
type mappedPNM struct{ m *pnm.Mapped }

// mapPNM maps the binary Netpbm file at path; with writable, writes through
// the view change the file. The view's channels are the bytes of a pixel.
// A file pnm cannot map (plain or PBM) gives an error wrapping
// pixbuf.ErrUnsupported.
func mapPNM(path string, writable bool) (*mappedPNM, error) {
	m, err := pnm.Map(path, writable)
	if err != nil {
		return nil, err
	}
	return &mappedPNM{m: m}, nil
}

func (m *mappedPNM) view() pixbuf.View[uint8] { return m.m.View() }

// bytesPerSample returns 2 for 16-bit rasters and 1 otherwise.
func (m *mappedPNM) bytesPerSample() int { return m.m.Header().BytesPerSample() }

func (m *mappedPNM) sync() error  { return m.m.Sync() }
func (m *mappedPNM) close() error { return m.m.Close() }

// readPNMHeader parses the header of the Netpbm file at path.
func readPNMHeader(path string) (pnmHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return pnmHeader{}, err
	}
	defer f.Close()
	return parsePNMHeader(bufio.NewReader(io.LimitReader(f, 4096)))
}

// parsePNMHeader parses a binary Netpbm header.
func parsePNMHeader(r *bufio.Reader) (pnmHeader, error) {
	var h pnmHeader
	var n int64
	bad := func(what string) (pnmHeader, error) {
		return pnmHeader{}, fmt.Errorf("pnm: invalid header: %s: %w", what, pixbuf.ErrFormat)
	}
	magic := make([]byte, 2)
	if _, err := io.ReadFull(r, magic); err != nil || magic[0] != 'P' || magic[1] < '1' || magic[1] > '7' {
		return bad("no Netpbm magic number")
	}
	n = 2
	h.magic = string(magic)
	token := func() (string, error) {
		var b []byte
		for {
			c, err := r.ReadByte()
			if err != nil {
				return "", err
			}
			n++
			switch {
			case c == '#' && len(b) == 0:
				for c != '\n' {
					if c, err = r.ReadByte(); err != nil {
						return "", err
					}
					n++
				}
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				if len(b) > 0 {
					return string(b), nil
				}
			default:
				b = append(b, c)
			}
		}
	}
	num := func() (int, error) {
		t, err := token()
		if err != nil {
			return 0, err
		}
		v, err := strconv.Atoi(t)
		if err != nil || v < 0 || v > 1<<24 {
			return 0, errors.New("bad number")
		}
		return v, nil
	}
	if h.magic == "P7" {
		for {
			t, err := token()
			if err != nil {
				return bad("unterminated PAM header")
			}
			if t == "ENDHDR" {
				break
			}
			if t == "TUPLTYPE" {
				if h.tupltype, err = token(); err != nil {
					return bad("TUPLTYPE")
				}
				continue
			}
			v, err := num()
			if err != nil {
				return bad(t)
			}
			switch t {
			case "WIDTH":
				h.width = v
			case "HEIGHT":
				h.height = v
			case "DEPTH":
				h.depth = v
			case "MAXVAL":
				h.maxval = v
			default:
				return bad("unknown PAM field " + t)
			}
		}
	} else {
		var err error
		if h.width, err = num(); err != nil {
			return bad("width")
		}
		if h.height, err = num(); err != nil {
			return bad("height")
		}
		h.maxval = 1
		if h.magic != "P1" && h.magic != "P4" {
			if h.maxval, err = num(); err != nil {
				return bad("maxval")
			}
		}
		h.depth = 1
		if h.magic == "P3" || h.magic == "P6" {
			h.depth = 3
		}
	}
	if h.maxval < 1 || h.maxval > 65535 || h.depth < 1 || h.depth > 4 {
		return bad("maxval or depth out of range")
	}
	h.size = n
	return h, nil
}

// loadPNM decodes a binary Netpbm file into native samples.
func loadPNM(path string, maxPixels int) (decoded, error) {
	hdr, err := readPNMHeader(path)
	if err != nil {
		return decoded{}, err
	}
	if int64(hdr.width)*int64(hdr.height) > int64(maxPixels) {
		return decoded{}, fmt.Errorf("%dx%d image exceeds the limit of %d pixels: %w", hdr.width, hdr.height, maxPixels, pixbuf.ErrTooLarge)
	}
	m, err := mapPNM(path, false)
	if err != nil {
		return decoded{}, err
	}
	defer m.close()
	d := decoded{format: pnmFormatName(hdr), depth: 8}
	if m.bytesPerSample() == 1 {
		d.v8 = m.view().Clone()
		return d, nil
	}
	src := m.view()
	h, w, c := src.Shape()
	d.depth = 16
	d.v16 = pixbuf.New[uint16](h, w, c/2)
	for y := range h {
		for x := range w {
			for k := range c / 2 {
				d.v16.Set(y, x, k, uint16(src.At(y, x, 2*k))<<8|uint16(src.At(y, x, 2*k+1)))
			}
		}
	}
	return d, nil
}

// pnmHeaderFor returns the header of a binary Netpbm file of format holding
// an h x w image with depth channels of bps bytes each: P5 or P6 when the
// format and depth allow, P7 otherwise.
func pnmHeaderFor(format string, h, w, depth, bps int) []byte {
	maxval := 255
	if bps == 2 {
		maxval = 65535
	}
	switch {
	case format != "pam" && depth == 1:
		return fmt.Appendf(nil, "P5\n%d %d\n%d\n", w, h, maxval)
	case format != "pam" && depth == 3:
		return fmt.Appendf(nil, "P6\n%d %d\n%d\n", w, h, maxval)
	}
	tt := [...]string{"", "GRAYSCALE", "GRAYSCALE_ALPHA", "RGB", "RGB_ALPHA"}[min(depth, 4)]
	return fmt.Appendf(nil, "P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\nTUPLTYPE %s\nENDHDR\n", w, h, depth, maxval, tt)
}

// writePNMBytes writes v, whose channels are the bytes of a pixel of
// depth samples of bps bytes each (big-endian when bps is 2), as a binary
// Netpbm file of format.
func writePNMBytes(w io.Writer, v pixbuf.View[uint8], bps int, format string) error {
	h, wd, c := v.Shape()
	if _, err := w.Write(pnmHeaderFor(format, h, wd, c/bps, bps)); err != nil {
		return err
	}
	return writeRows(w, v)
}

// writeRows writes the bytes of v row by row, in one write when v is
// contiguous.
func writeRows(w io.Writer, v pixbuf.View[uint8]) error {
	if s, ok := v.Samples(); ok {
		_, err := w.Write(s)
		return err
	}
	var row []byte
	for y := range v.Height() {
		s, ok := v.RowSlice(y)
		if !ok {
			r := v.Row(y)
			if row == nil {
				row = make([]byte, r.NBytes())
			}
			s = row
			dst, err := pixbuf.Wrap(s, 1, r.Width(), r.Channels())
			if err != nil {
				return err
			}
			if err := dst.CopyFrom(r); err != nil {
				return err
			}
		}
		if _, err := w.Write(s); err != nil {
			return err
		}
	}
	return nil
}

// writePNMView writes native samples as a binary Netpbm file of format,
// 16-bit samples big-endian.
func writePNMView[T uint8 | uint16](w io.Writer, v pixbuf.View[T], format string) error {
	h, wd, c := v.Shape()
	bps := v.ItemSize()
	if _, err := w.Write(pnmHeaderFor(format, h, wd, c, bps)); err != nil {
		return err
	}
	var buf bytes.Buffer
	for y := range h {
		buf.Reset()
		for x := range wd {
			for k := range c {
				s := uint16(v.At(y, x, k))
				if bps == 2 {
					buf.WriteByte(byte(s >> 8))
				}
				buf.WriteByte(byte(s))
			}
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// pixFormats maps a --pix-fmt name to its channels and bytes per sample.
var pixFormats = map[string]struct{ channels, bps int }{
	"rgb24": {3, 1}, "rgba": {4, 1}, "gray": {1, 1}, "gray16le": {1, 2},
}

// frameReader reads raw frames into one reused buffer.
type frameReader struct{ fr *pnm.FrameReader }

// newFrameReader returns a reader of width x height frames of pixFmt.
func newFrameReader(r io.Reader, width, height int, pixFmt string) (*frameReader, error) {
	fr, err := pnm.NewFrameReader(r, width, height, pnm.PixFmt(pixFmt))
	if err != nil {
		return nil, err
	}
	return &frameReader{fr: fr}, nil
}

// next reads the next frame into the reused buffer; io.EOF at a clean end,
// an error wrapping io.ErrUnexpectedEOF for a trailing partial frame.
func (fr *frameReader) next() (pixbuf.View[uint8], error) { return fr.fr.Next() }

// frameWriter writes frames as raw bytes.
type frameWriter struct{ fw *pnm.FrameWriter }

func newFrameWriter(w io.Writer) *frameWriter { return &frameWriter{fw: pnm.NewFrameWriter(w)} }

func (fw *frameWriter) write(v pixbuf.View[uint8]) error { return fw.fw.Write(v) }
