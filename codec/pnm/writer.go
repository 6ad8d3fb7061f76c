package pnm

import (
	"fmt"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
	"strconv"

	"github.com/pixview/pixview/pixbuf"
)

// writeChunk is the size of the buffer Write fills when it must convert
// samples, and the most it hands to one Write call in that case.
const writeChunk = 64 << 10

// Write encodes v as a binary Netpbm image: magic "P5" (PGM) needs one
// channel, "P6" (PPM) three, and "P7" (PAM) one to four, written with the
// tuple type GRAYSCALE, GRAYSCALE_ALPHA, RGB or RGB_ALPHA. An empty magic
// picks P5 for one channel, P6 for three and P7 otherwise. MaxVal is 255 for
// uint8 and 65535 for uint16, whose samples are written most significant
// byte first.
//
// A contiguous uint8 view is written with one Write call, a view with
// contiguous rows with one call per row; other views, and all uint16 views,
// are converted through a buffer a few rows at a time. Write never makes
// a call per pixel. An error wraps [pixbuf.ErrShape] for an empty view or
// a channel count the format cannot hold, and [codecerr.ErrUnsupported] for
// an unknown magic.
func Write[T uint8 | uint16](w io.Writer, v pixbuf.View[T], magic string) error {
	hdr, err := header(v.Height(), v.Width(), v.Channels(), v.ItemSize(), magic)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, hdr); err != nil {
		return fmt.Errorf("pnm: writing header: %w", err)
	}
	switch v := any(v).(type) {
	case pixbuf.View[uint8]:
		err = write8(w, v)
	case pixbuf.View[uint16]:
		err = write16(w, v)
	}
	if err != nil {
		return fmt.Errorf("pnm: writing raster: %w", err)
	}
	return nil
}

// header returns the header Write writes.
func header(h, w, c, size int, magic string) (string, error) {
	if h == 0 || w == 0 || c == 0 {
		return "", fmt.Errorf("pnm: Write: an empty %dx%dx%d view has no Netpbm encoding: %w", h, w, c, pixbuf.ErrShape)
	}
	if magic == "" {
		switch c {
		case 1:
			magic = "P5"
		case 3:
			magic = "P6"
		default:
			magic = "P7"
		}
	}
	maxval := 255
	if size == 2 {
		maxval = 65535
	}
	return formatHeader(Header{Magic: magic, Width: w, Height: h, Channels: c, MaxVal: maxval})
}

// formatHeader returns the text of h as a binary P5, P6 or P7 header. A P7
// header without a TupleType gets the one its Channels imply; a zero
// Channels takes the deprecated Depth.
func formatHeader(h Header) (string, error) {
	dims := strconv.Itoa(h.Width) + " " + strconv.Itoa(h.Height) + "\n"
	switch h.Magic {
	case "P5", "P6":
		if want := map[string]int{"P5": 1, "P6": 3}[h.Magic]; h.Channels != want {
			return "", fmt.Errorf("pnm: Write: %s needs %d channels, not %d: %w", h.Magic, want, h.Channels, pixbuf.ErrShape)
		}
		return h.Magic + "\n" + dims + strconv.Itoa(h.MaxVal) + "\n", nil
	case "P7":
		if h.Channels < 1 || h.Channels > 4 {
			return "", fmt.Errorf("pnm: Write: P7 holds 1 to 4 channels, not %d: %w", h.Channels, pixbuf.ErrShape)
		}
		tuple := h.TupleType
		if tuple == "" {
			tuple = [...]string{"", "GRAYSCALE", "GRAYSCALE_ALPHA", "RGB", "RGB_ALPHA"}[h.Channels]
		}
		return fmt.Sprintf("P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\nTUPLTYPE %s\nENDHDR\n",
			h.Width, h.Height, h.Channels, h.MaxVal, tuple), nil
	}
	return "", fmt.Errorf("pnm: Write: magic %q (want P5, P6, P7 or empty): %w", h.Magic, codecerr.ErrUnsupported)
}

