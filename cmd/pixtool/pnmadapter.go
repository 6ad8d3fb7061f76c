package main

// This file is the only one that calls package codec/pnm, so that a change
// in its API is a one-file fix.

import (
	"io"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// mappedPNM is a binary Netpbm file mapped into memory.
type mappedPNM struct{ m *pnm.Mapped }

// mapPNM maps the binary Netpbm file at path; with writable, writes through
// the view change the file. The view's channels are the bytes of a pixel.
// A file pnm cannot map (plain or PBM) gives an error wrapping
// codec.ErrUnsupported, one that is not Netpbm codec.ErrFormat.
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

// writeLike writes v, whose channels are the bytes of a pixel of m's
// samples, as a binary Netpbm file of m's maxval: P7 when m is P7 or the
// channel count needs it, else P5 for one channel and P6 for three. The
// samples are copied as they are.
func (m *mappedPNM) writeLike(w io.Writer, v pixbuf.View[uint8]) error {
	src := m.m.Header()
	bps := src.BytesPerSample()
	h, wd, c := v.Shape()
	magic := "P7"
	if src.Magic != "P7" && c/bps == 1 {
		magic = "P5"
	} else if src.Magic != "P7" && c/bps == 3 {
		magic = "P6"
	}
	return pnm.WriteRaster(w, pnm.Header{Magic: magic, Width: wd, Height: h, Channels: c / bps, MaxVal: src.MaxVal}, v)
}

// single reports whether the mapped image is all the file of size bytes
// holds: a Netpbm file may hold several images one after the other, and
// the map sees the first only.
func (m *mappedPNM) single(size int64) bool {
	h := m.m.Header()
	n, ok := h.RasterSize()
	return ok && h.Size+int64(n) == size
}

// close unmaps the file; views of it must not be used afterwards.
func (m *mappedPNM) close() error { return m.m.Close() }

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
