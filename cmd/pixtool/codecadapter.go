package main

// This file is the only one that calls package codec, so that a change in
// its API is a one-file fix. Until codec lands, it decodes and encodes with
// the standard library and golang.org/x/image.

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/pixview/pixview/pixbuf"
)

// decoded is a loaded image: 8- or 16-bit samples, upright.
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

// formatExts maps a format name to the extension pixtool gives new files.
var formatExts = map[string]string{
	"png": ".png", "jpeg": ".jpg", "gif": ".gif", "bmp": ".bmp", "tiff": ".tiff",
	"webp": ".webp", "pgm": ".pgm", "ppm": ".ppm", "pam": ".pam", "pbm": ".pbm",
}

// formatFromPath returns the format that a file's extension names.
func formatFromPath(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return "png", nil
	case ".jpg", ".jpeg":
		return "jpeg", nil
	case ".gif":
		return "gif", nil
	case ".bmp":
		return "bmp", nil
	case ".tif", ".tiff":
		return "tiff", nil
	case ".webp":
		return "webp", nil
	case ".pgm":
		return "pgm", nil
	case ".ppm", ".pnm":
		return "ppm", nil
	case ".pam":
		return "pam", nil
	case ".pbm":
		return "pbm", nil
	}
	return "", fmt.Errorf("no image format known for extension %q: %w", filepath.Ext(path), pixbuf.ErrUnsupported)
}

// loadImage decodes the image at path, refusing more than maxPixels pixels
// (0 means the codec's default limit).
func loadImage(path string, maxPixels int) (decoded, error) {
	if maxPixels <= 0 {
		maxPixels = 1 << 28
	}
	if isPNMPath(path) {
		return loadPNM(path, maxPixels)
	}
	f, err := os.Open(path)
	if err != nil {
		return decoded{}, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	cfg, format, err := image.DecodeConfig(br)
	if err != nil {
		return decoded{}, fmt.Errorf("%w: %w", err, pixbuf.ErrFormat)
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return decoded{}, fmt.Errorf("%dx%d image exceeds the limit of %d pixels: %w", cfg.Width, cfg.Height, maxPixels, pixbuf.ErrTooLarge)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return decoded{}, err
	}
	img, _, err := image.Decode(bufio.NewReader(f))
	if err != nil {
		return decoded{}, fmt.Errorf("%w: %w", err, pixbuf.ErrFormat)
	}
	d := fromImage(img)
	d.format = format
	return d, nil
}

// fromImage copies img into a view: 1 channel for gray, 3 for opaque colour,
// 4 otherwise; 16 bits for 16-bit types.
func fromImage(img image.Image) decoded {
	b := img.Bounds()
	h, w := b.Dy(), b.Dx()
	switch img.(type) {
	case *image.Gray:
		v := pixbuf.New[uint8](h, w, 1)
		for y := range h {
			for x := range w {
				v.Set(y, x, 0, color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y)
			}
		}
		return decoded{depth: 8, v8: v}
	case *image.Gray16:
		v := pixbuf.New[uint16](h, w, 1)
		for y := range h {
			for x := range w {
				v.Set(y, x, 0, color.Gray16Model.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray16).Y)
			}
		}
		return decoded{depth: 16, v16: v}
	case *image.RGBA64, *image.NRGBA64:
		c := 4
		if img.(interface{ Opaque() bool }).Opaque() {
			c = 3
		}
		v := pixbuf.New[uint16](h, w, c)
		for y := range h {
			for x := range w {
				n := color.NRGBA64Model.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA64)
				s := [4]uint16{n.R, n.G, n.B, n.A}
				for k := range v.Channels() {
					v.Set(y, x, k, s[k])
				}
			}
		}
		return decoded{depth: 16, v16: v}
	}
	opaque := true
	if o, ok := img.(interface{ Opaque() bool }); ok {
		opaque = o.Opaque()
	}
	c := 4
	if opaque {
		c = 3
	}
	v := pixbuf.New[uint8](h, w, c)
	for y := range h {
		for x := range w {
			n := color.NRGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA)
			s := [4]uint8{n.R, n.G, n.B, n.A}
			for k := range c {
				v.Set(y, x, k, s[k])
			}
		}
	}
	return decoded{depth: 8, v8: v}
}

