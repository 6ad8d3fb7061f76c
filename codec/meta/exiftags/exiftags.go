// Package exiftags decodes every tag of an EXIF structure for display,
// with the names the EXIF standard gives them, through
// github.com/bep/imagemeta.
//
// It stands apart from package meta so that meta, and codec and pixtool
// which import it, do not initialise imagemeta's tables of tag names at
// every start of a program (2,960 allocations and about 2 ms, measured
// with GODEBUG=inittrace=1); meta's [meta.Summary] finds the few tags it
// shows by number with meta's own walker.
package exiftags

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/bep/imagemeta"
	"github.com/pixview/pixview/codec/codecerr"
)

// Tag is one EXIF tag as [Read] decodes it for display.
type Tag struct {
	// IFD is the directory the tag is in: "IFD0", "IFD0/ExifIFDP",
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

// Limits on what [Read] reads, so that a hostile structure cannot make it
// work or allocate without bound.
const (
	maxTags    = 2000
	maxTagSize = 64 << 10
)

// Read decodes the tags of an EXIF TIFF structure (IFD0 and its Exif, GPS
// and Interoperability IFDs; the thumbnail's IFD1 is skipped) for display.
// Tags whose value is larger than 64 KiB are skipped, and reading stops
// after 2000 tags. The error wraps codecerr.ErrFormat when the structure
// is malformed; the tags read before the fault are returned with it.
func Read(tiff []byte) ([]Tag, error) {
	if len(tiff) < 8 || string(tiff[:4]) != "II*\x00" && string(tiff[:4]) != "MM\x00*" {
		return nil, fmt.Errorf("exiftags: EXIF is not a TIFF structure: %w", codecerr.ErrFormat)
	}
	var tags []Tag
	_, err := imagemeta.Decode(imagemeta.Options{
		R:            bytes.NewReader(tiff),
		ImageFormat:  imagemeta.TIFF,
		Sources:      imagemeta.EXIF,
		LimitNumTags: maxTags,
		LimitTagSize: maxTagSize,
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
			err = fmt.Errorf("exiftags: %v: %w", err, codecerr.ErrFormat)
		}
		return tags, err
	}
	return tags, nil
}
