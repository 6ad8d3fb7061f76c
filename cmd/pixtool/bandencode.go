package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/pixbuf"
)

// encodeBandRows is how many rows of a PPM streamEncoded reads at a time:
// an iMCU row of 4:2:0 (16), so that a band fits in cache and reaches the
// encoder before it leaves.
const encodeBandRows = 16

// streamEncoded converts a PPM or PGM to JPEG band by band, as cjpeg reads
// its input: rows are read from the file into a small buffer and given to
// jpeg.PixelWriter, which holds one iMCU row of pixels and the compact
// coefficients, so the 36 MB view of a 12 MP photo is never allocated (on
// a virtual machine its page faults cost about as much as the encoding).
// The file and the record are the decoded path's: the same options as
// codec's JPEG encoder takes from the flags (--quality, --sampling,
// --progressive, --restart), JFIF and no other metadata (Netpbm has none),
// the same conversions.
//
// It streams only a single binary 8-bit image (P6 or P5, maxval 255) whose
// file holds exactly its header and raster, under a command that changes
// no pixel (convert) and no channel (no --gray, no --drop-alpha), within
// the pixel limit. It reports false for anything else, with src rewound,
// and the caller decodes in full (and reports what is wrong).
func (r *runner) streamEncoded(ctx context.Context, j job, src source, out format, rec *record) (bool, error) {
	t := r.t
	if src.format.family() != codec.PNM || out.name() != codec.JPEG || r.fmts.jpeg == nil ||
		t.orient != pixbuf.Identity || t.exif || t.crop || t.extract() || t.swap() ||
		r.f.loss.gray || r.f.loss.dropAlpha || r.f.quality < 0 || r.f.quality > 100 {
		return false, nil
	}
	rewind := func() (bool, error) {
		_, err := src.r.Seek(0, io.SeekStart)
		return false, err
	}
	size, err := src.r.Seek(0, io.SeekEnd)
	if err != nil {
		return rewind()
	}
	if _, err := src.r.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	h, err := pnm.ReadHeader(underlying(src.r))
	if err != nil || h.Plain() || h.MaxVal != 255 || (h.Magic != "P6" || h.Channels != 3) && (h.Magic != "P5" || h.Channels != 1) {
		return rewind()
	}
	if n, ok := h.RasterSize(); !ok || h.Size+int64(n) != size || int64(h.Width)*int64(h.Height) > int64(maxPixels(r.f.maxPixels)) {
		return rewind() // another image follows, or the raster is short, or too many pixels
	}
	c := h.Channels
	wf := r.fmts.writerFor(out, 8, c)
	if !wf.ok() || wf.name() != codec.JPEG {
		return rewind()
	}
	_, stripped := r.f.loss.metadata().filter(nil)
	rec.Path, rec.FormatOut = pathDecoded, wf.name()
	rec.Changes = append(rec.Changes, stripped...)
	rec.Changes = append(rec.Changes, wf.conversions(8, c)...)
	po := *r.fmts.jpeg.source(nil).JPEG
	if q := r.f.quality; q != 0 {
		po.Quant, po.QuantSelectors, po.Quality = [4]*jpeg.QuantTable{}, nil, q
	}
	return true, r.commit(ctx, j, src, rec, func(w io.Writer) error {
		// A retried write reads the raster again from its start.
		if _, err := src.r.Seek(h.Size, io.SeekStart); err != nil {
			return err
		}
		pw, _, err := jpeg.NewPixelWriter(w, h.Width, h.Height, c, &po)
		if err != nil {
			return fmt.Errorf("encode jpeg: %w", err)
		}
		in := underlying(src.r)
		buf := make([]byte, encodeBandRows*h.Width*c)
		for y := 0; y < h.Height; y += encodeBandRows {
			n := min(encodeBandRows, h.Height-y)
			b := buf[:n*h.Width*c]
			if k, err := io.ReadFull(in, b); err != nil {
				return fmt.Errorf("pnm: reading raster: row %d: %d of %d bytes: %w", y, k, len(b), err)
			}
			band, err := pixbuf.Wrap(b, n, h.Width, c)
			if err != nil {
				return err
			}
			if err := pw.WriteRows(band); err != nil {
				return fmt.Errorf("encode jpeg: %w", err)
			}
		}
		if err := pw.Close(); err != nil {
			return fmt.Errorf("encode jpeg: %w", err)
		}
		return nil
	})
}
