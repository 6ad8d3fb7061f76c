package jpeg

import (
	"fmt"
	"io"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// PixelWriter encodes a picture whose rows come a band at a time, top to
// bottom, as cjpeg reads its input: a caller streaming a PPM never holds
// the whole picture. Only one iMCU row of pixels is kept; a sequential
// file keeps its coefficients compactly until Close writes it, a
// progressive one (or a sampling of more than 10 blocks an MCU) holds
// them as blocks, as [FromPixels] does. The file equals [EncodePixels]'s
// of the same pixels and options, byte for byte.
type PixelWriter struct {
	w      io.Writer
	opts   PixelEncodeOptions
	p      *encPlan
	e      *encoder // the compact path's; nil when the blocks are held
	rw     *rowWork
	blk    [][]Block // one iMCU row's blocks, on the compact path
	store  *coefStore
	ch     int
	y      int // rows given so far
	closed bool
}

// NewPixelWriter starts the encoding of a width x height picture of
// channels channels (as for [FromPixels]: 1 to 4, alpha left out and
// reported) with opts, to be written to w by Close. Bad options or sizes
// give an error wrapping codecerr.ErrUnsupported or pixbuf.ErrShape.
func NewPixelWriter(w io.Writer, width, height, channels int, opts *PixelEncodeOptions) (*PixelWriter, PixelEncodeReport, error) {
	pw := &PixelWriter{w: w, ch: channels}
	if opts != nil {
		pw.opts = *opts
	}
	o := &pw.opts
	rep, err := o.checkShape(height, width, channels)
	if err != nil {
		return nil, rep, err
	}
	m, err := o.frame(width, height, false)
	if err != nil {
		return nil, rep, err
	}
	pw.e = pixelEncoder(m, o, nil)
	if !pw.e.compactable() {
		pw.e = nil
		for i := range m.Components {
			c := &m.Components[i]
			c.Blocks = make([]Block, c.BlocksW*c.BlocksH)
		}
	}
	pw.p = newEncPlan(m, pixbuf.View[uint8]{})
	pw.rw = pw.p.newRowWork()
	if pw.e != nil {
		pw.blk = pw.p.rowBlocks()
		pw.store = new(coefStore)
	}
	return pw, rep, nil
}

// WriteRows encodes the next rows of the picture, those of v: it must be
// as wide as the picture, have its channels, and not take it past its
// height. Any layout serves, as for FromPixels.
func (pw *PixelWriter) WriteRows(v pixbuf.View[uint8]) error {
	m, p := pw.p.m, pw.p
	h, w, ch := v.Shape()
	if pw.closed {
		return fmt.Errorf("jpeg: PixelWriter.WriteRows after Close: %w", codecerr.ErrUnsupported)
	}
	if w != m.Width || ch != pw.ch || pw.y+h > m.Height {
		return fmt.Errorf("jpeg: PixelWriter.WriteRows: %d rows of %dx%d after %d of a %dx%d picture of %d channels: %w",
			h, w, ch, pw.y, m.Width, m.Height, pw.ch, pixbuf.ErrShape)
	}
	for y := range h {
		i := pw.y % p.rowsPer
		p.convertRow(pw.rw, v, y, i)
		pw.y++
		if i == p.rowsPer-1 || pw.y == m.Height {
			pw.finish(i + 1)
		}
	}
	return nil
}

// finish transforms the iMCU row whose first n rows are converted.
func (pw *PixelWriter) finish(n int) {
	p := pw.p
	iy := (pw.y - 1) / p.rowsPer
	if pw.e != nil {
		p.finishIMCU(pw.rw, iy, n, pw.blk)
		p.compactIMCU(pw.store, pw.blk, &pw.e.tbl)
		return
	}
	dst := make([][]Block, len(p.comps))
	for c := range p.comps {
		pc := &p.comps[c]
		k := iy * pc.mcuH * pc.c.BlocksW
		dst[c] = pc.c.Blocks[k : k+pc.mcuH*pc.c.BlocksW]
	}
	p.finishIMCU(pw.rw, iy, n, dst)
}

// Close writes the file once every row has been given; a picture short
// of rows gives an error wrapping pixbuf.ErrShape and writes nothing.
func (pw *PixelWriter) Close() error {
	m := pw.p.m
	if pw.closed {
		return nil
	}
	if pw.y != m.Height {
		return fmt.Errorf("jpeg: PixelWriter.Close: %d rows of %d given: %w", pw.y, m.Height, pixbuf.ErrShape)
	}
	pw.closed = true
	if pw.e == nil {
		return Encode(pw.w, m, &EncodeOptions{RestartRows: pw.opts.RestartRows})
	}
	if err := pw.e.writeCompact([]*coefStore{pw.store}); err != nil {
		return err
	}
	_, err := pw.w.Write(pw.e.out.buf)
	return err
}
