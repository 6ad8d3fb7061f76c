package meta

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/pixview/pixview/codec/codecerr"
)

const (
	jfifPrefix      = "JFIF\x00"
	photoshopPrefix = "Photoshop 3.0\x00"
	// maxXMPPacket is the largest main XMP packet a JPEG APP1 segment
	// holds, as the XMP specification (part 3, 1.1.3.1) fixes it.
	maxXMPPacket = 65502
	// extHeader is the size of an extended XMP segment's header after its
	// prefix: a 32-character GUID, the full length and the offset.
	extHeader = 32 + 4 + 4
	// maxICCSegments is the most segments an ICC profile can be split
	// over: the sequence number is one byte.
	maxICCSegments = 255
	// maxAssembled bounds what reassembling ICC or extended XMP may
	// allocate, checked against the bytes really present first.
	maxAssembled = 64 << 20
)

// FromJPEGFile reads the metadata of JPEG data: [ScanJPEG] then
// [FromJPEG]. The fields of the result alias data where a part is stored
// in one piece.
func FromJPEGFile(data []byte) (*Metadata, error) {
	segs, err := ScanJPEG(data)
	m, err2 := FromJPEG(segs)
	return m, errors.Join(err, err2)
}

// FromJPEG reads metadata from JPEG APPn and COM segments: JFIF density
// (APP0), EXIF, XMP and extended XMP (APP1), an ICC profile split over
// APP2 segments (joined by sequence number), the Photoshop IRB of APP13
// segments (concatenated) and comments. Other segments are ignored. The
// result is never nil: a part that is malformed (an ICC profile with a
// missing piece, extended XMP that does not add up) is left out and
// reported in the error, which wraps codecerr.ErrFormat, while the other
// parts are returned.
func FromJPEG(segs []Segment) (*Metadata, error) {
	m := new(Metadata)
	var errs []error
	var icc [][]byte // by sequence number - 1
	iccCount := -1
	var ext []Segment
	for _, s := range segs {
		d := s.Data
		switch {
		case s.Marker == markerAPP0 && bytes.HasPrefix(d, []byte(jfifPrefix)) && len(d) >= 12:
			if m.Resolution == nil {
				m.Resolution = jfifResolution(d[len(jfifPrefix):])
			}
		case s.Marker == markerAPP1 && bytes.HasPrefix(d, []byte(ExifPrefix)):
			if m.EXIF == nil {
				m.EXIF = d[len(ExifPrefix):]
			}
		case s.Marker == markerAPP1 && bytes.HasPrefix(d, []byte(XMPPrefix)):
			if m.XMP == nil {
				m.XMP = d[len(XMPPrefix):]
			}
		case s.Marker == markerAPP1 && bytes.HasPrefix(d, []byte(ExtendedXMPPrefix)):
			ext = append(ext, Segment{s.Marker, d[len(ExtendedXMPPrefix):]})
		case s.Marker == markerAPP2 && bytes.HasPrefix(d, []byte(ICCPrefix)):
			d = d[len(ICCPrefix):]
			if len(d) < 2 || d[0] == 0 || d[1] == 0 || d[0] > d[1] || (iccCount >= 0 && int(d[1]) != iccCount) {
				errs = append(errs, fmt.Errorf("meta: ICC segment with sequence %v: %w", d[:min(2, len(d))], codecerr.ErrFormat))
				iccCount = -2 // poisoned
				continue
			}
			if iccCount == -1 {
				iccCount = int(d[1])
				icc = make([][]byte, iccCount)
			}
			if iccCount < 0 {
				continue
			}
			if icc[d[0]-1] != nil {
				errs = append(errs, fmt.Errorf("meta: ICC segment %d of %d twice: %w", d[0], d[1], codecerr.ErrFormat))
				iccCount = -2
				continue
			}
			icc[d[0]-1] = d[2:]
		case s.Marker == markerAPP13 && bytes.HasPrefix(d, []byte(photoshopPrefix)):
			if m.IPTC == nil {
				m.IPTC = d[len(photoshopPrefix):]
			} else {
				// Photoshop continues a large IRB in further segments.
				m.IPTC = append(m.IPTC[:len(m.IPTC):len(m.IPTC)], d[len(photoshopPrefix):]...)
			}
		case s.Marker == markerCOM:
			m.Comments = append(m.Comments, string(d))
		}
	}
	if iccCount > 0 {
		switch {
		case slices.ContainsFunc(icc, func(b []byte) bool { return b == nil }):
			errs = append(errs, fmt.Errorf("meta: ICC profile misses segments of its %d: %w", iccCount, codecerr.ErrFormat))
		case iccCount == 1:
			m.ICC = icc[0]
		default:
			m.ICC = bytes.Join(icc, nil)
		}
	}
	if len(ext) > 0 {
		x, err := assembleExtendedXMP(ext, xmpExtendedGUID(m.XMP))
		if err != nil {
			errs = append(errs, err)
		}
		m.ExtendedXMP = x
	}
	return m, errors.Join(errs...)
}

