package meta

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pixview/pixview/codec/codecerr"
)

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// xmpKeyword is the iTXt keyword under which PNG stores XMP.
const xmpKeyword = "XML:com.adobe.xmp"

// rawProfilePrefix starts the keyword of ImageMagick's hex-encoded
// profiles in PNG text chunks.
const rawProfilePrefix = "Raw profile type "

// Chunk is one PNG chunk: its four-letter type and its data, without the
// length and CRC.
type Chunk struct {
	Type string
	Data []byte
}

// ScanPNG returns the chunks of PNG data up to and including IEND, in
// file order, with their Data aliasing b. It returns the chunks read so
// far and an error wrapping codecerr.ErrFormat when b is not PNG, a chunk
// runs past the data or its CRC is wrong.
func ScanPNG(b []byte) ([]Chunk, error) {
	if !bytes.HasPrefix(b, []byte(pngSignature)) {
		return nil, fmt.Errorf("meta: not a PNG file: %w", codecerr.ErrFormat)
	}
	var chunks []Chunk
	for i := len(pngSignature); ; {
		if i+12 > len(b) {
			return chunks, fmt.Errorf("meta: PNG ends before IEND: %w", codecerr.ErrFormat)
		}
		n := binary.BigEndian.Uint32(b[i:])
		if n > math.MaxInt32 || uint64(i)+12+uint64(n) > uint64(len(b)) {
			return chunks, fmt.Errorf("meta: PNG chunk at offset %d runs past the data: %w", i, codecerr.ErrFormat)
		}
		end := i + 8 + int(n)
		if crc32.ChecksumIEEE(b[i+4:end]) != binary.BigEndian.Uint32(b[end:]) {
			return chunks, fmt.Errorf("meta: PNG chunk %q at offset %d has a wrong CRC: %w", b[i+4:i+8], i, codecerr.ErrFormat)
		}
		c := Chunk{string(b[i+4 : i+8]), b[i+8 : end : end]}
		chunks = append(chunks, c)
		if c.Type == "IEND" {
			return chunks, nil
		}
		i = end + 4
	}
}

// AppendChunk appends a chunk's length, type, data and CRC to dst. It
// panics when the type is not four bytes or the data exceeds the 2^31-1
// bytes a chunk can hold.
func AppendChunk(dst []byte, c Chunk) []byte {
	if len(c.Type) != 4 || len(c.Data) > math.MaxInt32 {
		panic("meta: bad PNG chunk type or size")
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(c.Data)))
	start := len(dst)
	dst = append(dst, c.Type...)
	dst = append(dst, c.Data...)
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:]))
}

// FromPNG reads the metadata of PNG data: [ScanPNG] then [FromPNGChunks].
func FromPNG(data []byte) (*Metadata, error) {
	return fromPNG(data, maxInflate)
}

// fromPNG is FromPNG with a bound on what decompressing one chunk may
// produce; the fuzz tests use a small one to stay fast.
func fromPNG(data []byte, limit int) (*Metadata, error) {
	chunks, err := ScanPNG(data)
	m, err2 := fromPNGChunks(chunks, limit)
	return m, errors.Join(err, err2)
}

// FromPNGChunks reads metadata from PNG chunks: eXIf, iCCP, sRGB, gAMA,
// cHRM, cICP, pHYs, tIME, the text chunks tEXt, zTXt and iTXt, XMP (iTXt
// "XML:com.adobe.xmp") and ImageMagick's "Raw profile type exif", "xmp",
// "iptc", "8bim", "icc", "icm" and "APP1" text chunks, which are decoded
// into EXIF, XMP, IPTC and ICC when the standard chunk is absent. Other
// chunks are ignored. The result is never nil: a malformed chunk is left
// out and reported in the error, which wraps codecerr.ErrFormat (or
// codecerr.ErrTooLarge for compressed data inflating past 64 MiB).
func FromPNGChunks(chunks []Chunk) (*Metadata, error) {
	return fromPNGChunks(chunks, maxInflate)
}

