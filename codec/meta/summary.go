package meta

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/bep/imagemeta"
	"github.com/pixview/pixview/codec/codecerr"
)

// Tag is one EXIF tag as [ExifTags] reads it for display.
type Tag struct {
	// IFD is the directory the tag is in: "IFD0", "IFD0/ExifIFD",
	// "IFD0/GPSInfoIFD"...
	IFD string `json:"ifd"`
	// Name is the tag's name in the EXIF standard ("Make",
	// "DateTimeOriginal", "GPSLatitude"), or its number in hex when it has
	// none.
	Name string `json:"name"`
	// Value is the decoded value: a string, a number, a rational as a
	// float or a string, or a slice of those.
	Value any `json:"value"`
}

// Limits on what [ExifTags] reads, so that a hostile structure cannot make
// it work or allocate without bound.
const (
	maxExifTags    = 2000
	maxExifTagSize = 64 << 10
)

// ExifTags decodes the tags of an EXIF TIFF structure (IFD0 and its Exif,
// GPS and Interoperability IFDs; the thumbnail's IFD1 is skipped) for
// display, with github.com/bep/imagemeta. Tags whose value is larger than
// 64 KiB are skipped, and reading stops after 2000 tags. The error wraps
// codecerr.ErrFormat when the structure is malformed; the tags read
// before the fault are returned with it.
func ExifTags(tiff []byte) ([]Tag, error) {
	if _, _, ok := parseTIFF(tiff); !ok {
		return nil, fmt.Errorf("meta: EXIF is not a TIFF structure: %w", codecerr.ErrFormat)
	}
	var tags []Tag
	_, err := imagemeta.Decode(imagemeta.Options{
		R:            bytes.NewReader(tiff),
		ImageFormat:  imagemeta.TIFF,
		Sources:      imagemeta.EXIF,
		LimitNumTags: maxExifTags,
		LimitTagSize: maxExifTagSize,
		ShouldHandleTag: func(ti imagemeta.TagInfo) bool {
			return ti.Namespace == "IFD0" || strings.HasPrefix(ti.Namespace, "IFD0/")
		},
		HandleTag: func(ti imagemeta.TagInfo) error {
			tags = append(tags, Tag{IFD: ti.Namespace, Name: ti.Tag, Value: ti.Value})
			return nil
		},
	})
	if err != nil {
		if !errors.Is(err, codecerr.ErrFormat) {
			err = fmt.Errorf("meta: EXIF: %v: %w", err, codecerr.ErrFormat)
		}
		return tags, err
	}
	return tags, nil
}

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

func exifSummary(tiff []byte) *ExifSummary {
	e := &ExifSummary{Bytes: len(tiff)}
	if len(tiff) >= 2 {
		e.ByteOrder = string(tiff[:2])
	}
	e.Orientation, _ = ExifOrientation(tiff)
	_, _, e.Thumbnail = ExifThumbnail(tiff)
	tags, err := ExifTags(tiff)
	if err != nil {
		e.Error = err.Error()
	}
	e.Tags = len(tags)
	var dateTime string
	for _, t := range tags {
		str, _ := t.Value.(string)
		str = strings.TrimSpace(strings.TrimRight(str, "\x00"))
		switch {
		case t.Name == "Make" && t.IFD == "IFD0":
			e.Make = str
		case t.Name == "Model" && t.IFD == "IFD0":
			e.Model = str
		case t.Name == "DateTimeOriginal":
			e.DateTime = str
		case t.Name == "DateTime" && t.IFD == "IFD0":
			dateTime = str
		case t.Name == "GPSLatitude":
			e.GPS = true
		}
	}
	if e.DateTime == "" {
		e.DateTime = dateTime
	}
	return e
}
