package main

// This file is the only one that calls package codec/pnm, so that a change
// in its API is a one-file fix.

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

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

// view returns the raster as a view of bytes, a pixel's bytes its channels.
func (m *mappedPNM) view() pixbuf.View[uint8] { return m.m.View() }

// bytesPerSample returns 2 for 16-bit rasters and 1 otherwise.
func (m *mappedPNM) bytesPerSample() int { return m.m.Header().BytesPerSample() }

// maxVal returns the largest sample value the file declares.
func (m *mappedPNM) maxVal() int { return m.m.Header().MaxVal }

// close unmaps the file; views of it must not be used afterwards.
func (m *mappedPNM) close() error { return m.m.Close() }

// writePNMBytes writes v, whose channels are the bytes of a pixel of
// samples of bps bytes each (big-endian when bps is 2) up to maxval, as a
// binary Netpbm file of format: P5 or P6 when the format and channel count
// allow, P7 otherwise. The samples are copied as they are, so maxval must
// be the source's.
func writePNMBytes(w io.Writer, v pixbuf.View[uint8], bps, maxval int, format string) error {
	h, wd, c := v.Shape()
	magic := map[string]string{"pgm": "P5", "ppm": "P6", "pam": "P7"}[pnmFormatFor(format, c/bps)]
	hdr := pnm.Header{Magic: magic, Width: wd, Height: h, Depth: c / bps, MaxVal: maxval}
	return pnm.WriteRaster(w, hdr, v)
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

// newFrameWriter returns a writer of raw frames to w.
func newFrameWriter(w io.Writer) *frameWriter { return &frameWriter{fw: pnm.NewFrameWriter(w)} }

// write writes the bytes of v as one frame.
func (fw *frameWriter) write(v pixbuf.View[uint8]) error { return fw.fw.Write(v) }