// WriteHeader writes the header of a binary Netpbm image of h's magic
// (P5, P6 or P7), size, channels and maxval, as Write and WriteRaster
// write it, for a caller that writes the raster itself after it, in bands
// say. h.MaxVal must lie in 1-65535; an error wraps [pixbuf.ErrShape] for
// a channel count the magic cannot hold.
func WriteHeader(w io.Writer, h Header) error {
	if h.MaxVal < 1 || h.MaxVal > 65535 || h.Width < 1 || h.Height < 1 {
		return fmt.Errorf("pnm: WriteHeader: %dx%d image of maxval %d: %w", h.Width, h.Height, h.MaxVal, codecerr.ErrFormat)
	}
	hdr, err := formatHeader(h)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, hdr); err != nil {
		return fmt.Errorf("pnm: writing header: %w", err)
	}
	return nil
}

// WriteRaster writes the header h and then the bytes of v as they are: v
// is a raster in file layout, the kind of view [Mapped.View] hands out,
// whose channels are the Channels*BytesPerSample bytes of a pixel (16-bit
// samples big-endian). It writes a mapped image, or one transformed as
// bytes, to another file without decoding it, so MaxVal and the exact
// samples are kept. h.Magic must be P5, P6 or P7; v's shape must match h
// (an error wrapping [pixbuf.ErrShape] otherwise) and MaxVal must lie in
// 1-65535. A contiguous view is written with one Write call, otherwise one
// per row.
func WriteRaster(w io.Writer, h Header, v pixbuf.View[uint8]) error {
	if h.Channels == 0 {
		h.Channels = h.Depth
	}
	h.Depth = 0
	if h.MaxVal < 1 || h.MaxVal > 65535 {
		return fmt.Errorf("pnm: WriteRaster: maxval %d outside 1-65535: %w", h.MaxVal, codecerr.ErrFormat)
	}
	vh, vw, vc := v.Shape()
	if vh != h.Height || vw != h.Width || vc != h.Channels*h.BytesPerSample() || vh == 0 || vw == 0 {
		return fmt.Errorf("pnm: WriteRaster: view [%d %d %d] does not hold a %dx%d raster of depth %d and maxval %d: %w",
			vh, vw, vc, h.Width, h.Height, h.Channels, h.MaxVal, pixbuf.ErrShape)
	}
	hdr, err := formatHeader(h)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, hdr); err != nil {
		return fmt.Errorf("pnm: writing header: %w", err)
	}
	if err := write8(w, v); err != nil {
		return fmt.Errorf("pnm: writing raster: %w", err)
	}
	return nil
}

// write8 writes the samples of v in row-major order.
func write8(w io.Writer, v pixbuf.View[uint8]) error {
	if s, ok := v.Samples(); ok {
		_, err := w.Write(s)
		return err
	}
	if _, ok := v.RowSlice(0); ok {
		for y := range v.Height() {
			row, _ := v.RowSlice(y)
			if _, err := w.Write(row); err != nil {
				return err
			}
		}
		return nil
	}
	return writeRows(w, v, 1, func(dst []byte, row pixbuf.View[uint8]) error {
		tmp, err := pixbuf.Wrap(dst, 1, row.Width(), row.Channels())
		if err == nil {
			err = tmp.CopyFrom(row)
		}
		return err
	})
}

// write16 writes the samples of v in row-major order, big-endian.
func write16(w io.Writer, v pixbuf.View[uint16]) error {
	return writeRows(w, v, 2, func(dst []byte, row pixbuf.View[uint16]) error {
		if s, ok := row.RowSlice(0); ok {
			for i, x := range s {
				dst[2*i], dst[2*i+1] = byte(x>>8), byte(x)
			}
			return nil
		}
		i := 0
		for x := range row.Width() {
			for c := range row.Channels() {
				s := row.At(0, x, c)
				dst[i], dst[i+1] = byte(s>>8), byte(s)
				i += 2
			}
		}
		return nil
	})
}

// writeRows encodes rows of v into a buffer of about writeChunk bytes with
// put, which fills a row's bytes, and writes the buffer when it is full.
func writeRows[T pixbuf.Sample](w io.Writer, v pixbuf.View[T], size int, put func([]byte, pixbuf.View[T]) error) error {
	rowBytes := v.Width() * v.Channels() * size
	rows := max(1, writeChunk/rowBytes)
	buf := make([]byte, min(rows, v.Height())*rowBytes)
	n := 0
	for y := range v.Height() {
		if err := put(buf[n:n+rowBytes], v.Row(y)); err != nil {
			return err
		}
		n += rowBytes
		if n == len(buf) || y == v.Height()-1 {
			if _, err := w.Write(buf[:n]); err != nil {
				return err
			}
			n = 0
		}
	}
	return nil
}
