package meta

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/pixview/pixview/codec/codecerr"
)

// Metadata is the metadata of one image, format-neutral: what
// [FromJPEG], [FromPNG] and [FromTIFF] read and what
// [Metadata.JPEGSegments] and [Metadata.PNGChunks] write. Every part is a
// plain field: read it, replace it, or remove it by setting it to its zero
// value. The zero Metadata holds nothing and is ready to use.
//
// Byte fields alias the data they were read from where the format stores
// them whole (EXIF in one JPEG segment, for example); [Metadata.Clone]
// returns a copy that shares nothing.
type Metadata struct {
	// EXIF is the TIFF structure of the EXIF data, without [ExifPrefix]:
	// what a JPEG APP1 segment holds after the prefix and a PNG eXIf chunk
	// holds. The in-place helpers ([SetExifOrientation] and the others)
	// work on it.
	EXIF []byte

	// ICC is the ICC colour profile, whole.
	ICC []byte
	// ICCName is the name a PNG iCCP chunk gives the profile; empty means
	// a default name when one is written.
	ICCName string

	// XMP is the main XMP packet.
	XMP []byte
	// ExtendedXMP is the extended XMP that JPEG stores in extra APP1
	// segments when a packet does not fit in one, reassembled; it
	// continues XMP, whose xmpNote:HasExtendedXMP names it.
	ExtendedXMP []byte

	// IPTC is the Photoshop image resource block (IRB) that holds IPTC:
	// the payload of JPEG APP13 segments after "Photoshop 3.0\x00". Bare
	// IPTC-IIM records found elsewhere are wrapped into an IRB resource
	// 0x0404 so that this field has one form.
	IPTC []byte

	// Comments are the JPEG COM segments, in order.
	Comments []string

	// Text are the PNG text chunks (tEXt, zTXt, iTXt) other than XMP and
	// ImageMagick's raw profiles, which are decoded into their fields.
	Text []Text

	// Resolution is the physical pixel density: JFIF density, PNG pHYs or
	// TIFF XResolution/YResolution. nil means unknown.
	Resolution *Resolution

	// SRGB is the rendering intent of a PNG sRGB chunk (0 perceptual, 1
	// relative colorimetric, 2 saturation, 3 absolute colorimetric); nil
	// when there is none.
	SRGB *uint8
	// Gamma is the PNG gAMA value, the image gamma times 100000; 0 when
	// there is none.
	Gamma uint32
	// Chromaticities is the PNG cHRM chunk: white point, red, green and
	// blue x and y, each times 100000; nil when there is none.
	Chromaticities *[8]uint32
	// CICP is the PNG cICP chunk (coding-independent code points); nil
	// when there is none.
	CICP *CICP
	// ModTime is the last modification time of a PNG tIME chunk, in UTC;
	// nil when there is none.
	ModTime *time.Time
}

// Text is one PNG text chunk.
type Text struct {
	// Keyword names the text: "Title", "Author", "Comment"... (1-79
	// characters of Latin-1, in UTF-8 here).
	Keyword string
	// Text is the text in UTF-8; tEXt and zTXt store it in Latin-1, which
	// reading converts and writing converts back (text beyond Latin-1
	// needs International).
	Text string
	// Compressed says the text is stored zlib-compressed (zTXt, or iTXt
	// with its compression flag).
	Compressed bool
	// International marks an iTXt chunk, with its language tag and the
	// keyword translated into that language.
	International     bool
	Language          string
	TranslatedKeyword string
}

// CICP is the content of a PNG cICP chunk (ITU-T H.273 code points).
type CICP struct {
	ColourPrimaries    uint8
	TransferFunction   uint8
	MatrixCoefficients uint8
	VideoFullRangeFlag uint8
}

// ResolutionUnit is the unit of a [Resolution].
type ResolutionUnit uint8

// The units of a resolution. With UnitNone only the ratio of X to Y, the
// pixel aspect, is known.
const (
	UnitNone ResolutionUnit = iota
	UnitInch
	UnitCentimeter
)

// Resolution is a pixel density: X and Y pixels per Unit.
type Resolution struct {
	X    float64        `json:"x"`
	Y    float64        `json:"y"`
	Unit ResolutionUnit `json:"unit"`
}

// String returns "none", "inch" or "cm".
func (u ResolutionUnit) String() string {
	switch u {
	case UnitNone:
		return "none"
	case UnitInch:
		return "inch"
	case UnitCentimeter:
		return "cm"
	}
	return fmt.Sprintf("ResolutionUnit(%d)", uint8(u))
}

// MarshalText returns the unit's name, so that JSON says "inch", not 1.
func (u ResolutionUnit) MarshalText() ([]byte, error) {
	if u > UnitCentimeter {
		return nil, fmt.Errorf("meta: resolution unit %d: %w", uint8(u), codecerr.ErrFormat)
	}
	return []byte(u.String()), nil
}

// UnmarshalText reads a unit's name.
func (u *ResolutionUnit) UnmarshalText(b []byte) error {
	for v := UnitNone; v <= UnitCentimeter; v++ {
		if string(b) == v.String() {
			*u = v
			return nil
		}
	}
	return fmt.Errorf("meta: resolution unit %q: %w", b, codecerr.ErrFormat)
}

// PerInch returns the density in pixels per inch, and false when the unit
// is none.
func (r Resolution) PerInch() (x, y float64, ok bool) {
	switch r.Unit {
	case UnitInch:
		return r.X, r.Y, true
	case UnitCentimeter:
		return r.X * 2.54, r.Y * 2.54, true
	}
	return 0, 0, false
}