// jfifResolution reads the density of a JFIF APP0 payload after its
// prefix: version (2 bytes), units, X and Y density.
func jfifResolution(d []byte) *Resolution {
	unit := ResolutionUnit(d[2])
	x, y := binary.BigEndian.Uint16(d[3:]), binary.BigEndian.Uint16(d[5:])
	if unit > UnitCentimeter || x == 0 || y == 0 {
		return nil
	}
	return &Resolution{X: float64(x), Y: float64(y), Unit: unit}
}

// xmpExtendedGUID returns the value of xmpNote:HasExtendedXMP in a main
// XMP packet, in attribute or element form, or "".
func xmpExtendedGUID(xmp []byte) string {
	lo, hi, ok := xmpGUIDSpan(xmp)
	if !ok {
		return ""
	}
	return string(xmp[lo:hi])
}

// xmpGUIDSpan returns where the 32-character value of
// xmpNote:HasExtendedXMP lies in a packet.
func xmpGUIDSpan(xmp []byte) (lo, hi int, ok bool) {
	const name = "xmpNote:HasExtendedXMP"
	i := bytes.Index(xmp, []byte(name))
	if i < 0 {
		return 0, 0, false
	}
	p := skipXMLSpace(xmp, i+len(name))
	if p < len(xmp) && xmp[p] == '=' {
		p = skipXMLSpace(xmp, p+1)
		if p < len(xmp) && (xmp[p] == '"' || xmp[p] == '\'') {
			p++
		}
	} else if p < len(xmp) && xmp[p] == '>' {
		p = skipXMLSpace(xmp, p+1)
	} else {
		return 0, 0, false
	}
	if p+32 > len(xmp) {
		return 0, 0, false
	}
	return p, p + 32, true
}

// assembleExtendedXMP joins the extended XMP segments (after their prefix)
// of one GUID by offset: the GUID the main packet names, or the only one
// there is. It allocates the full length only once the segments are seen
// to cover it.
func assembleExtendedXMP(ext []Segment, guid string) ([]byte, error) {
	type part struct {
		off  uint32
		data []byte
	}
	var parts []part
	var full uint32
	var have uint64
	for _, s := range ext {
		d := s.Data
		if len(d) < extHeader {
			return nil, fmt.Errorf("meta: extended XMP segment of %d bytes: %w", len(d), codecerr.ErrFormat)
		}
		g := string(d[:32])
		if guid == "" {
			guid = g
		}
		if g != guid {
			continue // a stale packet: the main one names another
		}
		n, off := binary.BigEndian.Uint32(d[32:]), binary.BigEndian.Uint32(d[36:])
		if len(parts) > 0 && n != full {
			return nil, fmt.Errorf("meta: extended XMP segments disagree on its length: %w", codecerr.ErrFormat)
		}
		full = n
		parts = append(parts, part{off, d[extHeader:]})
		have += uint64(len(d) - extHeader)
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("meta: no extended XMP segment has GUID %q: %w", guid, codecerr.ErrFormat)
	}
	if have < uint64(full) || full > maxAssembled {
		return nil, fmt.Errorf("meta: extended XMP has %d of its %d bytes: %w", have, full, codecerr.ErrFormat)
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].off < parts[j].off })
	out := make([]byte, full)
	var next uint64
	for _, p := range parts {
		if uint64(p.off) != next || next+uint64(len(p.data)) > uint64(full) {
			return nil, fmt.Errorf("meta: extended XMP pieces overlap or leave a gap at offset %d: %w", next, codecerr.ErrFormat)
		}
		copy(out[p.off:], p.data)
		next += uint64(len(p.data))
	}
	if next != uint64(full) {
		return nil, fmt.Errorf("meta: extended XMP has %d of its %d bytes: %w", next, full, codecerr.ErrFormat)
	}
	return out, nil
}

