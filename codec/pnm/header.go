package pnm

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
	"strings"

	"github.com/pixview/pixview/internal/safemath"
)

const (
	// MaxHeaderBytes bounds the length of a header, comments included; a
	// longer header is a [FormatError], found after reading at most this
	// many bytes.
	MaxHeaderBytes = 64 << 10
	// DefaultMaxPixels is the pixel limit (width times height) that Read,
	// All, Parse and Decode apply when the caller passes maxPixels <= 0.
	DefaultMaxPixels = 1 << 26
	// maxDigits bounds a decimal number in a header or a plain raster.
	maxDigits = 10
	// maxDim bounds a width or height, so that it and maxDim+1, which
	// clampInt returns for anything larger, fit in a 32-bit int.
	maxDim = 1 << 30
)

// Header describes one Netpbm image as its header declares it.
//
// Channels is what PAM calls the image's DEPTH: samples per pixel. (In
// pixview "depth" means bits per sample, which MaxVal decides here.)
// For PBM, PGM and PPM (P1 to P6) Channels is 1, 1 and 3 and TupleType is
// filled in as the equivalent PAM tuple type ("BLACKANDWHITE",
// "GRAYSCALE", "RGB"); the MaxVal of a PBM is 1.
type Header struct {
	Magic         string // "P1" to "P7"
	Width, Height int
	Channels      int    // samples per pixel, 1 to 4: the PAM DEPTH
	MaxVal        int    // 1 to 65535; above 255 a sample takes two bytes, most significant first
	TupleType     string // the PAM TUPLTYPE, possibly empty
	Size          int64  // the length of the header in bytes: the raster starts at this offset

	// Depth is Channels under its PAM name. The readers leave it zero;
	// WriteRaster takes it when Channels is zero.
	//
	// Deprecated: use Channels.
	Depth int
}

// Plain reports whether the raster is ASCII text (P1, P2, P3) rather than
// binary.
func (h Header) Plain() bool { return h.Magic == "P1" || h.Magic == "P2" || h.Magic == "P3" }

// BytesPerSample returns the size of one sample of a binary raster: 1 for
// MaxVal up to 255, else 2. PBM (P4) packs eight pixels in a byte and
// reports 0.
func (h Header) BytesPerSample() int {
	switch {
	case h.Magic == "P4":
		return 0
	case h.MaxVal > 255:
		return 2
	}
	return 1
}

// RasterSize returns the length in bytes of the binary raster that follows
// the header, and false for a plain (ASCII) raster, whose length is not
// fixed, or a size that does not fit in an int.
func (h Header) RasterSize() (int, bool) {
	switch {
	case h.Plain():
		return 0, false
	case h.Magic == "P4":
		return safemath.Mul(h.Height, (h.Width+7)/8)
	}
	return safemath.Mul4(h.Height, h.Width, h.Channels, h.BytesPerSample())
}

// checkLimit returns an error wrapping codecerr.ErrTooLarge if the image has
// more than maxPixels pixels (DefaultMaxPixels if maxPixels <= 0) or its
// size in samples or bytes overflows an int.
func (h Header) checkLimit(maxPixels int) error {
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	n, ok := safemath.Mul(h.Width, h.Height)
	if !ok || n > maxPixels {
		return tooLarge(h, maxPixels)
	}
	if _, ok := safemath.Mul4(h.Height, h.Width, h.Channels, 2); !ok {
		return tooLarge(h, maxPixels)
	}
	return nil
}

// tupleDepth returns the depth a known PAM tuple type requires and
// whether it requires a MaxVal of 1; ok is false for other tuple types,
// which any depth from 1 to 4 may carry.
func tupleDepth(tuple string) (depth int, bilevel, ok bool) {
	switch tuple {
	case "BLACKANDWHITE":
		return 1, true, true
	case "BLACKANDWHITE_ALPHA":
		return 2, true, true
	case "GRAYSCALE":
		return 1, false, true
	case "GRAYSCALE_ALPHA":
		return 2, false, true
	case "RGB":
		return 3, false, true
	case "RGB_ALPHA":
		return 4, false, true
	}
	return 0, false, false
}

