package main

// This file is the only one that calls package codec/pnm, so that a change
// in its API is a one-file fix. Until codec/pnm lands, it parses binary
// Netpbm headers itself and maps files with syscall.Mmap.

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
	"syscall"
	"unsafe"

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
type mappedPNM struct {
	data []byte
	hdr  pnmHeader
	v    pixbuf.View[uint8]
}

// mapPNM maps the binary Netpbm file at path; with writable, writes through
// the view change the file. The view's channels are the bytes of a pixel.
func mapPNM(path string, writable bool) (*mappedPNM, error) {
	hdr, err := readPNMHeader(path)
	if err != nil {
		return nil, err
	}
	if hdr.magic != "P5" && hdr.magic != "P6" && hdr.magic != "P7" {
		return nil, fmt.Errorf("pnm: %s is not a binary raster: %w", hdr.magic, pixbuf.ErrUnsupported)
	}
	flag := os.O_RDONLY
	prot := syscall.PROT_READ
	if writable {
		flag, prot = os.O_RDWR, syscall.PROT_READ|syscall.PROT_WRITE
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	bps := 1
	if hdr.maxval > 255 {
		bps = 2
	}
	n := int64(hdr.width) * int64(hdr.height) * int64(hdr.depth*bps)
	if fi.Size() < hdr.size+n {
		return nil, fmt.Errorf("pnm: raster truncated: %w: %w", io.ErrUnexpectedEOF, pixbuf.ErrFormat)
	}
	if n == 0 {
		return &mappedPNM{hdr: hdr}, nil
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(hdr.size+n), prot, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("pnm: mmap: %w", err)
	}
	v, err := pixbuf.Wrap(data[hdr.size:], hdr.height, hdr.width, hdr.depth*bps)
	if err != nil {
		syscall.Munmap(data)
		return nil, err
	}
	if !writable {
		v = v.AsReadOnly()
	}
	return &mappedPNM{data: data, hdr: hdr, v: v}, nil
}

func (m *mappedPNM) view() pixbuf.View[uint8] { return m.v }

// bytesPerSample returns 2 for 16-bit rasters and 1 otherwise.
func (m *mappedPNM) bytesPerSample() int {
	if m.hdr.maxval > 255 {
		return 2
	}
	return 1
}

func (m *mappedPNM) sync() error {
	if len(m.data) == 0 {
		return nil
	}
	_, _, errno := syscall.Syscall(syscall.SYS_MSYNC, uintptr(unsafe.Pointer(&m.data[0])), uintptr(len(m.data)), syscall.MS_SYNC)
	if errno != 0 {
		return errno
	}
	return nil
}

func (m *mappedPNM) close() error {
	if len(m.data) == 0 {
		return nil
	}
	err := syscall.Munmap(m.data)
	m.data = nil
	return err
}

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
type frameReader struct {
	r   io.Reader
	buf []byte
	v   pixbuf.View[uint8]
	n   int
}

// newFrameReader returns a reader of width x height frames of pixFmt.
func newFrameReader(r io.Reader, width, height int, pixFmt string) (*frameReader, error) {
	pf, ok := pixFormats[pixFmt]
	if !ok {
		return nil, fmt.Errorf("unknown pixel format %q: %w", pixFmt, pixbuf.ErrUnsupported)
	}
	buf := make([]byte, width*height*pf.channels*pf.bps)
	v, err := pixbuf.Wrap(buf, height, width, pf.channels*pf.bps)
	if err != nil {
		return nil, err
	}
	return &frameReader{r: r, buf: buf, v: v}, nil
}

// next reads the next frame into the reused buffer; io.EOF at a clean end.
func (fr *frameReader) next() (pixbuf.View[uint8], error) {
	k, err := io.ReadFull(fr.r, fr.buf)
	switch {
	case err == io.EOF:
		return pixbuf.View[uint8]{}, io.EOF
	case err == io.ErrUnexpectedEOF:
		return pixbuf.View[uint8]{}, fmt.Errorf("frame %d is partial, %d of %d bytes: %w", fr.n+1, k, len(fr.buf), io.ErrUnexpectedEOF)
	case err != nil:
		return pixbuf.View[uint8]{}, err
	}
	fr.n++
	return fr.v, nil
}

// frameWriter writes frames as raw bytes.
type frameWriter struct{ w io.Writer }

func newFrameWriter(w io.Writer) *frameWriter { return &frameWriter{w: w} }

func (fw *frameWriter) write(v pixbuf.View[uint8]) error { return writeRows(fw.w, v) }
