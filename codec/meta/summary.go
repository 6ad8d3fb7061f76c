package meta

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/pixview/pixview/codec/codecerr"
)

// Limits of what a display of EXIF tags shows: a tag whose value is larger
// than maxExifTagSize bytes or has more than maxExifValues values is left
// out.
const (
	maxExifTagSize = 64 << 10
	maxExifValues  = 1 << 16
)

// Tags of the GPS IFD and of IFD0 that the summary reads.
const (
	tagGPSLatitude = 0x0002
	tagSubIFDs     = 0x014a
)

// Summary says which metadata an image carries, for pixtool info; it
// marshals to JSON with the field names in its tags.
type Summary struct {
	EXIF *ExifSummary `json:"exif,omitempty"`
	ICC  *ICCSummary  `json:"icc,omitempty"`
	XMP  *XMPSummary  `json:"xmp,omitempty"`
	// IPTC is the size in bytes of the Photoshop IRB holding IPTC; 0 when
	// there is none.
	IPTC int `json:"iptc_bytes,omitempty"`
	// Comments are the JPEG comments.
	Comments []string `json:"comments,omitempty"`
	// Text are the keywords of the PNG text chunks.
	Text []string `json:"text,omitempty"`
	// Resolution is the pixel density, if known.
	Resolution *Resolution `json:"resolution,omitempty"`
	// Color names the PNG colour chunks present: "sRGB", "gAMA", "cHRM",
	// "cICP".
	Color []string `json:"color,omitempty"`
}

// ExifSummary is what [Summary] says of EXIF.
type ExifSummary struct {
	Bytes int `json:"bytes"`
	// ByteOrder is "II" (little-endian) or "MM" (big-endian).
	ByteOrder string `json:"byte_order"`
	Make      string `json:"make,omitempty"`
	Model     string `json:"model,omitempty"`
	// DateTime is DateTimeOriginal, or DateTime when that is absent, as
	// EXIF writes it ("2006:01:02 15:04:05").
	DateTime string `json:"date_time,omitempty"`
	// Orientation is the orientation tag, 0 when absent or invalid.
	Orientation int `json:"orientation,omitempty"`
	// GPS says whether the EXIF holds a position (GPSLatitude).
	GPS bool `json:"gps"`
	// Thumbnail says whether IFD1 holds a JPEG thumbnail.
	Thumbnail bool `json:"thumbnail"`
	// Tags counts the tags decoded.
	Tags int `json:"tags"`
	// Error reports a malformed structure; what was read before it is
	// above.
	Error string `json:"error,omitempty"`
}

// ICCSummary is what [Summary] says of an ICC profile.
type ICCSummary struct {
	Bytes       int    `json:"bytes"`
	Description string `json:"description,omitempty"`
}

// XMPSummary is what [Summary] says of XMP.
type XMPSummary struct {
	Bytes         int `json:"bytes"`
	ExtendedBytes int `json:"extended_bytes,omitempty"`
	// Orientation is tiff:Orientation, 0 when absent.
	Orientation int `json:"orientation,omitempty"`
	// GPS says whether the XMP holds a position (exif:GPSLatitude), which
	// stripping EXIF alone would leave behind.
	GPS bool `json:"gps"`
}

// Summary returns which metadata m carries, with the EXIF camera make,
// model and date, whether it holds a GPS position, and the ICC profile's
// description.
func (m *Metadata) Summary() Summary {
	var s Summary
	if m == nil {
		return s
	}
	if len(m.EXIF) > 0 {
		s.EXIF = exifSummary(m.EXIF)
	}
	if len(m.ICC) > 0 {
		desc, _ := ICCDescription(m.ICC)
		s.ICC = &ICCSummary{Bytes: len(m.ICC), Description: desc}
	}
	if len(m.XMP) > 0 || len(m.ExtendedXMP) > 0 {
		o, _ := XMPOrientation(m.XMP)
		gps := []byte("exif:GPSLatitude")
		s.XMP = &XMPSummary{Bytes: len(m.XMP), ExtendedBytes: len(m.ExtendedXMP), Orientation: o,
			GPS: bytes.Contains(m.XMP, gps) || bytes.Contains(m.ExtendedXMP, gps)}
	}
	s.IPTC = len(m.IPTC)
	s.Comments = m.Comments
	for _, t := range m.Text {
		s.Text = append(s.Text, t.Keyword)
	}
	s.Resolution = m.Resolution
	if m.SRGB != nil {
		s.Color = append(s.Color, "sRGB")
	}
	if m.Gamma != 0 {
		s.Color = append(s.Color, "gAMA")
	}
	if m.Chromaticities != nil {
		s.Color = append(s.Color, "cHRM")
	}
	if m.CICP != nil {
		s.Color = append(s.Color, "cICP")
	}
	return s
}

