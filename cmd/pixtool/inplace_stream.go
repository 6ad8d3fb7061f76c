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

// bandBytes is the size of a band: 1 MiB, the L2 cache of a core on the
// project's machine. The band's size sets how many reads and writes a
// file takes, and on one CPU each of them costs more than its copy: Go's
// sysmon hands the P of a goroutine in a read or write of more than its
// 20 µs tick to another thread, which wakes and is switched to on the same
// core. The in-place batch of 8 files of 12 MP on tmpfs, pinned to one
// CPU, quiet machine (session 16, 16 alternating rounds, twice): 512 KiB
// bands 1.21x and 1.28x cp --reflink=never of the same files, 1 MiB 0.99x
// and 1.01x, 2 MiB 1.08x; context switches per batch 1400-1800 with 512
// KiB, 600-750 with 1 MiB. A read/write loop alone on the same files
// (no flip, no pixtool around it): 256 KiB ~135 ms, 512 KiB ~107, 1 MiB
// ~96, 4 MiB ~110, raw syscalls (no hand-off) ~92.
//
// Earlier measurements, under load: 256 KiB bands took 1.22x the CPU time
// of 512 KiB; fallocate of the new file, sync_file_range after every band
// and one directory fsync per batch were no better; mapping the input
// (MAP_POPULATE, a band copied out of the mapping) took 2.4x the CPU time
// of reading it (this VM is a PVM guest, where page-table changes are
// dear). Since the batch recycles the files it replaces (fsx.Spares), the
// freeing and allocating of pages is gone: the batch without spares took
// 1.18-1.45x cp's CPU time, with them 0.97-1.34x (session 14). What is
// left against cp (perf record, pinned): the second copy (cp's data never
// leave the kernel, these go through the band), the page-cache lookup of
// every 4 KiB page each way, the flip (~5%) and a Go process's start
// (~18 ms against cp's ~7 for one tiny file).
const bandBytes = 1 << 20

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