// JPEGSegments returns the segments that carry m in a JPEG file, in the
// order they go after SOI: a JFIF APP0 when m has a resolution, then
// EXIF, XMP, extended XMP, the ICC profile split over APP2 segments, IPTC
// in consecutive APP13 segments and comments. PNG text chunks become
// comments when their keyword is "Comment" (in any case) and are dropped
// otherwise, as are PNG's colour chunks (sRGB, gAMA, cHRM, cICP) and
// tIME: JPEG has no place for them. A part too large for JPEG (EXIF over
// 65527 bytes, an ICC profile over 255 segments) is dropped too; every
// part left out is in the returned list. The segments' Data are new
// slices: m can change afterwards.
func (m *Metadata) JPEGSegments() ([]Segment, []Dropped) {
	if m == nil {
		return nil, nil
	}
	var segs []Segment
	var dropped []Dropped
	if r := m.Resolution; r != nil {
		if seg, ok := jfifSegment(*r); ok {
			segs = append(segs, seg)
		} else {
			dropped = append(dropped, Dropped{"resolution", "JFIF density holds at most 65535 per unit"})
		}
	}
	if len(m.EXIF) > 0 {
		if len(ExifPrefix)+len(m.EXIF) > maxSegment {
			dropped = append(dropped, Dropped{"EXIF", fmt.Sprintf("%d bytes do not fit in one JPEG APP1 segment", len(m.EXIF))})
		} else {
			segs = append(segs, Segment{markerAPP1, concat(ExifPrefix, m.EXIF)})
		}
	}
	xs, xd := xmpSegments(m.XMP, m.ExtendedXMP)
	segs = append(segs, xs...)
	dropped = append(dropped, xd...)
	if len(m.ICC) > 0 {
		const room = maxSegment - len(ICCPrefix) - 2
		n := (len(m.ICC) + room - 1) / room
		if n > maxICCSegments {
			dropped = append(dropped, Dropped{"ICC", fmt.Sprintf("%d bytes need more than %d JPEG APP2 segments", len(m.ICC), maxICCSegments)})
		} else {
			for i := range n {
				piece := m.ICC[i*room : min(len(m.ICC), (i+1)*room)]
				segs = append(segs, Segment{markerAPP2, concat(ICCPrefix+string([]byte{byte(i + 1), byte(n)}), piece)})
			}
		}
	}
	// Photoshop continues a large IRB in consecutive APP13 segments, which
	// FromJPEG and exiftool join.
	const irbRoom = maxSegment - len(photoshopPrefix)
	for off := 0; off < len(m.IPTC); off += irbRoom {
		segs = append(segs, Segment{markerAPP13, concat(photoshopPrefix, m.IPTC[off:min(len(m.IPTC), off+irbRoom)])})
	}
	comments := slices.Clone(m.Comments)
	for _, t := range m.Text {
		if strings.EqualFold(t.Keyword, "Comment") { // ImageMagick writes "comment"
			comments = append(comments, t.Text)
			continue
		}
		dropped = append(dropped, Dropped{fmt.Sprintf("text %q", t.Keyword), "JPEG has no place for PNG text"})
	}
	for i, c := range comments {
		if len(c) > maxSegment {
			dropped = append(dropped, Dropped{fmt.Sprintf("comment %d", i+1), fmt.Sprintf("%d bytes do not fit in one JPEG COM segment", len(c))})
			continue
		}
		segs = append(segs, Segment{markerCOM, []byte(c)})
	}
	if m.SRGB != nil {
		dropped = append(dropped, Dropped{"sRGB", "JPEG has no sRGB marker; an ICC profile says it"})
	}
	if m.Gamma != 0 {
		dropped = append(dropped, Dropped{"gAMA", "JPEG has no gamma marker"})
	}
	if m.Chromaticities != nil {
		dropped = append(dropped, Dropped{"cHRM", "JPEG has no chromaticities marker"})
	}
	if m.CICP != nil {
		dropped = append(dropped, Dropped{"cICP", "JPEG has no CICP marker"})
	}
	if m.ModTime != nil {
		dropped = append(dropped, Dropped{"tIME", "JPEG has no modification time marker"})
	}
	return segs, dropped
}

