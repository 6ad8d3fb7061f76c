package codec

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
)

// The format names of [Image.Format], [Config.Format] and [Encode].
const (
	PNG  = "png"
	JPEG = "jpeg"
	GIF  = "gif"
	BMP  = "bmp"
	TIFF = "tiff"
	WebP = "webp"
	PNM  = "pnm"
)

// extFormats maps a lower-case file extension to a format and, for Netpbm,
// the magic number Save writes ("" lets codec/pnm pick by channel count).
var extFormats = map[string]struct{ format, magic string }{
	".png":  {PNG, ""},
	".jpg":  {JPEG, ""},
	".jpeg": {JPEG, ""},
	".gif":  {GIF, ""},
	".bmp":  {BMP, ""},
	".tif":  {TIFF, ""},
	".tiff": {TIFF, ""},
	".webp": {WebP, ""},
	".pbm":  {PNM, "P4"},
	".pgm":  {PNM, "P5"},
	".ppm":  {PNM, "P6"},
	".pam":  {PNM, "P7"},
	".pnm":  {PNM, ""},
}

// FormatFromPath returns the format that path's extension names, ignoring
// case: .png, .jpg/.jpeg, .gif, .bmp, .tif/.tiff, .webp, and
// .pbm/.pgm/.ppm/.pnm/.pam for "pnm". The error wraps ErrUnsupported for
// any other extension.
func FormatFromPath(path string) (string, error) {
	f, ok := extFormats[strings.ToLower(filepath.Ext(path))]
	if !ok {
		return "", fmt.Errorf("codec: no image format for the extension of %q: %w", path, ErrUnsupported)
	}
	return f.format, nil
}

// normalizeFormat returns the canonical name of a format name or its usual
// alias ("jpg", "tif", "pgm", ...), or "" if it names none.
func normalizeFormat(format string) string {
	f := strings.ToLower(format)
	switch f {
	case PNG, JPEG, GIF, BMP, TIFF, WebP, PNM:
		return f
	}
	if e, ok := extFormats["."+f]; ok {
		return e.format
	}
	return ""
}

// sniffLen is how many leading bytes sniff needs.
const sniffLen = 16

// sniff names the format of encoded data from its leading bytes, or returns
// "" when it recognises none.
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(b, []byte("\xff\xd8")):
		return JPEG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return GIF
	case bytes.HasPrefix(b, []byte("BM")):
		return BMP
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return TIFF
	case len(b) >= 16 && string(b[:4]) == "RIFF" && string(b[8:15]) == "WEBPVP8":
		return WebP
	case len(b) >= 3 && b[0] == 'P' && '1' <= b[1] && b[1] <= '7' && isSpace(b[2]):
		return PNM
	}
	return ""
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
