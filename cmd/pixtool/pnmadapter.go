package main

// This file is the only one that calls package codec/pnm, so that a change
// in its API is a one-file fix.

import (
	"bufio"
	"fmt"
	"io"
	"math"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// rasterPNM is the header of a binary Netpbm file whose raster pixtool
// moves as bytes.
type rasterPNM struct{ h pnm.Header }

// readRasterHeader reads the header of the Netpbm file r holds, from its
// start, and leaves r at the first byte of the raster. A file whose raster
// is not binary bytes (plain, ASCII, or PBM's bits) gives an error
// wrapping codec.ErrUnsupported, one that is not Netpbm codec.ErrFormat.
func readRasterHeader(r io.ReadSeeker) (*rasterPNM, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	// Reads of a block for the header, not one per byte; the raster
	// starts at h.Size whatever the buffer read beyond it.
	h, err := pnm.ReadHeader(bufio.NewReaderSize(r, 4096))
	if err != nil {
		return nil, err
	}
	if h.Plain() || h.Magic == "P4" {
		return nil, fmt.Errorf("pnm: %s rasters are not bytes: %w", h.Magic, codec.ErrUnsupported)
	}
	if _, err := r.Seek(h.Size, io.SeekStart); err != nil {
		return nil, err
	}
	return &rasterPNM{h: h}, nil
}

// shape returns the raster's height, width and bytes per pixel.
func (m *rasterPNM) shape() (h, w, c int) {
	return m.h.Height, m.h.Width, m.h.Channels * m.h.BytesPerSample()
}

// bytesPerSample returns 2 for 16-bit rasters and 1 otherwise.
func (m *rasterPNM) bytesPerSample() int { return m.h.BytesPerSample() }

// writeLike writes v, whose channels are the bytes of a pixel of m's
// samples, as a binary Netpbm file of m's maxval: P7 when m is P7 or the
// channel count needs it, else P5 for one channel and P6 for three. The
// samples are copied as they are.
func (m *rasterPNM) writeLike(w io.Writer, v pixbuf.View[uint8]) error {
	src := m.h
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

// single reports whether the first image is all the file of size bytes
// holds: a Netpbm file may hold several images one after the other.
func (m *rasterPNM) single(size int64) bool {
	n, ok := m.h.RasterSize()
	return ok && m.h.Size+int64(n) == size
}

// maxScannedImages bounds how many image headers netpbmImages reads: a
// file of many tiny images is not walked to its end for an estimate.
const maxScannedImages = 4096

// netpbmImages reads the headers of the images of the Netpbm file r holds,
// size bytes, one after the other, and returns how many it holds and the
// header of its largest image (by raster bytes) as an imageInfo; decoded
// reports a first image whose raster is not bytes (plain, or PBM's bits),
// which pixtool decodes: then n is 1 and largest that image. Past
// maxScannedImages images, or at a header it cannot read, it stops and
// counts the rest of the file as one more raster, so that an estimate
// made from it errs high. r is left anywhere.
func netpbmImages(r io.ReadSeeker, size int64) (n int, largest imageInfo, decoded bool, err error) {
	info := func(h pnm.Header) imageInfo {
		depth := 8
		if h.MaxVal > 255 {
			depth = 16
		}
		return imageInfo{Width: h.Width, Height: h.Height, Channels: h.Channels, Depth: depth}
	}
	var off, most int64
	for off < size {
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			return n, largest, false, err
		}
		h, herr := pnm.ReadHeader(bufio.NewReaderSize(r, 512))
		raster, ok := h.RasterSize()
		switch {
		case n == 0 && herr != nil:
			return 0, largest, false, herr
		case n == 0 && (!ok || h.BytesPerSample() == 0):
			return 1, info(h), true, nil
		case herr != nil || !ok || n == maxScannedImages:
			// What is left, as one raster of bytes: no image in it can
			// be larger.
			if rest := size - off; rest > most {
				largest = imageInfo{Width: int(min(rest, math.MaxInt32)), Height: 1, Channels: 1, Depth: 8}
			}
			return n + 1, largest, false, nil
		}
		n++
		if b := int64(raster); b > most {
			most, largest = b, info(h)
		}
		off += h.Size + int64(raster)
	}
	return n, largest, false, nil
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
