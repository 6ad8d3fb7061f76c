package codec

import (
	"io"
	"slices"
)

// maxMetadata bounds how far ahead of the pixels readConfig reads looking
// for an orientation.
const maxMetadata = 8 << 20

// rewindReader records what is read from r while a header is decoded, then
// serves it again from the start for the full decode, so that a stream can
// be sniffed, checked and decoded without seeking. After rewind it stops
// recording and drops the recording once served.
type rewindReader struct {
	r      io.Reader
	size   int64  // bytes r held at the start, or -1 when unknown (see inputSize)
	got    int64  // bytes read from r
	buf    []byte // bytes read from r while recording
	pos    int    // next byte of buf that Read serves
	replay bool   // recording stopped by rewind
	eof    bool   // r returned io.EOF
	err    error  // first error from r other than io.EOF
}

// Read serves recorded bytes first, then reads r.
func (rr *rewindReader) Read(p []byte) (int, error) {
	if rr.pos < len(rr.buf) {
		n := copy(p, rr.buf[rr.pos:])
		rr.pos += n
		return n, nil
	}
	if rr.replay {
		rr.buf, rr.pos = nil, 0
		return rr.read(p)
	}
	n, err := rr.read(p)
	rr.buf = append(rr.buf, p[:n]...)
	rr.pos += n
	return n, err
}

func (rr *rewindReader) read(p []byte) (int, error) {
	if rr.err != nil {
		return 0, rr.err
	}
	if rr.eof {
		return 0, io.EOF
	}
	n, err := rr.r.Read(p)
	rr.got += int64(n)
	switch {
	case err == io.EOF:
		rr.eof = true
	case err != nil:
		rr.err = err
	}
	return n, err
}

// Len returns the number of bytes left to read, recorded ones included,
// or -1 when the size of r was not known. Decoders that size a buffer by
// what their input holds (codec/pnm's raster) then allocate it once and
// read into it, instead of growing it as bytes arrive.
func (rr *rewindReader) Len() int {
	if rr.size < 0 {
		return -1
	}
	return len(rr.buf) - rr.pos + int(max(rr.size-rr.got, 0))
}

// fill records bytes from r until n are recorded, r ends or fails, and
// reports whether n bytes are there. It leaves the read position alone.
func (rr *rewindReader) fill(n int) bool {
	for len(rr.buf) < n && !rr.eof && rr.err == nil {
		if len(rr.buf) == cap(rr.buf) {
			rr.buf = slices.Grow(rr.buf, max(4096, min(n-len(rr.buf), len(rr.buf))))
		}
		m, _ := rr.read(rr.buf[len(rr.buf):cap(rr.buf)])
		rr.buf = rr.buf[:len(rr.buf)+m]
	}
	return len(rr.buf) >= n
}

// peek returns up to n leading bytes of the data, recording them, and
// rewinds to the start.
func (rr *rewindReader) peek(n int) []byte {
	rr.fill(n)
	rr.pos = 0
	return rr.buf[:min(n, len(rr.buf))]
}

// rewinder returns r as a *rewindReader, wrapping it when it is not one:
// the built-in formats' functions read headers through one, so that what
// they read serves again, and the caller may hand them any reader.
func rewinder(r io.Reader) *rewindReader {
	if rr, ok := r.(*rewindReader); ok {
		return rr
	}
	return &rewindReader{r: r, size: inputSize(r)}
}

// replayer is rewinder for a decoder: a reader it wraps is not recorded.
func replayer(r io.Reader) *rewindReader {
	if rr, ok := r.(*rewindReader); ok {
		return rr
	}
	return &rewindReader{r: r, size: inputSize(r), replay: true}
}

// rewind makes Read start again from the first byte and stops recording.
func (rr *rewindReader) rewind() {
	rr.pos = 0
	rr.replay = true
}

// fillPNGMetadata records the chunks of a PNG stream up to its first IDAT,
// within maxMetadata bytes, so that an eXIf chunk among them can be read.
func (rr *rewindReader) fillPNGMetadata() {
	for i := 8; i+8 <= maxMetadata && rr.fill(i+8); {
		b := rr.buf[i : i+8]
		n := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
		if string(b[4:8]) == "IDAT" || n > maxMetadata {
			return
		}
		i += 12 + n
	}
}