// concat returns prefix followed by b in a new slice.
func concat(prefix string, b []byte) []byte {
	out := make([]byte, 0, len(prefix)+len(b))
	return append(append(out, prefix...), b...)
}

// jfifSegment returns a JFIF 1.02 APP0 segment with density r and no
// thumbnail, and false when r's density does not fit in 16 bits. JFIF
// stores whole numbers per inch or per centimetre: a density known in
// one unit is written in the one that rounds it closer, so that 2835
// pixels per metre from a PNG become 72 per inch, not 28 per centimetre.
func jfifSegment(r Resolution) (Segment, bool) {
	unit, x, y := r.Unit, r.X, r.Y
	if px, py, ok := r.PerInch(); ok {
		cx, cy := px/2.54, py/2.54
		if roundErr(px)+roundErr(py) <= roundErr(cx)+roundErr(cy) {
			unit, x, y = UnitInch, px, py
		} else {
			unit, x, y = UnitCentimeter, cx, cy
		}
	}
	x, y = math.Round(x), math.Round(y)
	if !(x >= 1 && x <= 0xffff && y >= 1 && y <= 0xffff) || unit > UnitCentimeter {
		return Segment{}, false
	}
	d := []byte(jfifPrefix + "\x01\x02")
	d = append(d, byte(unit))
	d = binary.BigEndian.AppendUint16(d, uint16(x))
	d = binary.BigEndian.AppendUint16(d, uint16(y))
	return Segment{markerAPP0, append(d, 0, 0)}, true
}

// roundErr is the relative error of rounding v to a whole number.
func roundErr(v float64) float64 {
	if v == 0 {
		return math.Inf(1)
	}
	return math.Abs(math.Round(v)-v) / v
}

// xmpSegments returns the APP1 segments of a main XMP packet and its
// extended XMP. A main packet too large for one segment, without extended
// XMP, is moved whole into extended XMP behind a small main packet that
// names it, as the XMP specification allows; the GUID is the MD5 of the
// extended packet, and a main packet naming another GUID is patched in
// place on a copy.
func xmpSegments(main, ext []byte) ([]Segment, []Dropped) {
	if len(main) == 0 && len(ext) == 0 {
		return nil, nil
	}
	if len(main) > maxXMPPacket {
		if len(ext) > 0 {
			return nil, []Dropped{{"XMP", fmt.Sprintf("the main packet of %d bytes is over %d with extended XMP already present", len(main), maxXMPPacket)}}
		}
		ext = xmpBody(main)
		main = nil
	}
	if len(ext) == 0 {
		return []Segment{{markerAPP1, concat(XMPPrefix, main)}}, nil
	}
	if uint64(len(ext)) > math.MaxUint32 {
		return nil, []Dropped{{"XMP", "extended XMP over 4 GiB"}}
	}
	sum := md5.Sum(ext)
	guid := []byte(hex.EncodeToString(sum[:]))
	guid = bytes.ToUpper(guid)
	if main == nil {
		main = []byte(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
			`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
			`<rdf:Description rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="` +
			string(guid) + `"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`)
	} else if lo, hi, ok := xmpGUIDSpan(main); ok {
		if !bytes.Equal(main[lo:hi], guid) {
			main = bytes.Clone(main)
			copy(main[lo:hi], guid)
		}
	} else {
		return []Segment{{markerAPP1, concat(XMPPrefix, main)}},
			[]Dropped{{"extended XMP", "the main XMP packet does not name it (xmpNote:HasExtendedXMP)"}}
	}
	segs := []Segment{{markerAPP1, concat(XMPPrefix, main)}}
	const room = maxSegment - len(ExtendedXMPPrefix) - extHeader
	for off := 0; off < len(ext); off += room {
		d := make([]byte, 0, len(ExtendedXMPPrefix)+extHeader+min(room, len(ext)-off))
		d = append(d, ExtendedXMPPrefix...)
		d = append(d, guid...)
		d = binary.BigEndian.AppendUint32(d, uint32(len(ext)))
		d = binary.BigEndian.AppendUint32(d, uint32(off))
		d = append(d, ext[off:min(len(ext), off+room)]...)
		segs = append(segs, Segment{markerAPP1, d})
	}
	return segs, nil
}

