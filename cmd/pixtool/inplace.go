package main

// In place means atomic (issue #16). Every in-place edit, binary Netpbm's
// included, writes the new file beside the old one and commits it by
// rename through the store (internal/fsx: temporary file, fsync, rename,
// directory fsync), under the file's lock and on the precondition that the
// file is still the one read, unchanged. A kill -9 or a power loss at any
// moment leaves each file byte-identical to its old or its new self; there
// is no journal to replay and nothing for a later run to repair but orphan
// temporary files, which fsx.CleanOrphans removes.
//
// What it costs against the memory-mapped edit it replaced (which flipped
// the file's pages where they lay, and tore files on a kill): the raster is
// copied out of a read-only map into a pooled buffer, transformed there and
// written in full to a new file, so the whole file is written even for a
// transform that moves few bytes, twice its size is on disk until the
// rename, and two fsyncs are paid (free on tmpfs, the dominant cost on a
// disk file system).

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/pixview/pixview/pixbuf"
)

// copyMapped copies src, a view of a memory-mapped file, into dst. A fault
// while reading the map (SIGBUS: the file was truncated by another process,
// or a sparse file's block could not be allocated) is returned as an error
// wrapping errChanged instead of killing the process, so it fails this file
// only. It must run on the goroutine that reads the map: the fault becomes
// a panic only there.
func copyMapped(dst, src pixbuf.View[uint8]) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if re, ok := p.(runtime.Error); ok {
			if _, fault := re.(interface{ Addr() uintptr }); fault {
				err = fmt.Errorf("%w (a memory fault reading it: truncated by another process?); left as it is", errChanged)
				return
			}
		}
		panic(p)
	}()
	return dst.CopyFrom(src)
}

// readRaster reads the raster of the Netpbm file m maps from r, the same
// file open for reading, into dst, a fresh contiguous view of the raster's
// shape. A file shorter than its header says (truncated meanwhile) gives an
// error wrapping errChanged.
func readRaster(r io.ReadSeeker, m *mappedPNM, dst pixbuf.View[uint8]) error {
	buf, ok := dst.Samples()
	if !ok {
		return copyMapped(dst, m.view())
	}
	if _, err := r.Seek(m.m.Header().Size, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.ReadFull(r, buf); err != nil {
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return fmt.Errorf("%w (shorter than its header says: truncated by another process?); left as it is", errChanged)
		}
		return err
	}
	return nil
}