// exifSummary reads what [ExifSummary] says of TIFF-structured EXIF with
// this package's own walker: the few tags it shows are found by number,
// so pixview needs no table of tag names for them (package exiftags has
// one, for a display of every tag).
func exifSummary(tiff []byte) *ExifSummary {
	e := &ExifSummary{Bytes: len(tiff)}
	if len(tiff) >= 2 {
		e.ByteOrder = string(tiff[:2])
	}
	e.Orientation, _ = ExifOrientation(tiff)
	_, _, e.Thumbnail = ExifThumbnail(tiff)
	t, ifd0, ok := parseTIFF(tiff)
	if !ok {
		e.Error = fmt.Errorf("meta: EXIF is not a TIFF structure: %w", codecerr.ErrFormat).Error()
		return e
	}
	n, err := t.countTags(ifd0)
	e.Tags = n
	if err != nil {
		e.Error = err.Error()
	}
	e.Make = t.ascii(ifd0, tagMake)
	e.Model = t.ascii(ifd0, tagModel)
	if exif, ok := t.subIFD(ifd0, tagExifIFD); ok {
		e.DateTime = t.ascii(exif, tagDateTimeOrig)
	}
	if e.DateTime == "" {
		e.DateTime = t.ascii(ifd0, tagDateTime)
	}
	if gps, ok := t.subIFD(ifd0, tagGPSIFD); ok {
		_, e.GPS = t.find(gps, tagGPSLatitude)
	}
	return e
}

// ascii returns the ASCII value of tag in the IFD at off, up to its first
// NUL and without surrounding spaces; "" when the tag is absent, of
// another type or its value does not fit in the data.
func (t tiffData) ascii(off int, tag uint16) string {
	e, ok := t.find(off, tag)
	if !ok || e.typ != typeASCII {
		return ""
	}
	v, ok := t.value(e)
	if !ok {
		return ""
	}
	v, _, _ = bytes.Cut(v, []byte{0})
	return strings.TrimSpace(string(v))
}

// countTags counts the tags of IFD0 at ifd0 and of the Exif, GPS and
// Interoperability IFDs it leads to, as a display of every tag lists them
// (package exiftags): the pointers between IFDs, the XMP and IPTC packets
// (parts of their own), values of more than 64 KiB or 65,536 values and
// values outside the data are left out. An IFD cut short by the end of the data, or by an
// entry of an unknown type, counts the entries before; the error, wrapping
// codecerr.ErrFormat, says where it was cut.
func (t tiffData) countTags(ifd0 int) (int, error) {
	var errs []error
	// count counts the tags of the IFD at off and returns the IFDs its
	// pointer tags name.
	count := func(name string, off int) (n int, ptrs map[uint16]int) {
		if off+2 > len(t.b) {
			errs = append(errs, fmt.Errorf("meta: EXIF: %s at offset %d is outside the %d bytes: %w", name, off, len(t.b), codecerr.ErrFormat))
			return 0, nil
		}
		entries := int(t.bo.Uint16(t.b[off:]))
		if fit := (len(t.b) - off - 2) / 12; fit < entries {
			errs = append(errs, fmt.Errorf("meta: EXIF: %s at offset %d has %d entries, %d fit in the %d bytes: %w", name, off, entries, fit, len(t.b), codecerr.ErrFormat))
			entries = fit
		}
		ptrs = map[uint16]int{}
		for i := range entries {
			p := off + 2 + 12*i
			tag, typ, cnt := t.bo.Uint16(t.b[p:]), t.bo.Uint16(t.b[p+2:]), t.bo.Uint32(t.b[p+4:])
			if cnt > maxExifValues {
				continue
			}
			if typeSize(typ) == 0 {
				errs = append(errs, fmt.Errorf("meta: EXIF: %s entry %d has the unknown type %d: %w", name, i, typ, codecerr.ErrFormat))
				return n, ptrs
			}
			switch tag {
			case tagExifIFD, tagGPSIFD, tagInteropIFD:
				if _, seen := ptrs[tag]; !seen && cnt == 1 && (typ == typeLong || typ == typeIFD) {
					ptrs[tag] = int(t.bo.Uint32(t.b[p+8:]))
				}
				continue
			case tagSubIFDs, tagXMP, tagIPTC:
				continue
			}
			if _, inside := t.value(entry{p, tag, typ, cnt}); inside && uint64(cnt)*uint64(typeSize(typ)) <= maxExifTagSize {
				n++
			}
		}
		return n, ptrs
	}
	n, ptrs := count("IFD0", ifd0)
	if off, ok := ptrs[tagExifIFD]; ok {
		c, exifPtrs := count("the Exif IFD", off)
		n += c
		if off, ok := exifPtrs[tagInteropIFD]; ok {
			c, _ := count("the Interoperability IFD", off)
			n += c
		}
	}
	if off, ok := ptrs[tagGPSIFD]; ok {
		c, _ := count("the GPS IFD", off)
		n += c
	}
	return n, errors.Join(errs...)
}

// ExifHasResolution reports whether IFD0 of TIFF-structured EXIF holds an
// XResolution tag, whatever its value: a TIFF made with such EXIF takes
// its resolution from there.
func ExifHasResolution(tiff []byte) bool {
	t, ifd0, ok := parseTIFF(tiff)
	if !ok {
		return false
	}
	_, ok = t.find(ifd0, tagXResolution)
	return ok
}