func fromPNGChunks(chunks []Chunk, limit int) (*Metadata, error) {
	m := new(Metadata)
	var errs []error
	bad := func(c Chunk, why string) {
		errs = append(errs, fmt.Errorf("meta: PNG %s chunk %s: %w", c.Type, why, codecerr.ErrFormat))
	}
	var raw Metadata // from raw profiles, used where the standard chunk is absent
	for _, c := range chunks {
		d := c.Data
		switch c.Type {
		case "eXIf":
			if m.EXIF == nil {
				// Some writers keep the JPEG header.
				m.EXIF = bytes.TrimPrefix(d, []byte(ExifPrefix))
			}
		case "iCCP":
			if m.ICC != nil {
				continue // PNG allows one; the first is the one decoders use
			}
			name, rest, ok := bytes.Cut(d, []byte{0})
			if !ok || len(rest) < 1 || rest[0] != 0 {
				bad(c, "has no profile name or an unknown compression")
				continue
			}
			p, err := inflate(rest[1:], limit)
			if err != nil {
				errs = append(errs, fmt.Errorf("meta: PNG iCCP chunk: %w", err))
				continue
			}
			m.ICC, m.ICCName = p, latin1(name)
		case "sRGB":
			if len(d) != 1 {
				bad(c, "is not 1 byte")
				continue
			}
			v := d[0]
			m.SRGB = &v
		case "gAMA":
			if len(d) != 4 {
				bad(c, "is not 4 bytes")
				continue
			}
			m.Gamma = binary.BigEndian.Uint32(d)
		case "cHRM":
			if len(d) != 32 {
				bad(c, "is not 32 bytes")
				continue
			}
			var v [8]uint32
			for i := range v {
				v[i] = binary.BigEndian.Uint32(d[4*i:])
			}
			m.Chromaticities = &v
		case "cICP":
			if len(d) != 4 {
				bad(c, "is not 4 bytes")
				continue
			}
			m.CICP = &CICP{d[0], d[1], d[2], d[3]}
		case "pHYs":
			if len(d) != 9 || d[8] > 1 {
				bad(c, "is not 9 bytes with unit 0 or 1")
				continue
			}
			x, y := float64(binary.BigEndian.Uint32(d)), float64(binary.BigEndian.Uint32(d[4:]))
			if d[8] == 1 {
				m.Resolution = &Resolution{x / 100, y / 100, UnitCentimeter}
			} else {
				m.Resolution = &Resolution{x, y, UnitNone}
			}
		case "tIME":
			if len(d) != 7 {
				bad(c, "is not 7 bytes")
				continue
			}
			t := time.Date(int(binary.BigEndian.Uint16(d)), time.Month(d[2]), int(d[3]), int(d[4]), int(d[5]), int(d[6]), 0, time.UTC)
			m.ModTime = &t
		case "tEXt", "zTXt", "iTXt":
			t, err := parseText(c, limit)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			switch {
			case c.Type == "iTXt" && t.Keyword == xmpKeyword:
				if m.XMP == nil {
					m.XMP = []byte(t.Text)
				}
			case strings.HasPrefix(t.Keyword, rawProfilePrefix):
				if err := raw.rawProfile(strings.TrimPrefix(t.Keyword, rawProfilePrefix), t.Text); err != nil {
					errs = append(errs, err)
					m.Text = append(m.Text, t) // keep what cannot be decoded as it was
				}
			default:
				m.Text = append(m.Text, t)
			}
		}
	}
	if m.EXIF == nil {
		m.EXIF = raw.EXIF
	}
	if m.XMP == nil {
		m.XMP = raw.XMP
	}
	if m.IPTC == nil {
		m.IPTC = raw.IPTC
	}
	if m.ICC == nil {
		m.ICC = raw.ICC
	}
	return m, errors.Join(errs...)
}

