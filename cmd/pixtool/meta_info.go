package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/pixview/pixview/codec/meta"
)

// maxMetadataRead bounds what info reads of a file to find its metadata:
// JPEG and PNG keep it before the pixels, and a TIFF's IFDs past this are
// not worth reading a whole large file for.
const maxMetadataRead = 64 << 20

// metadataSummary reads which metadata the file at path carries, for
// info; nil when the format keeps none meta reads (or there is none).
func metadataSummary(ctx context.Context, a *app, path, format string) (*meta.Summary, error) {
	var from func([]byte) (*meta.Metadata, error)
	switch format {
	case "jpeg":
		from = meta.FromJPEGFile
	case "png":
		from = meta.FromPNG
	case "tiff":
		from = meta.FromTIFF
	default:
		return nil, nil
	}
	f, err := a.st.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMetadataRead))
	if err != nil {
		return nil, err
	}
	m, _ := from(data)
	if m == nil || m.IsEmpty() {
		// A file whose metadata does not parse is still an image; the
		// error is not info's to report as a failure.
		return nil, nil
	}
	s := m.Summary()
	return &s, nil
}

// metadataText is the summary as info's text line shows it: "exif(Canon
// EOS 5D, 2024:05:06 07:08:09, gps) icc(sRGB IEC61966-2.1) xmp iptc
// comments(2)", or "-" for none.
func metadataText(s *meta.Summary) string {
	if s == nil {
		return "-"
	}
	var parts []string
	if e := s.EXIF; e != nil {
		var in []string
		if cam := strings.TrimSpace(e.Make + " " + e.Model); cam != "" {
			in = append(in, cam)
		}
		if e.DateTime != "" {
			in = append(in, e.DateTime)
		}
		if e.GPS {
			in = append(in, "gps")
		}
		if len(in) == 0 {
			parts = append(parts, "exif")
		} else {
			parts = append(parts, "exif("+strings.Join(in, ", ")+")")
		}
	}
	if s.ICC != nil {
		parts = append(parts, "icc("+s.ICC.Description+")")
	}
	if s.XMP != nil {
		if s.XMP.GPS {
			parts = append(parts, "xmp(gps)")
		} else {
			parts = append(parts, "xmp")
		}
	}
	if s.IPTC > 0 {
		parts = append(parts, "iptc")
	}
	if n := len(s.Comments) + len(s.Text); n > 0 {
		parts = append(parts, fmt.Sprintf("comments(%d)", n))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}