// Dropped names a part of the metadata that a writer left out, and why.
type Dropped struct {
	// Part is the part: "EXIF", "ICC", "XMP", "extended XMP", "IPTC",
	// "comment", "text \"Title\"", "resolution", "sRGB"...
	Part string
	// Reason says why: the target cannot hold it, or it is too large.
	Reason string
}

// String returns "part: reason".
func (d Dropped) String() string { return d.Part + ": " + d.Reason }

// IsEmpty reports whether m holds no metadata at all.
func (m *Metadata) IsEmpty() bool {
	return m == nil || (len(m.EXIF) == 0 && len(m.ICC) == 0 && len(m.XMP) == 0 && len(m.ExtendedXMP) == 0 &&
		len(m.IPTC) == 0 && len(m.Comments) == 0 && len(m.Text) == 0 && m.Resolution == nil &&
		m.SRGB == nil && m.Gamma == 0 && m.Chromaticities == nil && m.CICP == nil && m.ModTime == nil)
}

// Clone returns a deep copy of m that shares no memory with it, so it can
// be patched in place while m stays as it was.
func (m *Metadata) Clone() *Metadata {
	if m == nil {
		return nil
	}
	c := *m
	c.EXIF = bytes.Clone(m.EXIF)
	c.ICC = bytes.Clone(m.ICC)
	c.XMP = bytes.Clone(m.XMP)
	c.ExtendedXMP = bytes.Clone(m.ExtendedXMP)
	c.IPTC = bytes.Clone(m.IPTC)
	c.Comments = slices.Clone(m.Comments)
	c.Text = slices.Clone(m.Text)
	if m.Resolution != nil {
		r := *m.Resolution
		c.Resolution = &r
	}
	if m.SRGB != nil {
		v := *m.SRGB
		c.SRGB = &v
	}
	if m.Chromaticities != nil {
		v := *m.Chromaticities
		c.Chromaticities = &v
	}
	if m.CICP != nil {
		v := *m.CICP
		c.CICP = &v
	}
	if m.ModTime != nil {
		v := *m.ModTime
		c.ModTime = &v
	}
	return &c
}

// SetOrientation records that the image is now to be shown with EXIF
// orientation o (1-8; 1 after an orientation has been applied to the
// pixels): it patches the EXIF orientation tag and tiff:Orientation in
// the XMP, in place where they exist. It reports whether the EXIF tag was
// patched; EXIF without the tag is left alone (an absent tag means 1).
func (m *Metadata) SetOrientation(o int) bool {
	m.XMP = SetXMPOrientation(m.XMP, o)
	m.ExtendedXMP = SetXMPOrientation(m.ExtendedXMP, o)
	return SetExifOrientation(m.EXIF, o)
}

// SetDimensions records that the image is now w x h pixels: it patches
// the EXIF dimension tags ([SetExifDimensions]) and the XMP ones
// ([SetXMPDimensions]) that are present. It reports whether the EXIF tags
// were patched; false with EXIF present means a SHORT tag too small for
// the new size, which only rebuilding the EXIF could fix.
func (m *Metadata) SetDimensions(w, h int) bool {
	m.XMP = SetXMPDimensions(m.XMP, w, h)
	m.ExtendedXMP = SetXMPDimensions(m.ExtendedXMP, w, h)
	return SetExifDimensions(m.EXIF, w, h)
}

// Strip removes what identifies the picture, its place and its author, as
// pixtool's --strip does: EXIF (GPS included), XMP, IPTC, comments, PNG
// text and the modification time. It keeps what the pixels need to be
// shown right: the ICC profile, the PNG colour chunks (sRGB, gAMA, cHRM,
// cICP) and the resolution. An orientation other than 1 lives in EXIF:
// apply it to the pixels before stripping, or the picture turns.
// [Metadata.StripICC] drops the profile too.
func (m *Metadata) Strip() {
	m.EXIF, m.XMP, m.ExtendedXMP, m.IPTC = nil, nil, nil, nil
	m.Comments, m.Text, m.ModTime = nil, nil, nil
}

// StripICC removes the ICC profile and its name, for a caller that wants
// no colour profile in the output (pixtool's --strip-icc). The PNG colour
// chunks (sRGB, gAMA, cHRM, cICP) stay: they are a few bytes that say how
// the samples are meant, not a profile. Strip and StripICC together leave
// only those chunks and the resolution.
func (m *Metadata) StripICC() {
	m.ICC, m.ICCName = nil, ""
}

// Parts names the parts m holds, as [Dropped].Part names them: "EXIF",
// "ICC", "XMP", "extended XMP", "IPTC", "comment 1", "text \"Title\"",
// "resolution", "sRGB", "gAMA", "cHRM", "cICP", "tIME". A writer for a
// format that holds none of them reports each as dropped.
func (m *Metadata) Parts() []string {
	if m == nil {
		return nil
	}
	var ps []string
	add := func(ok bool, name string) {
		if ok {
			ps = append(ps, name)
		}
	}
	add(len(m.EXIF) > 0, "EXIF")
	add(len(m.ICC) > 0, "ICC")
	add(len(m.XMP) > 0, "XMP")
	add(len(m.ExtendedXMP) > 0, "extended XMP")
	add(len(m.IPTC) > 0, "IPTC")
	for i := range m.Comments {
		ps = append(ps, fmt.Sprintf("comment %d", i+1))
	}
	for _, t := range m.Text {
		ps = append(ps, fmt.Sprintf("text %q", t.Keyword))
	}
	add(m.Resolution != nil, "resolution")
	add(m.SRGB != nil, "sRGB")
	add(m.Gamma != 0, "gAMA")
	add(m.Chromaticities != nil, "cHRM")
	add(m.CICP != nil, "cICP")
	add(m.ModTime != nil, "tIME")
	return ps
}
