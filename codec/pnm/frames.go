package pnm

import (
	"errors"
	"fmt"
	"github.com/pixview/pixview/codec/codecerr"
	"io"

	"github.com/pixview/pixview/internal/safemath"
	"github.com/pixview/pixview/pixbuf"
)

// PixFmt names the layout of a raw video frame as ffmpeg's -pix_fmt does:
// pixels in row-major order with no padding and no header.
type PixFmt string

// The raw frame layouts, as ffmpeg -f rawvideo -pix_fmt writes them.
const (
	RGB24    PixFmt = "rgb24"    // 3 bytes a pixel: R, G, B
	RGBA     PixFmt = "rgba"     // 4 bytes a pixel: R, G, B, straight alpha
	Gray     PixFmt = "gray"     // 1 byte a pixel
	Gray16LE PixFmt = "gray16le" // 2 bytes a pixel, a little-endian uint16
)

// BytesPerPixel returns the size of a pixel in bytes, or 0 for an unknown
// format.
func (f PixFmt) BytesPerPixel() int {
	switch f {
	case RGB24:
		return 3
	case RGBA:
		return 4
	case Gray:
		return 1
	case Gray16LE:
		return 2
	}
	return 0
}

// FrameReader reads fixed-size raw frames from a stream into one buffer
// that it reuses, the readinto pattern: reading a frame allocates nothing.
type FrameReader struct {
	r      io.Reader
	buf    []byte
	view   pixbuf.View[uint8]
	frames int
	err    error
}

// NewFrameReader returns a reader of width x height frames in format f.
// It allocates the one frame buffer it reuses. The error wraps
// [pixbuf.ErrShape] for a size below 1, [codecerr.ErrTooLarge] for a frame of
// more than [DefaultMaxPixels] pixels (8K UHD video has about half as many), and
// [codecerr.ErrUnsupported] for an unknown format.
func NewFrameReader(r io.Reader, width, height int, f PixFmt) (*FrameReader, error) {
	bpp := f.BytesPerPixel()
	if bpp == 0 {
		return nil, UnsupportedError(fmt.Sprintf("pixel format %q (want rgb24, rgba, gray or gray16le)", string(f)))
	}
	if width < 1 || height < 1 {
		return nil, fmt.Errorf("pnm: NewFrameReader: frame size %dx%d: %w", width, height, pixbuf.ErrShape)
	}
	px, ok := safemath.Mul(height, width)
	n, ok2 := safemath.Mul3(height, width, bpp)
	if !ok || !ok2 || px > DefaultMaxPixels {
		return nil, fmt.Errorf("pnm: NewFrameReader: frame size %dx%d: %w", width, height, codecerr.ErrTooLarge)
	}
	buf := make([]byte, n)
	v, err := pixbuf.Wrap(buf, height, width, bpp)
	if err != nil {
		return nil, err
	}
	return &FrameReader{r: r, buf: buf, view: v}, nil
}

// Next reads the next frame and returns a writable height x width x
// bytes-per-pixel view of it. The view shares the reader's one buffer, so
// the next call overwrites it: process or copy a frame before reading the
// next. For gray16le the two bytes of a pixel are channels 0 (low) and 1
// (high); on a little-endian machine pixbuf.Cast[uint16](v, height, width, 1)
// views them as uint16 samples without a copy.
//
// At a clean end of the stream Next returns io.EOF. A trailing partial
// frame is an error wrapping io.ErrUnexpectedEOF that names the number of
// whole frames delivered before it. After an error Next returns the same
// error.
func (fr *FrameReader) Next() (pixbuf.View[uint8], error) {
	if fr.err != nil {
		return pixbuf.View[uint8]{}, fr.err
	}
	n, err := io.ReadFull(fr.r, fr.buf)
	switch {
	case err == nil:
		fr.frames++
		return fr.view, nil
	case err == io.EOF:
		fr.err = io.EOF
	case errors.Is(err, io.ErrUnexpectedEOF):
		fr.err = fmt.Errorf("pnm: partial frame of %d of %d bytes after %d whole frames: %w",
			n, len(fr.buf), fr.frames, io.ErrUnexpectedEOF)
	default:
		fr.err = fmt.Errorf("pnm: reading frame %d: %w", fr.frames, err)
	}
	return pixbuf.View[uint8]{}, fr.err
}

// Frames returns the number of whole frames read so far.
func (fr *FrameReader) Frames() int { return fr.frames }

// FrameWriter writes views as raw frames: their samples in row-major order
// with no header, the layout FrameReader reads.
type FrameWriter struct {
	w       io.Writer
	scratch []byte
}

// NewFrameWriter returns a writer of raw frames to w.
func NewFrameWriter(w io.Writer) *FrameWriter { return &FrameWriter{w: w} }

// Write writes the samples of v. A contiguous view is written with one
// call to the underlying writer; any other view (a flip or crop view, say)
// is first gathered into a buffer that the FrameWriter keeps and reuses,
// then written with one call.
func (fw *FrameWriter) Write(v pixbuf.View[uint8]) error {
	s, ok := v.Samples()
	if !ok {
		n := v.Len()
		if cap(fw.scratch) < n {
			fw.scratch = make([]byte, n)
		}
		tmp, err := pixbuf.Wrap(fw.scratch[:n], v.Height(), v.Width(), v.Channels())
		if err == nil {
			err = tmp.CopyFrom(v)
		}
		if err != nil {
			return fmt.Errorf("pnm: FrameWriter: %w", err)
		}
		s = fw.scratch[:n]
	}
	if len(s) == 0 {
		return nil
	}
	if _, err := fw.w.Write(s); err != nil {
		return fmt.Errorf("pnm: FrameWriter: %w", err)
	}
	return nil
}
