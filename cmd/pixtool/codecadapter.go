package main

// This file is the only one that calls package codec, so that a change in
// its API is a one-file fix. Everything pixtool knows about a file format
// it asks the registry here: names, extensions, content, what an encoder
// keeps, and whether a format transforms its files without decoding them.

import (
	"errors"
	"fmt"
	"image"
	"io"
	"path/filepath"
	"strings"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// formats is the format registry of one run: codec's default one for the
// pixtool binary, a registry of their own for tests.
type formats struct {
	reg *codec.Registry
	// jpeg and quality are a batch's JPEG controls (nil outside a batch):
	// they choose how JPEG files are transformed and written.
	jpeg    *jpegFlags
	quality int
	// lossless keeps the memory of a batch's lossless JPEG rewrites.
	lossless *losslessPool
	// strip is the metadata a batch drops on the paths that do not
	// decode (the decoded path filters the decoded metadata itself).
	strip metaFilter
}

// withJPEG returns fs with a batch's JPEG controls.
func (fs formats) withJPEG(f *jpegFlags, quality int) formats {
	fs.jpeg, fs.quality, fs.lossless = f, quality, new(losslessPool)
	return fs
}

// withStrip returns fs dropping the metadata f drops on the paths that do
// not decode.
func (fs formats) withStrip(f metaFilter) formats {
	fs.strip = f
	return fs
}

// defaultFormats returns the registry of codec's built-in formats.
func defaultFormats() formats { return formats{reg: codec.Default()} }

// format is one format of the registry; the zero value is no format.
type format struct{ f *codec.Format }

// change is one thing a file lost or had altered on its way through; the
// per-file record lists them.
type change = codec.Change

// ok reports whether f is a format.
func (f format) ok() bool { return f.f != nil }

// name returns the format's canonical name.
func (f format) name() string { return f.f.Name }

// family returns the name the format's files decode as: "pnm" for the
// Netpbm writers pgm, ppm and pam, the format's own name otherwise.
func (f format) family() string {
	if f.f.Family != "" {
		return f.f.Family
	}
	return f.f.Name
}

// ext returns the extension a new file of the format gets.
func (f format) ext() string {
	if len(f.f.Extensions) == 0 {
		return "." + f.f.Name
	}
	return f.f.Extensions[0]
}

// mediaType returns the format's media type, for stores that keep one.
func (f format) mediaType() string { return f.f.MediaType }

// canWrite reports whether the format has an encoder.
func (f format) canWrite() bool { return f.f.Encode != nil }

// canTransform reports whether the format turns and crops its files
// without decoding them.
func (f format) canTransform() bool { return f.f.Transform != nil }

// mappable reports whether the format's files can be edited where they lie
// through a memory map (codec/pnm.Map): binary Netpbm, whose files hold
// rasters and no orientation or other metadata. codec's Format has no
// edit-in-place capability yet, so this is the one place pixtool names a
// format family.
func (f format) mappable() bool { return f.family() == codec.PNM }

// sameFamily reports whether files of f and g decode as one format.
func (f format) sameFamily(g format) bool { return f.ok() && g.ok() && f.family() == g.family() }

// lookup returns the format a name, alias or extension names ("jpg",
// "tif", ".png"), or the zero format.
func (fs formats) lookup(name string) format { return format{fs.reg.Lookup(name)} }

// byPath returns the format a file's extension names; the error wraps
// codec.ErrUnsupported when no format has it.
func (fs formats) byPath(path string) (format, error) {
	path = namePath(path) // an object's key, without its URL's parameters
	f, err := fs.reg.ByPath(path)
	if err != nil {
		return format{}, fmt.Errorf("no image format has the extension %q: %w", filepath.Ext(path), codec.ErrUnsupported)
	}
	return format{f}, nil
}

// isImageName reports whether a directory walk picks up name: a format's
// extension, and not a hidden file.
func (fs formats) isImageName(name string) bool {
	ext := filepath.Ext(name)
	return ext != "" && fs.reg.ByExtension(ext) != nil && !strings.HasPrefix(name, ".")
}

// writable returns the names of the formats pixtool can write, in the
// registry's order, for --to and the help texts.
func (fs formats) writable() []string {
	var names []string
	for _, f := range fs.reg.Formats() {
		if f.Encode != nil {
			names = append(names, f.Name)
		}
	}
	return names
}

// identify returns the format the content of r is in, whatever its name
// says, and rewinds r.
func (fs formats) identify(r io.ReadSeeker) (format, error) {
	f, err := fs.reg.Identify(r)
	if _, serr := r.Seek(0, io.SeekStart); err == nil {
		err = serr
	}
	if err != nil {
		return format{}, err
	}
	return format{f}, nil
}

// notAnImage reports whether err says that data is in no format the
// registry knows, rather than that it could not be read.
func notAnImage(err error) bool { return errors.Is(err, codec.ErrFormat) }

// writerFor returns the format that writes a view of depth bits and c
// channels for a request of f: f itself when it accepts the view,
// otherwise its family's writer, which may (a 3-channel image asked for as
// PGM is written as PPM, as Netpbm tools do). The zero format means none
// can.
func (fs formats) writerFor(f format, depth, c int) format {
	if f.f.Encode != nil && f.f.Writes.Accepts(depth, c) {
		return f
	}
	if g := fs.lookup(f.family()); g.ok() && g.f.Encode != nil && g.f.Writes.Accepts(depth, c) {
		return g
	}
	return format{}
}

// keeping returns f when it keeps views of depth bits and c channels as
// they are, else the root of f's family when that does (PNM for a PPM
// asked to hold four channels), else f.
func (fs formats) keeping(f format, depth, c int) format {
	if f.f.Writes.Keeps(depth, c) {
		return f
	}
	if g := fs.lookup(f.family()); g.ok() && g.canWrite() && g.f.Writes.Keeps(depth, c) {
		return g
	}
	return f
}

// holds reports whether f's encoder writes an image of one of the
// channel counts cs as it is; an encoder that lists none (GIF's palette)
// holds them all.
func (f format) holds(cs ...int) bool {
	w := f.f.Writes.Channels
	if len(w) == 0 {
		return true
	}
	for _, c := range cs {
		if contains(w, c) {
			return true
		}
	}
	return false
}

// forChannels returns f when it keeps 8-bit images of c channels, and
// otherwise the first format of f's family that does, preferring the
// family's variants to the family itself (PGM rather than PNM for one
// channel of a PPM); f when none does.
func (fs formats) forChannels(f format, c int) format {
	if !f.ok() || f.f.Writes.Keeps(8, c) {
		return f
	}
	var root format
	for _, g := range fs.reg.Formats() {
		if g.Encode == nil || !g.Writes.Keeps(8, c) || !(format{g}).sameFamily(f) {
			continue
		}
		if g.Family != "" {
			return format{g}
		}
		if !root.ok() {
			root = format{g}
		}
	}
	if root.ok() {
		return root
	}
	return f
}

// conversions lists what f's encoder changes in a view of depth bits and
// c channels: nothing when it keeps it.
func (f format) conversions(depth, c int) []change {
	w := f.f.Writes
	if w.Keeps(depth, c) {
		return nil
	}
	var ch []change
	if len(w.Depths) > 0 && !contains(w.Depths, depth) {
		ch = append(ch, change{Kind: codec.Changed, Item: "depth",
			Detail: fmt.Sprintf("%d-bit samples written as %d", depth, w.Depths[len(w.Depths)-1])})
	}
	if len(w.Channels) > 0 && !contains(w.Channels, c) {
		ch = append(ch, change{Kind: codec.Changed, Item: "channels",
			Detail: fmt.Sprintf("%d channels written as %s allows", c, f.name())})
	}
	return ch
}

// contains reports whether xs holds x.
func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// decoded is a decoded image: 8- or 16-bit samples, as displayed (EXIF
// orientation applied as a view).
type decoded struct {
	format      string
	orientation pixbuf.Orientation // what the file asked for, now applied
	depth       int                // 8 or 16
	v8          pixbuf.View[uint8]
	v16         pixbuf.View[uint16]
	source      *codec.Source  // how the file coded its pixels (JPEG: tables, sampling)
	metadata    *meta.Metadata // EXIF, ICC, XMP, text... as read, orientation already reset when applied
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

// decode decodes the image r holds, refusing more than maxPixels pixels
// (0 means the codec's default limit), with at most workers goroutines.
func (fs formats) decode(r io.Reader, maxPixels, workers int) (decoded, error) {
	img, err := fs.reg.Decode(underlying(r), &codec.DecodeOptions{MaxPixels: maxPixels, Workers: workers})
	if err != nil {
		return decoded{}, err
	}
	d := decoded{format: img.Format, orientation: img.Orientation, depth: img.Depth, source: img.Source, metadata: img.Metadata}
	switch v := img.Pixels.(type) {
	case pixbuf.View[uint8]:
		d.v8 = v
	case pixbuf.View[uint16]:
		d.v16 = v
	default:
		return decoded{}, fmt.Errorf("%s decoder returned a %T: %w", img.Format, img.Pixels, codec.ErrUnsupported)
	}
	return d, nil
}

// config reads what info prints, and the orientation a file asks for,
// without decoding pixels.
func (fs formats) config(r io.Reader) (imageInfo, error) {
	c, err := fs.reg.DecodeConfig(underlying(r))
	if err != nil {
		return imageInfo{}, err
	}
	return imageInfo{Format: c.Format, Width: c.Width, Height: c.Height, Channels: c.Channels, Depth: c.Depth,
		Orientation: c.Orientation.EXIF()}, nil
}

// encodeFrom writes v to w in format f, for pixels decoded from a file
// with Source src (nil for none). quality applies to JPEG (0: unset);
// workers bounds the goroutines of the conversion. A JPEG output keeps a
// JPEG source's tables, sampling and coding unless quality is set, with
// the batch's --progressive or --baseline; without a source it takes
// --sampling, --progressive and --restart.
func encodeFrom[T uint8 | uint16](fs formats, w io.Writer, v pixbuf.View[T], f format, quality, workers int, src *codec.Source, md *meta.Metadata, changes *[]change) error {
	opts := &codec.EncodeOptions{Quality: quality, Workers: workers, Source: src, Metadata: md, Changes: changes}
	if f.name() == codec.JPEG && fs.jpeg != nil {
		opts.Source = fs.jpeg.source(src)
	}
	return fs.reg.Encode(w, v, f.name(), opts)
}

// errNoTransform is returned by transformFile when the format cannot do
// the request without decoding (a JPEG whose partial edge blocks would not
// move): the caller decodes instead.
var errNoTransform = errors.New("no transform without decoding")

// transformed is what a format's transform without decoding did.
type transformed struct {
	path    string // "lossless" or "raster"
	changes []change
}

// transformFile writes the file r holds, under orientation o and then
// cropped to crop (when not empty), to w in its own format f, without
// decoding it. Metadata is kept and follows the pixels (an applied
// orientation resets the EXIF tag). Edges must come out exact: a request
// that would leave partial blocks untransformed gives errNoTransform.
func (fs formats) transformFile(w io.Writer, r io.Reader, f format, o pixbuf.Orientation, crop image.Rectangle, maxPixels, workers int) (transformed, error) {
	if f.name() == codec.JPEG && fs.jpeg != nil {
		if fs.quality != 0 {
			// --quality asks for new tables: only the pixel path has them.
			return transformed{}, fmt.Errorf("%w: --quality re-encodes", errNoTransform)
		}
		return jpegLossless(w, underlying(r), jpegJob{full: o, crop: crop, flags: fs.jpeg, maxPixels: maxPixels, mem: fs.lossless, strip: fs.strip})
	}
	policy := codec.MetadataKeep
	if fs.strip.all {
		policy |= codec.MetadataStrip
	}
	if fs.strip.icc {
		policy |= codec.MetadataStripICC
	}
	res, err := f.f.Transform(w, underlying(r), codec.Transform{
		Orientation: o, Crop: crop, Edges: codec.EdgesPerfect, Metadata: policy,
		MaxPixels: maxPixels, Workers: workers,
	})
	if errors.Is(err, codec.ErrUnsupported) {
		return transformed{}, fmt.Errorf("%w: %w", errNoTransform, err)
	}
	if err != nil {
		return transformed{}, err
	}
	t := transformed{path: string(codec.PathRaster)}
	if res != nil {
		t.path, t.changes = string(res.Path), res.Changes
	}
	return t, nil
}

// pathDecoded is the record's path for a file that was decoded and
// encoded again.
const pathDecoded = string(codec.PathDecoded)

// maxPixels returns the pixel limit that --max-pixels n sets: the codec's
// default for 0.
func maxPixels(n int) int {
	if n <= 0 {
		return codec.DefaultMaxPixels
	}
	return n
}
