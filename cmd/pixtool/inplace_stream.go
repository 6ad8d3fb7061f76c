package main

// The Netpbm raster path streams when the transform keeps the image's
// shape (a flip, a half turn, a channel swap): the raster is read a band
// of rows at a time, each band transformed in a buffer that stays in the
// CPU's cache and written out, the bands of a vertical flip read from the
// end of the file. Against reading the whole raster into memory, flipping
// it there and writing it back, that leaves out two passes over the image
// in main memory (the buffer's fill and the in-place flip), and the
// working memory is one band whatever the image's size. Measured on an
// in-place batch of 8 files of 12 MP on tmpfs: see README ("Netpbm in
// place").

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/pixview/pixview/pixbuf"
)

// bandBytes is the size of a band: half of what a core's L2 cache holds
// on the project's machine. Against 256 KiB bands, half the reads and
// writes: the in-place batch of 8 files of 12 MP on tmpfs took 0.88-0.91x
// the CPU time in three alternating runs (load 11-22); 1 MiB was no
// better, 2 and 4 MiB worse, a 4 KiB-aligned band buffer no different,
// and mapping the file in place of reading it 2-2.5x worse. Re-measured
// once the bands no longer went through the store's buffer: 128 and 256
// KiB bands took 1.26x and 1.22x the CPU time of 512 KiB, 1 MiB 1.00x (9
// alternating rounds, load 16).
//
// What is left against cp --reflink=never of the same files (CPU time,
// one CPU, 11 alternating rounds, load 13-18): the read/write loop alone,
// no transform and the old file kept, 1.02x cp; with the flip and the old
// file's pages freed by the rename, 1.12x (the flip ~4%, the freeing ~8%
// of that); pixtool 1.26x, the rest being a Go process's start and the
// per-file locks, checks and fsyncs. Tried and no better: raw syscalls
// (no hand-off of the P during a read or write), fallocate of the new
// file, sync_file_range after every band (1.14x the wall time on ext4)
// and one directory fsync per batch in place of one per file (1.03x on
// ext4). Mapping the input (MAP_POPULATE, a band copied out of the
// mapping) took 2.4x the CPU time of reading it: this VM is a PVM guest,
// where page-table changes are dear.
//
// Since the batch recycles the files it replaces (fsx.Spares), the
// freeing and allocating of pages is gone (session 14, load 3.5-4.5, CPU
// time from perf stat in 4 alternating rounds): cp 1.00, the batch
// without spares 1.18-1.45x, with them 0.97-1.34x (0.82-0.92x the batch
// without); wall time at load 1, 12 rounds: 1.18x cp, 1.37x without.
// Left (perf record, pinned): the second copy (cp's data never leave the
// kernel, these go through the band: the read's copy is 23% of the
// samples, the write's 11%), the page-cache lookup of every 4 KiB page
// each way (21%), and ~1400-1600 context switches per batch against cp's
// few — with GOMAXPROCS=1 the runtime hands the P off during each read
// or write longer than sysmon's 20 µs tick — whose switching shows as
// ~1% of the samples.
const bandBytes = 512 << 10

// streams reports whether t moves every row of a raster within a band of
// rows as it is (or the rows in reverse order), so that the raster path
// can stream it.
func (t transform) streams() bool {
	return !t.orient.SwapsAxes() && !t.crop && !t.extract()
}

// reversesRows reports whether t's orientation puts the last row first.
func (t transform) reversesRows() bool {
	return t.orient == pixbuf.FlipVertical || t.orient == pixbuf.Rotate180
}

// streamRaster writes the raster of m, which r holds, transformed by t,
// through commit: band by band, with the file's own header. r must read
// at offsets; a file shorter than its header says (truncated meanwhile)
// gives an error wrapping errChanged.
func (r *runner) streamRaster(ctx context.Context, j job, src source, ra io.ReaderAt, t transform, m *rasterPNM, out format, rec *record) error {
	h, w, c := m.shape()
	rowBytes := w * c
	band := max(1, bandBytes/rowBytes)
	l := lease[uint8]{pool: r.bufs.u8}
	defer l.release()
	// The header goes out with the first band, in one write: a write of
	// a band or more passes the store's buffer by (fsx buffers only small
	// writes), so no byte of the raster is copied on its way to the file.
	hs := int(m.h.Size)
	buf := l.get(hs + min(band, h)*rowBytes)
	rec.FormatOut, rec.Path = out.name(), pathRaster
	return r.commit(ctx, j, src, rec, func(wr io.Writer) error {
		for y := 0; y < h; y += band {
			n := min(band, h-y)
			first := y // the rows of the source this band of the output takes
			if t.reversesRows() {
				first = h - y - n
			}
			b := buf[:n*rowBytes]
			if y == 0 {
				b = buf[hs : hs+n*rowBytes]
			}
			at := m.h.Size + int64(first)*int64(rowBytes)
			switch {
			case y == 0 && first == 0: // header and band, one read
				if err := readFullAt(ra, buf[:hs+len(b)], 0); err != nil {
					return err
				}
			case y == 0:
				if err := readFullAt(ra, buf[:hs], 0); err != nil {
					return err
				}
				fallthrough
			default:
				if err := readFullAt(ra, b, at); err != nil {
					return err
				}
			}
			v, err := pixbuf.Wrap(b, n, w, c)
			if err != nil {
				return err
			}
			// One band is small: its transform runs on this goroutine.
			if _, err := apply(t, v, m.bytesPerSample(), 1, l.get); err != nil {
				return err
			}
			if y == 0 {
				b = buf[:hs+len(b)]
			}
			if _, err := wr.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
}

// readFullAt fills b from ra at off; a short file gives an error wrapping
// errChanged.
func readFullAt(ra io.ReaderAt, b []byte, off int64) error {
	n, err := ra.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w (shorter than its header says: truncated by another process?); left as it is", errChanged)
	}
	return err
}
