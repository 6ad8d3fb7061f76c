package main

import (
	"context"
	"io"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// streamDecoded converts a JPEG to PPM (or a gray one to PGM) band by
// band, as djpeg does: each iMCU row of pixels is decoded into a small
// buffer and written out, so the image is never held whole. A 12 MP
// photo's 36 MB view, which the decoded path allocates afresh for every
// file, cost more than the decode itself on a virtual machine in page
// faults and cache misses. The pixels and the record are the decoded
// path's: the same decoder, the same samples, the same changes (the
// metadata parts Netpbm cannot hold, or what --strip took first).
//
// It streams only what needs no whole image and no channel fitting: a
// JPEG whose stored pixels are what is displayed (no EXIF orientation to
// apply), under a command that changes no pixel (convert) and no channel
// (no --gray, no --drop-alpha), to the Netpbm variant of its channels
// (PPM for colour, PGM for gray). It reports false for anything else,
// with src rewound, and the caller decodes in full.
func (r *runner) streamDecoded(ctx context.Context, j job, src source, out format, rec *record) (bool, error) {
	t := r.t
	if src.format.name() != codec.JPEG || t.orient != pixbuf.Identity || t.exif || t.crop || t.extract() || t.swap() ||
		r.f.loss.gray || r.f.loss.dropAlpha {
		return false, nil
	}
	rewind := func() (bool, error) {
		_, err := src.r.Seek(0, io.SeekStart)
		return false, err
	}
	dec, err := jpeg.NewDecoder(underlying(src.r), &jpeg.DecodeOptions{MaxPixels: maxPixels(r.f.maxPixels)})
	if err != nil {
		return rewind() // the decoded path reports it
	}
	h, w, c, err := dec.PixelSize(nil)
	if err != nil || jpeg.FileOrientation(dec.Header()) != pixbuf.Identity {
		return rewind()
	}
	// The two variants djpeg writes, each for its own channel count: any
	// other pairing (colour to PGM) is the decoded path's to refuse.
	magic := map[string]string{"ppm": "P6", "pgm": "P5"}[out.name()]
	if wf := r.fmts.writerFor(out, 8, c); !wf.ok() || wf.name() != out.name() || magic == "" ||
		(magic == "P6") != (c == 3) || (magic == "P5") != (c == 1) {
		return rewind()
	}
	md, stripped := r.f.loss.metadata().filter(jpegMetadata(dec.Header()))
	rec.Path, rec.FormatOut = pathDecoded, out.name()
	rec.Changes = append(rec.Changes, stripped...)
	rec.Changes = append(rec.Changes, codec.Unheld(out.family(), md)...)
	return true, r.commit(ctx, j, src, rec, func(out io.Writer) error {
		if err := pnm.WriteHeader(out, pnm.Header{Magic: magic, Width: w, Height: h, Channels: c, MaxVal: 255}); err != nil {
			return err
		}
		return dec.DecodeRows(nil, func(_ int, band pixbuf.View[uint8]) error {
			s, _ := band.Samples() // a band is contiguous
			_, err := out.Write(s)
			return err
		})
	})
}

// jpegMetadata reads the metadata of a JPEG's APPn and COM segments as
// codec's decoder reads it into Image.Metadata (a malformed part left out).
func jpegMetadata(h *jpeg.Image) *meta.Metadata {
	ms := make([]meta.Segment, len(h.Segments))
	for i, s := range h.Segments {
		ms[i] = meta.Segment{Marker: s.Marker, Data: s.Data}
	}
	m, _ := meta.FromJPEG(ms)
	if m.IsEmpty() {
		return nil
	}
	return m
}