// xmpBody returns the x:xmpmeta element of a packet without the xpacket
// processing instructions around it, the form extended XMP takes; the
// packet itself when it has no such element.
func xmpBody(p []byte) []byte {
	i := bytes.Index(p, []byte("<x:xmpmeta"))
	const end = "</x:xmpmeta>"
	j := bytes.LastIndex(p, []byte(end))
	if i < 0 || j < i {
		return p
	}
	return p[i : j+len(end)]
}

// AppendSegment appends a segment's marker, length and payload to dst. It
// panics when the payload exceeds the 65533 bytes a segment can hold; the
// segments of [Metadata.JPEGSegments] never do.
func AppendSegment(dst []byte, s Segment) []byte {
	if len(s.Data) > maxSegment {
		panic("meta: JPEG segment payload over 65533 bytes")
	}
	dst = append(dst, 0xff, s.Marker)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(s.Data)+2))
	return append(dst, s.Data...)
}

// ownedSegment reports whether a segment carries a part that
// [Metadata.JPEGSegments] writes, so that [InsertJPEG] replaces it.
func ownedSegment(s Segment) bool {
	d := s.Data
	switch s.Marker {
	case markerAPP0:
		return bytes.HasPrefix(d, []byte(jfifPrefix))
	case markerAPP1:
		return bytes.HasPrefix(d, []byte(ExifPrefix)) || bytes.HasPrefix(d, []byte(XMPPrefix)) || bytes.HasPrefix(d, []byte(ExtendedXMPPrefix))
	case markerAPP2:
		return bytes.HasPrefix(d, []byte(ICCPrefix))
	case markerAPP13:
		return bytes.HasPrefix(d, []byte(photoshopPrefix))
	case markerCOM:
		return true
	}
	return false
}

// InsertJPEG returns a copy of JPEG data whose metadata is m: the
// segments that carry metadata (JFIF APP0, EXIF and XMP APP1, ICC APP2,
// Photoshop APP13, COM) are removed and m's segments put right after SOI;
// every other segment and the image data are kept as they were. It
// returns what m could not carry, as [Metadata.JPEGSegments] does, and an
// error wrapping codecerr.ErrFormat when data is not JPEG.
func InsertJPEG(data []byte, m *Metadata) ([]byte, []Dropped, error) {
	if len(data) < 2 || data[0] != 0xff || data[1] != markerSOI {
		return nil, nil, fmt.Errorf("meta: not a JPEG stream: %w", codecerr.ErrFormat)
	}
	segs, dropped := m.JPEGSegments()
	size := len(data)
	for _, s := range segs {
		size += 4 + len(s.Data)
	}
	out := make([]byte, 0, size) // one allocation: the old metadata only makes it larger
	out = append(out, 0xff, markerSOI)
	for _, s := range segs {
		out = AppendSegment(out, s)
	}
	// Walk the header again, copying what is not metadata byte for byte.
	i := 2
	for {
		if i+2 > len(data) || data[i] != 0xff {
			return nil, nil, fmt.Errorf("meta: JPEG header broken at offset %d: %w", i, codecerr.ErrFormat)
		}
		mk := data[i+1]
		if mk == 0xff {
			i++
			continue
		}
		if mk == markerSOS || mk == markerEOI || mk == 0x01 || (0xd0 <= mk && mk <= markerSOI) {
			if mk == markerSOS || mk == markerEOI {
				break
			}
			out = append(out, data[i:i+2]...)
			i += 2
			continue
		}
		if i+4 > len(data) {
			return nil, nil, fmt.Errorf("meta: JPEG header broken at offset %d: %w", i, codecerr.ErrFormat)
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if n < 2 || i+2+n > len(data) {
			return nil, nil, fmt.Errorf("meta: JPEG segment at offset %d runs past the data: %w", i, codecerr.ErrFormat)
		}
		if !ownedSegment(Segment{mk, data[i+4 : i+2+n]}) {
			out = append(out, data[i:i+2+n]...)
		}
		i += 2 + n
	}
	return append(out, data[i:]...), dropped, nil
}
