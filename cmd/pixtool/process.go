package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pixview/pixview/pixbuf"
)

// buffers are the pixel buffer pools of a batch, one per sample type.
type buffers struct {
	u8  *bufPool[uint8]
	u16 *bufPool[uint16]
}

// newBuffers returns pools that keep up to n free buffers each.
func newBuffers(n int) buffers {
	return buffers{u8: newBufPool[uint8](n), u16: newBufPool[uint16](n)}
}

// canWrite reports whether pixtool can encode format.
func canWrite(format string) bool {
	_, ok := formatExts[format]
	return ok && format != "webp" && format != "pbm"
}

// process transforms one file and returns the input and output sizes in
// bytes. A binary Netpbm file written out as Netpbm never goes through a
// decoder: replaced in place by a shape-keeping transform it is edited
// through a memory map, otherwise its raster bytes are transformed as they
// lie and saved atomically. Everything else is decoded, transformed in its
// buffer and saved atomically.
func (r *runner) process(j job) (nin, nout int64, err error) {
	defer func() {
		// A panic on one file must not take down the batch, nor print a
		// Go trace: it becomes that file's error.
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	fi, err := os.Stat(j.in.path)
	if err != nil {
		return 0, 0, err
	}
	if !fi.Mode().IsRegular() {
		return 0, 0, errors.New("not a regular file")
	}
	nin = fi.Size()
	if r.f.out != "" {
		if err := os.MkdirAll(filepath.Dir(j.dest), 0o755); err != nil {
			return nin, 0, err
		}
	}
	done := false
	if isPNMPath(j.in.path) && isPNMFormat(j.format) {
		if j.replace && r.t.inPlace() {
			done, err = r.processMapped(j)
		} else {
			done, err = r.processPNMBytes(j)
		}
	}
	if err == nil && !done {
		err = r.processDecoded(j)
	}
	if err != nil {
		return nin, 0, err
	}
	if ofi, err := os.Stat(j.dest); err == nil {
		nout = ofi.Size()
	}
	return nin, nout, nil
}

// processMapped transforms a binary Netpbm file in place through a shared
// memory map: no byte is read or written beyond the raster's own, and the
// file is not synced, as cp does not sync its copies. It reports false, and
// no error, for a file it cannot map, such as a plain (ASCII) one.
func (r *runner) processMapped(j job) (bool, error) {
	m, err := mapPNM(j.in.path, true)
	if errors.Is(err, pixbuf.ErrUnsupported) || errors.Is(err, pixbuf.ErrFormat) {
		return false, nil // plain Netpbm, or not Netpbm despite its name: decode it
	}
	if err != nil {
		return false, err
	}
	v := m.view()
	if _, err := apply(r.t, v, m.bytesPerSample(), r.workers, nil); err != nil {
		m.close()
		return true, err
	}
	// No msync: like cp, the edit is left in the page cache for the kernel
	// to write back. A synchronous msync costs half as much again as the
	// flip itself and makes the edit no more atomic.
	return true, m.close()
}

// processPNMBytes transforms the raster bytes of a binary Netpbm file into a
// pooled buffer and writes them as a new Netpbm file: 16-bit samples stay
// big-endian byte pairs, moved whole.
func (r *runner) processPNMBytes(j job) (bool, error) {
	m, err := mapPNM(j.in.path, false)
	if errors.Is(err, pixbuf.ErrUnsupported) || errors.Is(err, pixbuf.ErrFormat) {
		return false, nil // plain Netpbm, or not Netpbm despite its name: decode it
	}
	if err != nil {
		return false, err
	}
	defer m.close()
	src := m.view()
	bps := m.bytesPerSample()
	if limit := maxPixels(r.f.maxPixels); r.t.kind != opNone && r.t.kind != opCrop && src.Height()*src.Width() > limit {
		// Only the buffer for the output is allocated here, but it is as
		// large as the image: the decoder's limit applies.
		return true, fmt.Errorf("%dx%d image exceeds the limit of %d pixels: %w", src.Width(), src.Height(), limit, pixbuf.ErrTooLarge)
	}
	l := lease[uint8]{pool: r.bufs.u8}
	defer l.release()
	if r.t.inPlace() && r.t.kind != opNone {
		h, w, c := src.Shape()
		dst, err := pixbuf.Wrap(l.get(h*w*c), h, w, c)
		if err != nil {
			return true, err
		}
		if err := dst.CopyFrom(src); err != nil {
			return true, err
		}
		src = dst
	}
	out, err := apply(r.t, src, bps, r.workers, l.get)
	if err != nil {
		return true, err
	}
	return true, writeFileAtomic(j.dest, func(w io.Writer) error { return writePNMBytes(w, out, bps, m.maxVal(), j.format) })
}

// processDecoded decodes a file, transforms the decoded pixels and saves
// them. 16-bit images stay 16-bit when the output format holds 16 bits.
func (r *runner) processDecoded(j job) error {
	img, err := loadImage(j.in.path, r.f.maxPixels)
	if err != nil {
		return err
	}
	if img.depth == 16 {
		l := lease[uint16]{pool: r.bufs.u16}
		defer l.release()
		out, err := transformOwned(r, img.v16, &l)
		if err != nil {
			return err
		}
		return saveImage(j.dest, out, j.format, r.f.quality)
	}
	l := lease[uint8]{pool: r.bufs.u8}
	defer l.release()
	out, err := transformOwned(r, img.v8, &l)
	if err != nil {
		return err
	}
	return saveImage(j.dest, out, j.format, r.f.quality)
}

// transformOwned applies the runner's transform to a decoded image. A
// decoded image that comes back read-only is first copied into a pooled
// buffer, since in-place transforms write to it.
func transformOwned[T uint8 | uint16](r *runner, v pixbuf.View[T], l *lease[T]) (pixbuf.View[T], error) {
	if v.ReadOnly() && r.t.inPlace() && r.t.kind != opNone {
		h, w, c := v.Shape()
		dst, err := pixbuf.Wrap(l.get(h*w*c), h, w, c)
		if err != nil {
			return v, err
		}
		if err := dst.CopyFrom(v); err != nil {
			return v, err
		}
		v = dst
	}
	return apply(r.t, v, 1, r.workers, l.get)
}
