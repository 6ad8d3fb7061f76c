package main

// This file is the only one that calls package codec, so that a change in
// its API is a one-file fix.

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/pixbuf"
)

// decoded is a loaded image: 8- or 16-bit samples, as displayed (EXIF
// orientation applied as a view).
type decoded struct {
	format string
	depth  int // 8 or 16
	v8     pixbuf.View[uint8]
	v16    pixbuf.View[uint16]
}

// imageInfo describes a file without decoding its pixels. Width and Height
// are as displayed, after EXIF orientation.
type imageInfo struct {
	Format      string
	Width       int
	Height      int
	Channels    int
	Depth       int
	Orientation int
}

// formatExts maps the formats pixtool names files by to the extension it
// gives new files. Netpbm is three formats here, not codec's one "pnm",
// because the extension says which magic number to write.
var formatExts = map[string]string{
	"png": ".png", "jpeg": ".jpg", "gif": ".gif", "bmp": ".bmp", "tiff": ".tiff",
	"webp": ".webp", "pgm": ".pgm", "ppm": ".ppm", "pam": ".pam", "pbm": ".pbm",
}

// formatFromPath returns the format that a file's extension names, telling
// the Netpbm formats apart (.pnm counts as PPM).
func formatFromPath(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".pgm", ".ppm", ".pam", ".pbm":
		return ext[1:], nil
	case ".pnm":
		return "ppm", nil
	}
	return codec.FormatFromPath(path)
}

// pnmFormatFor returns the Netpbm format that holds c channels closest to
// format: PGM only holds 1 channel and PPM 3, so anything else becomes PAM.
func pnmFormatFor(format string, c int) string {
	switch {
	case format == "pam":
		return "pam"
	case c == 1:
		return "pgm"
	case c == 3:
		return "ppm"
	}
	return "pam"
}

// loadImage decodes the image at path, refusing more than maxPixels pixels
// (0 means the codec's default limit).
func loadImage(path string, maxPixels int) (decoded, error) {
	img, err := codec.Load(path, &codec.DecodeOptions{MaxPixels: maxPixels})
	if err != nil {
		return decoded{}, err
	}
	return decoded{format: img.Format, depth: img.Depth, v8: img.View8, v16: img.View16}, nil
}

// loadInfo reads what info prints, without decoding pixels.
func loadInfo(path string) (imageInfo, error) {
	c, err := codec.LoadConfig(path)
	if err != nil {
		return imageInfo{}, err
	}
	return imageInfo{Format: c.Format, Width: c.Width, Height: c.Height, Channels: c.Channels, Depth: c.Depth, Orientation: c.Orientation}, nil
}

// saveImage encodes v to path in format, atomically. quality applies to
// JPEG (0 means the default). 16-bit samples stay 16-bit in PNG, TIFF and
// Netpbm; JPEG, GIF and BMP keep their high bytes.
func saveImage[T uint8 | uint16](path string, v pixbuf.View[T], format string, quality int) error {
	if isPNMFormat(format) {
		format = pnmFormatFor(format, v.Channels())
	}
	if !canWrite(format) {
		return fmt.Errorf("cannot write %s files: %w", format, pixbuf.ErrUnsupported)
	}
	return codec.Save(path, v, &codec.EncodeOptions{Format: format, Quality: quality})
}

// writeFileAtomic replaces path with what write writes, never leaving a
// part of it or a temporary file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return codec.WriteFileAtomic(path, write)
}

// maxPixels returns the pixel limit that --max-pixels n sets: the codec's
// default for 0.
func maxPixels(n int) int {
	if n <= 0 {
		return codec.DefaultMaxPixels
	}
	return n
}