// loadInfo reads what info prints, without decoding pixels.
func loadInfo(path string) (imageInfo, error) {
	if isPNMPath(path) {
		h, err := readPNMHeader(path)
		if err != nil {
			return imageInfo{}, err
		}
		depth := 8
		if h.maxval > 255 {
			depth = 16
		}
		return imageInfo{Format: pnmFormatName(h), Width: h.width, Height: h.height, Channels: h.depth, Depth: depth, Orientation: 1}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return imageInfo{}, err
	}
	defer f.Close()
	cfg, format, err := image.DecodeConfig(bufio.NewReader(f))
	if err != nil {
		return imageInfo{}, fmt.Errorf("%w: %w", err, pixbuf.ErrFormat)
	}
	ch, depth := 4, 8
	switch cfg.ColorModel {
	case color.GrayModel:
		ch = 1
	case color.Gray16Model:
		ch, depth = 1, 16
	case color.RGBA64Model, color.NRGBA64Model:
		depth = 16
	case color.YCbCrModel, color.CMYKModel:
		ch = 3
	}
	return imageInfo{Format: format, Width: cfg.Width, Height: cfg.Height, Channels: ch, Depth: depth, Orientation: 1}, nil
}

// saveImage encodes v to path in format, atomically. quality applies to
// JPEG (0 means the default).
func saveImage[T uint8 | uint16](path string, v pixbuf.View[T], format string, quality int) error {
	if isPNMFormat(format) {
		return writeFileAtomic(path, func(w io.Writer) error { return writePNMView(w, v, format) })
	}
	img := toImage(v)
	return writeFileAtomic(path, func(w io.Writer) error {
		switch format {
		case "png":
			return png.Encode(w, img)
		case "jpeg":
			if quality == 0 {
				quality = 90
			}
			return jpeg.Encode(w, img, &jpeg.Options{Quality: quality})
		case "gif":
			return gif.Encode(w, img, nil)
		case "bmp":
			return bmp.Encode(w, img)
		case "tiff":
			return tiff.Encode(w, img, &tiff.Options{Compression: tiff.Deflate})
		}
		return fmt.Errorf("cannot write %s files: %w", format, pixbuf.ErrUnsupported)
	})
}

// toImage copies v into a standard image type.
func toImage[T uint8 | uint16](v pixbuf.View[T]) image.Image {
	h, w, c := v.Shape()
	r := image.Rect(0, 0, w, h)
	sixteen := v.ItemSize() == 2
	at := func(y, x, k int) uint16 {
		s := uint16(v.At(y, x, k))
		if !sixteen {
			s |= s << 8
		}
		return s
	}
	if c == 1 && sixteen {
		img := image.NewGray16(r)
		for y := range h {
			for x := range w {
				img.SetGray16(x, y, color.Gray16{at(y, x, 0)})
			}
		}
		return img
	}
	if c == 1 {
		img := image.NewGray(r)
		for y := range h {
			for x := range w {
				img.SetGray(x, y, color.Gray{uint8(v.At(y, x, 0))})
			}
		}
		return img
	}
	if !sixteen {
		img := image.NewNRGBA(r)
		for y := range h {
			for x := range w {
				var s color.NRGBA
				g := func(k int) uint8 { return uint8(v.At(y, x, k)) }
				switch c {
				case 2:
					s = color.NRGBA{g(0), g(0), g(0), g(1)}
				case 3:
					s = color.NRGBA{g(0), g(1), g(2), 0xff}
				default:
					s = color.NRGBA{g(0), g(1), g(2), g(3)}
				}
				img.SetNRGBA(x, y, s)
			}
		}
		return img
	}
	img := image.NewNRGBA64(r)
	for y := range h {
		for x := range w {
			var s color.NRGBA64
			switch c {
			case 2:
				s = color.NRGBA64{at(y, x, 0), at(y, x, 0), at(y, x, 0), at(y, x, 1)}
			case 3:
				s = color.NRGBA64{at(y, x, 0), at(y, x, 1), at(y, x, 2), 0xffff}
			default:
				s = color.NRGBA64{at(y, x, 0), at(y, x, 1), at(y, x, 2), at(y, x, 3)}
			}
			img.SetNRGBA64(x, y, s)
		}
	}
	return img
}

// writeFileAtomic writes a file through write into a temporary file in the
// same directory, syncs it and renames it over path, so that path is either
// untouched or complete. The temporary file never outlives a failure.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