// latin1 converts Latin-1 bytes to a string of UTF-8.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// toLatin1 converts a string to Latin-1 bytes, and false when it holds a
// character beyond U+00FF or is not UTF-8.
func toLatin1(s string) ([]byte, bool) {
	if !utf8.ValidString(s) {
		return nil, false
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, false
		}
		b = append(b, byte(r))
	}
	return b, true
}

// maxInflate bounds what decompressing one PNG chunk may produce.
const maxInflate = 64 << 20

// inflate decompresses zlib data, refusing to produce more than limit
// bytes.
func inflate(b []byte, limit int) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("zlib: %v: %w", err, codecerr.ErrFormat)
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("zlib: %v: %w", err, codecerr.ErrFormat)
	}
	if len(out) > limit {
		return nil, fmt.Errorf("inflates past %d bytes: %w", limit, codecerr.ErrTooLarge)
	}
	return out, nil
}

// deflate compresses b with zlib at the default level, which is what
// libpng uses and several times faster than the best on large profiles.
func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.DefaultCompression) // the level is valid
	w.Write(b)                                                 // a bytes.Buffer does not fail
	w.Close()
	return buf.Bytes()
}

// parseText decodes a tEXt, zTXt or iTXt chunk. Latin-1 text of tEXt and
// zTXt becomes UTF-8.
func parseText(c Chunk, limit int) (Text, error) {
	bad := func(why string) (Text, error) {
		return Text{}, fmt.Errorf("meta: PNG %s chunk %s: %w", c.Type, why, codecerr.ErrFormat)
	}
	key, rest, ok := bytes.Cut(c.Data, []byte{0})
	if !ok || len(key) == 0 || len(key) > 79 {
		return bad("has no keyword of 1-79 bytes")
	}
	t := Text{Keyword: latin1(key)}
	switch c.Type {
	case "tEXt":
		t.Text = latin1(rest)
	case "zTXt":
		if len(rest) < 1 || rest[0] != 0 {
			return bad("has an unknown compression")
		}
		b, err := inflate(rest[1:], limit)
		if err != nil {
			return Text{}, fmt.Errorf("meta: PNG zTXt chunk %q: %w", t.Keyword, err)
		}
		t.Text, t.Compressed = latin1(b), true
	case "iTXt":
		if len(rest) < 2 || rest[0] > 1 || rest[1] != 0 {
			return bad("has an unknown compression")
		}
		t.International, t.Compressed = true, rest[0] == 1
		lang, rest, ok1 := bytes.Cut(rest[2:], []byte{0})
		tkey, text, ok2 := bytes.Cut(rest, []byte{0})
		if !ok1 || !ok2 {
			return bad("misses its language or translated keyword")
		}
		t.Language, t.TranslatedKeyword = string(lang), string(tkey)
		if t.Compressed {
			b, err := inflate(text, limit)
			if err != nil {
				return Text{}, fmt.Errorf("meta: PNG iTXt chunk %q: %w", t.Keyword, err)
			}
			text = b
		}
		t.Text = string(text)
	}
	return t, nil
}

// rawProfile decodes one of ImageMagick's raw profiles, "\n<name>\n
// <length>\n<hex digits in lines>", into m's field for that kind.
func (m *Metadata) rawProfile(kind, text string) error {
	b, err := decodeRawProfile(text)
	if err != nil {
		return fmt.Errorf("meta: PNG raw profile %q: %w", kind, err)
	}
	switch strings.ToLower(kind) {
	case "exif", "app1":
		switch {
		case bytes.HasPrefix(b, []byte(ExifPrefix)):
			m.EXIF = b[len(ExifPrefix):]
		case bytes.HasPrefix(b, []byte(XMPPrefix)):
			m.XMP = b[len(XMPPrefix):]
		case bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")):
			m.EXIF = b
		default:
			return fmt.Errorf("meta: PNG raw profile %q holds neither EXIF nor XMP: %w", kind, codecerr.ErrFormat)
		}
	case "xmp":
		m.XMP = b
	case "iptc":
		// ImageMagick writes the IRB as "8bim" and its IPTC records again
		// as "iptc": the IRB, which holds more, wins whatever the order.
		if m.IPTC != nil {
			return nil
		}
		if len(b) > 0 && b[0] == 0x1c { // bare IPTC-IIM records
			b = wrapIIM(b)
		}
		m.IPTC = b
	case "8bim":
		m.IPTC = b
	case "icc", "icm":
		m.ICC = b
	default:
		return fmt.Errorf("meta: PNG raw profile of unknown kind %q: %w", kind, codecerr.ErrUnsupported)
	}
	return nil
}