// validate checks the header fields against the Netpbm specifications.
func (h Header) validate() error {
	if h.Width < 1 || h.Height < 1 {
		return FormatError(fmt.Sprintf("%s: width and height must be at least 1, not %dx%d", h.Magic, h.Width, h.Height))
	}
	if h.Width > maxDim || h.Height > maxDim {
		return fmt.Errorf("pnm: %s: dimensions %dx%d out of range: %w", h.Magic, h.Width, h.Height, codecerr.ErrTooLarge)
	}
	if h.MaxVal < 1 || h.MaxVal > 65535 {
		return FormatError(fmt.Sprintf("%s: maxval %d outside 1 to 65535", h.Magic, h.MaxVal))
	}
	if h.Channels < 1 {
		return FormatError(fmt.Sprintf("%s: depth %d is less than 1", h.Magic, h.Channels))
	}
	if h.Channels > 4 {
		return UnsupportedError(fmt.Sprintf("%s: depth %d (at most 4 channels)", h.Magic, h.Channels))
	}
	if depth, bilevel, ok := tupleDepth(h.TupleType); ok && h.Magic == "P7" {
		if depth != h.Channels {
			return FormatError(fmt.Sprintf("P7: tuple type %s needs depth %d, not %d", h.TupleType, depth, h.Channels))
		}
		if bilevel && h.MaxVal != 1 {
			return FormatError(fmt.Sprintf("P7: tuple type %s needs maxval 1, not %d", h.TupleType, h.MaxVal))
		}
	}
	return nil
}

// headerReader reads a header byte by byte, counting the bytes and
// refusing to read more than MaxHeaderBytes.
type headerReader struct {
	r io.ByteScanner
	n int64
}

func (p *headerReader) readByte() (byte, error) {
	if p.n >= MaxHeaderBytes {
		return 0, FormatError(fmt.Sprintf("header longer than %d bytes", MaxHeaderBytes))
	}
	c, err := p.r.ReadByte()
	if err != nil {
		if err == io.EOF {
			return 0, fmt.Errorf("pnm: header truncated after %d bytes: %w: %w", p.n, io.ErrUnexpectedEOF, codecerr.ErrFormat)
		}
		return 0, fmt.Errorf("pnm: reading header: %w", err)
	}
	p.n++
	return c, nil
}

// isSpace reports whether c is white space as C's isspace defines it,
// which is what Netpbm uses.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// skipComment consumes the rest of a comment whose '#' was just read,
// through the carriage return or newline that ends it.
func (p *headerReader) skipComment() error {
	for {
		c, err := p.readByte()
		if err != nil {
			return err
		}
		if c == '\n' || c == '\r' {
			return nil
		}
	}
}

// number reads one decimal field of a PBM, PGM or PPM header, skipping
// white space and comments before it. It consumes exactly one delimiter
// after the digits: a white space character, or a comment through its end
// of line, so that after the last field the raster starts right away.
func (p *headerReader) number(name string) (int, error) {
	c, err := p.readByte()
	for err == nil {
		if c == '#' {
			err = p.skipComment()
		} else if !isSpace(c) {
			break
		}
		if err == nil {
			c, err = p.readByte()
		}
	}
	if err != nil {
		return 0, err
	}
	if c < '0' || c > '9' {
		return 0, FormatError(fmt.Sprintf("%s: expected a decimal number, found %q", name, c))
	}
	var v int64
	for digits := 0; c >= '0' && c <= '9'; digits++ {
		if digits == maxDigits {
			return 0, FormatError(fmt.Sprintf("%s: number longer than %d digits", name, maxDigits))
		}
		v = v*10 + int64(c-'0')
		if c, err = p.readByte(); err != nil {
			return 0, err
		}
	}
	switch {
	case c == '#':
		err = p.skipComment()
	case !isSpace(c):
		err = FormatError(fmt.Sprintf("%s: unexpected %q after a number", name, c))
	}
	return clampInt(v), err
}

// clampInt converts v, which has at most maxDigits digits, to an int,
// saturating above maxDim+1 so that 32-bit platforms see an out-of-range
// value rather than a wrapped one.
func clampInt(v int64) int {
	if v > maxDim {
		return maxDim + 1
	}
	return int(v)
}

// readHeader reads and validates one Netpbm header from r, leaving r at
// the first byte of the raster.
func readHeader(r io.ByteScanner) (Header, error) {
	p := &headerReader{r: r}
	var m [2]byte
	for i := range m {
		c, err := p.readByte()
		if err != nil {
			return Header{}, err
		}
		m[i] = c
	}
	if m[0] != 'P' || m[1] < '1' || m[1] > '7' {
		return Header{}, FormatError(fmt.Sprintf("not a Netpbm image: magic %q", m[:]))
	}
	h := Header{Magic: string(m[:])}
	var err error
	if h.Magic == "P7" {
		err = p.pam(&h)
	} else {
		err = p.pnm(&h)
	}
	if err != nil {
		return Header{}, err
	}
	h.Size = p.n
	if err := h.validate(); err != nil {
		return Header{}, err
	}
	return h, nil
}

