package pnm

import (
	"bufio"
	"errors"
	"fmt"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
	"os"

	"github.com/pixview/pixview/internal/safemath"
	"github.com/pixview/pixview/pixbuf"
)

// Mapped is a binary PGM, PPM or PAM file mapped into memory, whose
// raster can be read and, if it was mapped writable, edited in place
// through a view: ops.FlipH(m.View()) flips the image in the file with no
// read or write call. Close it when done; its views must not be used after
// Close, which unmaps the memory they point to. A Mapped is not safe for
// concurrent Close with other use.
//
// On systems without mmap (anything but Unix), and under the build tag
// pnm_nommap, Map reads the file into memory instead, and Sync and Close
// write the raster back, so that the API behaves the same.
type Mapped struct {
	f        *os.File
	h        Header
	data     []byte // the mapping: the file from offset 0 through the raster
	view     pixbuf.View[uint8]
	writable bool
	closed   bool
}

// Map maps the first image of the binary Netpbm file at path (P5, P6 or
// P7 with a MaxVal above 1) into memory. With writable false the file is
// opened read-only and the view is read-only, so ops and CopyFrom refuse to
// write with [pixbuf.ErrReadOnly]; with writable true, writes through the
// view change the file.
//
// The file's size is checked against the header before mapping, so a
// short raster is an error wrapping io.ErrUnexpectedEOF here rather than a
// SIGBUS later; a file truncated by another process while mapped can
// still raise one. A sample above maxval is a [FormatError], as for the
// decoder. PBM (P4) and plain formats, whose bytes are not samples, are
// refused with an [UnsupportedError].
func Map(path string, writable bool) (*Mapped, error) {
	flag := os.O_RDONLY
	if writable {
		flag = os.O_RDWR
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, fmt.Errorf("pnm: Map: %w", err)
	}
	m, err := mapOpen(f, writable)
	if err != nil {
		f.Close()
		return nil, err
	}
	return m, nil
}

func mapOpen(f *os.File, writable bool) (*Mapped, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("pnm: Map: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, UnsupportedError(fmt.Sprintf("Map: %s is not a regular file", f.Name()))
	}
	h, err := readHeader(bufio.NewReader(io.NewSectionReader(f, 0, MaxHeaderBytes)))
	if err != nil {
		return nil, err
	}
	if h.Plain() || h.Magic == "P4" || h.MaxVal < 2 {
		return nil, UnsupportedError(fmt.Sprintf("Map: %s with maxval %d: only binary PGM, PPM and PAM with maxval above 1 can be mapped", h.Magic, h.MaxVal))
	}
	n, ok := h.RasterSize()
	end := 0
	if ok {
		end, ok = safemath.Add(int(h.Size), n)
	}
	if !ok {
		return nil, fmt.Errorf("pnm: Map: the raster of a %dx%dx%d image overflows an int: %w", h.Width, h.Height, h.Channels, codecerr.ErrTooLarge)
	}
	if fi.Size() < int64(end) {
		return nil, truncated("raster", fi.Size()-h.Size, int64(n))
	}
	data, err := mapFile(f, end, writable)
	if err != nil {
		return nil, fmt.Errorf("pnm: Map: %w", err)
	}
	m := &Mapped{f: f, h: h, data: data, writable: writable}
	// A sample above maxval is refused here as the decoder refuses it, so
	// that an edit in place never keeps a raster Netpbm's tools reject.
	if err := CheckRaster(h, data[h.Size:end]); err != nil {
		return nil, errors.Join(err, m.unmap())
	}
	v, err := pixbuf.Wrap(data[h.Size:end:end], h.Height, h.Width, h.Channels*h.BytesPerSample())
	if err != nil {
		return nil, errors.Join(err, m.unmap())
	}
	if !writable {
		v = v.AsReadOnly()
	}
	m.view = v
	return m, nil
}

// View returns the raster as a Height x Width x (Channels * BytesPerSample)
// view of bytes in file order, sharing the mapped memory. The samples are
// the file's own, not scaled to the full range: check Header().MaxVal.
// For MaxVal above 255 each sample is two bytes, most significant first
// (Netpbm's byte order), so an RGB pixel is 6 bytes and sample c of pixel
// (y, x) is v.At(y, x, 2*c)<<8 | v.At(y, x, 2*c+1). Geometric ops on whole
// pixels — flips, rotations, crops — work on this view unchanged. It is
// read-only unless the file was mapped writable.
func (m *Mapped) View() pixbuf.View[uint8] { return m.view }

// Header returns the header of the mapped image.
func (m *Mapped) Header() Header { return m.h }

// Sync flushes changes made through the view to the file and waits for the
// write to complete. It does nothing for a read-only mapping.
func (m *Mapped) Sync() error {
	if m.closed {
		return fmt.Errorf("pnm: Sync: %w", os.ErrClosed)
	}
	if !m.writable {
		return nil
	}
	if err := m.sync(); err != nil {
		return fmt.Errorf("pnm: Sync: %w", err)
	}
	return nil
}

// Close unmaps the file and closes it. Changes made through the view stay
// in the file (the mapping is shared), though only Sync waits for them to
// reach the disk. A second Close returns an error wrapping os.ErrClosed.
func (m *Mapped) Close() error {
	if m.closed {
		return fmt.Errorf("pnm: Close: %w", os.ErrClosed)
	}
	m.closed = true
	err := m.unmap()
	m.data, m.view = nil, pixbuf.View[uint8]{}
	if cerr := m.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pnm: Close: %w", err)
	}
	return nil
}

// MapBytes maps the whole regular file f into memory, read-only, and
// returns its bytes and the function that unmaps them, which the caller
// must call once it no longer uses them: the way to hand a large file to
// [ParseRaw] without reading it into a buffer first. Without mmap it
// reads the file. An empty file gives no bytes and a no-op release. As
// with [Map], a file truncated by another process while mapped can raise
// SIGBUS.
func MapBytes(f *os.File) ([]byte, func() error, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("pnm: MapBytes: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, UnsupportedError(fmt.Sprintf("MapBytes: %s is not a regular file", f.Name()))
	}
	n := int(fi.Size())
	if int64(n) != fi.Size() {
		return nil, nil, fmt.Errorf("pnm: MapBytes: a file of %d bytes: %w", fi.Size(), codecerr.ErrTooLarge)
	}
	if n == 0 {
		return nil, func() error { return nil }, nil
	}
	data, err := mapFile(f, n, false)
	if err != nil {
		return nil, nil, fmt.Errorf("pnm: MapBytes: %w", err)
	}
	return data, func() error { return unmapBytes(data) }, nil
}