// decodeRawProfile decodes the hex body of a raw profile after checking
// its header; its declared length must match.
func decodeRawProfile(text string) ([]byte, error) {
	s := strings.TrimLeft(text, "\n")
	_, s, ok := strings.Cut(s, "\n") // the profile's name
	if !ok {
		return nil, fmt.Errorf("no header: %w", codecerr.ErrFormat)
	}
	s = strings.TrimLeft(s, " \t")
	lenText, s, ok := strings.Cut(s, "\n")
	var n int
	if _, err := fmt.Sscan(lenText, &n); err != nil || !ok || n < 0 || n > len(s)/2 {
		return nil, fmt.Errorf("declared length %q: %w", lenText, codecerr.ErrFormat)
	}
	out := make([]byte, 0, n)
	var hi byte
	half := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		case c == '\n' || c == '\r' || c == ' ' || c == '\t':
			continue
		default:
			return nil, fmt.Errorf("non-hex byte %q: %w", c, codecerr.ErrFormat)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half || len(out) != n {
		return nil, fmt.Errorf("%d bytes where %d are declared: %w", len(out), n, codecerr.ErrFormat)
	}
	return out, nil
}

// encodeRawProfile encodes b as ImageMagick does: a newline, the name, a
// newline, the length in 8 columns, then hex in lines of 72 digits.
func encodeRawProfile(name string, b []byte) string {
	const hexDigits = "0123456789abcdef"
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%s\n%8d\n", name, len(b))
	for i, c := range b {
		sb.WriteByte(hexDigits[c>>4])
		sb.WriteByte(hexDigits[c&15])
		if i%36 == 35 || i == len(b)-1 {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// wrapIIM wraps bare IPTC-IIM records into a Photoshop IRB resource
// 0x0404, the form [Metadata.IPTC] holds.
func wrapIIM(iim []byte) []byte {
	out := make([]byte, 0, 12+len(iim)+1)
	out = append(out, "8BIM\x04\x04\x00\x00"...) // type, ID, empty Pascal name padded to even
	out = binary.BigEndian.AppendUint32(out, uint32(len(iim)))
	out = append(out, iim...)
	if len(iim)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

// PNGChunks returns the chunks that carry m in a PNG file, in an order
// valid anywhere between IHDR and PLTE: iCCP or sRGB, gAMA, cHRM, cICP,
// pHYs, eXIf, tIME, XMP as iTXt "XML:com.adobe.xmp", the text chunks,
// comments as "Comment" text, and IPTC as ImageMagick's zTXt "Raw profile
// type iptc" (PNG has no standard IPTC chunk; exiftool reads and writes
// that one). Every chunk [ScanPNG] checks before IDAT may appear there,
// so the color chunks precede PLTE and IDAT as PNG requires. What cannot
// be carried is dropped and listed: extended XMP (PNG has no place for a
// second packet), sRGB beside an ICC profile (PNG forbids both; the
// profile is the more precise), text whose keyword or characters PNG
// refuses.
func (m *Metadata) PNGChunks() ([]Chunk, []Dropped) {
	if m == nil {
		return nil, nil
	}
	var cs []Chunk
	var dropped []Dropped
	if len(m.ICC) > 0 {
		name := m.ICCName
		if name == "" {
			name = "ICC profile"
		}
		key, ok := pngKeyword(name)
		if !ok {
			key, _ = pngKeyword("ICC profile")
		}
		d := append(append(key, 0, 0), deflate(m.ICC)...)
		cs = append(cs, Chunk{"iCCP", d})
		if m.SRGB != nil {
			dropped = append(dropped, Dropped{"sRGB", "PNG allows no sRGB chunk beside an ICC profile"})
		}
	} else if m.SRGB != nil {
		cs = append(cs, Chunk{"sRGB", []byte{*m.SRGB}})
	}
	if m.Gamma != 0 {
		cs = append(cs, Chunk{"gAMA", binary.BigEndian.AppendUint32(nil, m.Gamma)})
	}
	if c := m.Chromaticities; c != nil {
		d := make([]byte, 0, 32)
		for _, v := range c {
			d = binary.BigEndian.AppendUint32(d, v)
		}
		cs = append(cs, Chunk{"cHRM", d})
	}
	if c := m.CICP; c != nil {
		cs = append(cs, Chunk{"cICP", []byte{c.ColourPrimaries, c.TransferFunction, c.MatrixCoefficients, c.VideoFullRangeFlag}})
	}
	if r := m.Resolution; r != nil {
		if c, ok := physChunk(*r); ok {
			cs = append(cs, c)
		} else {
			dropped = append(dropped, Dropped{"resolution", "not representable in PNG pHYs"})
		}
	}
	if len(m.EXIF) > 0 {
		cs = append(cs, Chunk{"eXIf", m.EXIF})
	}
	if t := m.ModTime; t != nil {
		u := t.UTC()
		if u.Year() < 0 || u.Year() > 0xffff {
			dropped = append(dropped, Dropped{"tIME", "year outside 0-65535"})
		} else {
			d := binary.BigEndian.AppendUint16(nil, uint16(u.Year()))
			cs = append(cs, Chunk{"tIME", append(d, byte(u.Month()), byte(u.Day()), byte(u.Hour()), byte(u.Minute()), byte(u.Second()))})
		}
	}
	if len(m.XMP) > 0 {
		cs = append(cs, Chunk{"iTXt", append([]byte(xmpKeyword+"\x00\x00\x00\x00\x00"), m.XMP...)})
	}
	if len(m.ExtendedXMP) > 0 {
		dropped = append(dropped, Dropped{"extended XMP", "PNG holds one XMP packet; merging the extension into it is not done"})
	}
	for _, t := range m.Text {
		c, err := textChunk(t)
		if err != nil {
			dropped = append(dropped, Dropped{fmt.Sprintf("text %q", t.Keyword), err.Error()})
			continue
		}
		cs = append(cs, c)
	}
	for i, s := range m.Comments {
		t := Text{Keyword: "Comment", Text: s}
		if _, ok := toLatin1(s); !ok && utf8.ValidString(s) {
			t.International = true
		} else if !ok {
			t.Text = latin1([]byte(s)) // bytes of no known encoding: keep them as Latin-1
		}
		c, err := textChunk(t)
		if err != nil {
			dropped = append(dropped, Dropped{fmt.Sprintf("comment %d", i+1), err.Error()})
			continue
		}
		cs = append(cs, c)
	}
	if len(m.IPTC) > 0 {
		text := encodeRawProfile("iptc", m.IPTC)
		cs = append(cs, Chunk{"zTXt", append([]byte(rawProfilePrefix+"iptc\x00\x00"), deflate([]byte(text))...)})
	}
	return cs, dropped
}

// pngKeyword checks a keyword as PNG requires (1-79 Latin-1 characters
// without NUL) and returns its Latin-1 bytes.
func pngKeyword(s string) ([]byte, bool) {
	b, ok := toLatin1(s)
	if !ok || len(b) == 0 || len(b) > 79 || bytes.IndexByte(b, 0) >= 0 {
		return nil, false
	}
	return b, true
}

// textChunk encodes a Text as tEXt, zTXt or iTXt.
func textChunk(t Text) (Chunk, error) {
	key, ok := pngKeyword(t.Keyword)
	if !ok {
		return Chunk{}, errors.New("the keyword is not 1-79 Latin-1 characters")
	}
	if !t.International {
		b, ok := toLatin1(t.Text)
		if !ok || bytes.IndexByte(b, 0) >= 0 {
			return Chunk{}, errors.New("the text is not Latin-1 without NUL, and not international")
		}
		if t.Compressed {
			return Chunk{"zTXt", append(append(key, 0, 0), deflate(b)...)}, nil
		}
		return Chunk{"tEXt", append(append(key, 0), b...)}, nil
	}
	if !utf8.ValidString(t.Text) || strings.ContainsRune(t.Language, 0) || strings.ContainsRune(t.TranslatedKeyword, 0) {
		return Chunk{}, errors.New("the text is not UTF-8 or a name holds NUL")
	}
	d := append(key, 0)
	text := []byte(t.Text)
	if t.Compressed {
		d = append(d, 1, 0)
		text = deflate(text)
	} else {
		d = append(d, 0, 0)
	}
	d = append(append(d, t.Language...), 0)
	d = append(append(d, t.TranslatedKeyword...), 0)
	return Chunk{"iTXt", append(d, text...)}, nil
}

// physChunk encodes a resolution as pHYs: pixels per metre, or a bare
// aspect ratio.
func physChunk(r Resolution) (Chunk, bool) {
	x, y := r.X, r.Y
	switch r.Unit {
	case UnitInch:
		x, y = x/0.0254, y/0.0254
	case UnitCentimeter:
		x, y = x*100, y*100
	case UnitNone:
	default:
		return Chunk{}, false
	}
	x, y = math.Round(x), math.Round(y)
	if !(x >= 1 && x <= math.MaxInt32 && y >= 1 && y <= math.MaxInt32) {
		return Chunk{}, false
	}
	d := binary.BigEndian.AppendUint32(nil, uint32(x))
	d = binary.BigEndian.AppendUint32(d, uint32(y))
	unit := byte(1)
	if r.Unit == UnitNone {
		unit = 0
	}
	return Chunk{"pHYs", append(d, unit)}, true
}

// ownedChunk reports whether a chunk carries a part that
// [Metadata.PNGChunks] writes, so that [InsertPNG] replaces it.
func ownedChunk(typ string) bool {
	switch typ {
	case "eXIf", "iCCP", "sRGB", "gAMA", "cHRM", "cICP", "pHYs", "tIME", "tEXt", "zTXt", "iTXt":
		return true
	}
	return false
}

// InsertPNG returns a copy of PNG data whose metadata is m: the chunks
// that carry metadata (those [FromPNGChunks] reads) are removed and m's
// chunks put right after IHDR; every other chunk is copied as it was. It
// returns what m could not carry, as [Metadata.PNGChunks] does, and an
// error wrapping codecerr.ErrFormat when data is not a whole PNG file.
func InsertPNG(data []byte, m *Metadata) ([]byte, []Dropped, error) {
	chunks, err := ScanPNG(data)
	if err != nil {
		return nil, nil, err
	}
	if len(chunks) == 0 || chunks[0].Type != "IHDR" {
		return nil, nil, fmt.Errorf("meta: PNG does not start with IHDR: %w", codecerr.ErrFormat)
	}
	ours, dropped := m.PNGChunks()
	size := len(data)
	for _, c := range ours {
		size += 12 + len(c.Data)
	}
	out := make([]byte, 0, size)
	out = append(out, pngSignature...)
	out = AppendChunk(out, chunks[0])
	for _, c := range ours {
		out = AppendChunk(out, c)
	}
	for _, c := range chunks[1:] {
		if !ownedChunk(c.Type) {
			out = AppendChunk(out, c)
		}
	}
	return out, dropped, nil
}