// pnm reads the rest of a PBM, PGM or PPM header.
func (p *headerReader) pnm(h *Header) error {
	c, err := p.readByte()
	if err != nil {
		return err
	}
	if !isSpace(c) && c != '#' {
		return FormatError(fmt.Sprintf("%s: unexpected %q after the magic number", h.Magic, c))
	}
	if err := p.r.UnreadByte(); err != nil {
		return fmt.Errorf("pnm: reading header: %w", err)
	}
	p.n--
	if h.Width, err = p.number("width"); err != nil {
		return err
	}
	if h.Height, err = p.number("height"); err != nil {
		return err
	}
	switch h.Magic {
	case "P1", "P4":
		h.Channels, h.MaxVal, h.TupleType = 1, 1, "BLACKANDWHITE"
		return nil
	case "P2", "P5":
		h.Channels, h.TupleType = 1, "GRAYSCALE"
	default:
		h.Channels, h.TupleType = 3, "RGB"
	}
	h.MaxVal, err = p.number("maxval")
	return err
}

// line reads the rest of a PAM header line, without its newline.
func (p *headerReader) line(buf []byte) ([]byte, error) {
	buf = buf[:0]
	for {
		c, err := p.readByte()
		if err != nil {
			return nil, err
		}
		if c == '\n' {
			return buf, nil
		}
		buf = append(buf, c)
	}
}

// pam reads the rest of a PAM header: lines of a keyword and a value,
// comments, and ENDHDR.
func (p *headerReader) pam(h *Header) error {
	buf := make([]byte, 0, 64)
	buf, err := p.line(buf)
	if err != nil {
		return err
	}
	if len(trimSpace(buf)) != 0 {
		return FormatError(fmt.Sprintf("P7: unexpected %q after the magic number", buf))
	}
	seen := map[string]bool{}
	var tuple []string
	for {
		buf, err = p.line(buf)
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("pnm: P7 header has no ENDHDR line: %w", err)
			}
			return err
		}
		// A comment is a whole line starting with '#', as in Netpbm's
		// reader: "  # c" is neither a comment nor a keyword line.
		l := trimSpace(buf)
		if len(l) == 0 || buf[0] == '#' {
			continue
		}
		if l[0] == '#' {
			return FormatError("P7: a comment must start its line")
		}
		kw, val := string(l), ""
		if i := bytes.IndexFunc(l, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }); i >= 0 {
			kw, val = string(l[:i]), string(trimSpace(l[i:]))
		}
		var dst *int
		switch kw {
		case "ENDHDR":
			if val != "" {
				return FormatError(fmt.Sprintf("P7: unexpected %q after ENDHDR", val))
			}
			for _, k := range []string{"WIDTH", "HEIGHT", "DEPTH", "MAXVAL"} {
				if !seen[k] {
					return FormatError("P7: header has no " + k + " line")
				}
			}
			h.TupleType = strings.Join(tuple, " ")
			return nil
		case "TUPLTYPE":
			tuple = append(tuple, val)
			continue
		case "WIDTH":
			dst = &h.Width
		case "HEIGHT":
			dst = &h.Height
		case "DEPTH":
			dst = &h.Channels
		case "MAXVAL":
			dst = &h.MaxVal
		default:
			return FormatError(fmt.Sprintf("P7: unknown header keyword %q", truncate(kw)))
		}
		if seen[kw] {
			return FormatError("P7: duplicate " + kw + " line")
		}
		seen[kw] = true
		if *dst, err = parseDecimal(kw, val); err != nil {
			return err
		}
	}
}

// trimSpace trims the white space isSpace defines from both ends of b.
func trimSpace(b []byte) []byte {
	return bytes.TrimFunc(b, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
}

// parseDecimal parses a PAM header value: one unsigned decimal number.
func parseDecimal(name, s string) (int, error) {
	if s == "" || len(s) > maxDigits || strings.TrimLeft(s, "0123456789") != "" {
		return 0, FormatError(fmt.Sprintf("P7: %s: expected a decimal number of at most %d digits, found %q", name, maxDigits, truncate(s)))
	}
	var v int64
	for i := 0; i < len(s); i++ {
		v = v*10 + int64(s[i]-'0')
	}
	return clampInt(v), nil
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > 32 {
		return s[:32] + "..."
	}
	return s
}
