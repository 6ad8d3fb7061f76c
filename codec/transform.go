package codec

import (
	"image"

	"github.com/pixview/pixview/pixbuf"
)

// Transform is a geometric change to an image file that a format may apply
// without decoding its pixels ([Format].Transform): an orientation, then
// an optional crop, with what to do at the edges and with the metadata.
// The zero value changes nothing.
type Transform struct {
	// Orientation is applied first.
	Orientation pixbuf.Orientation
	// Crop, when not empty, is the part of the oriented image to keep, in
	// the oriented image's coordinates; it is clipped to the image, and a
	// crop that misses the image is an error wrapping pixbuf.ErrBounds.
	Crop image.Rectangle
	// Edges says what to do where the format's blocks do not fit the
	// image exactly (JPEG's partial MCUs); formats without blocks ignore
	// it.
	Edges EdgePolicy
	// Metadata says what becomes of the file's metadata.
	Metadata MetadataPolicy
	// MaxPixels bounds the image size, as DecodeOptions.MaxPixels does
	// (zero means DefaultMaxPixels): a transform allocates its output.
	MaxPixels int
	// Workers bounds the goroutines the transform fans out to; zero means
	// GOMAXPROCS.
	Workers int
}

// EdgePolicy says what a block-based transform does with partial blocks at
// the image's right and bottom edges.
type EdgePolicy int

const (
	// EdgesKeep keeps the partial blocks where they were, untransformed,
	// so the image keeps its size, as jpegtran does by default.
	EdgesKeep EdgePolicy = iota
	// EdgesTrim drops the partial blocks that cannot be transformed
	// (jpegtran -trim): the image may lose a few rows or columns.
	EdgesTrim
	// EdgesPerfect refuses, with an error wrapping ErrUnsupported, a
	// transform that could not move every pixel (jpegtran -perfect).
	EdgesPerfect
)

// MetadataPolicy says what a transform does with the file's metadata. Its
// values are flags: MetadataStrip|MetadataStripICC drops everything but
// what decoders need to read the pixels.
type MetadataPolicy int

const (
	// MetadataKeep keeps the metadata, updated to the new pixels: an
	// applied orientation resets the EXIF tag to 1, and dimension tags
	// follow the image.
	MetadataKeep MetadataPolicy = 0
	// MetadataStrip drops what identifies the picture, its place and its
	// author, as meta.Metadata.Strip does: EXIF (GPS included), XMP, IPTC
	// and comments. It keeps the ICC profile and what decoders need
	// (JPEG's JFIF and Adobe segments). The orientation is applied in
	// full, since no EXIF tag is left to say it.
	MetadataStrip MetadataPolicy = 1
	// MetadataStripICC drops the ICC profile, as meta.Metadata.StripICC
	// does; alone, it keeps the rest.
	MetadataStripICC MetadataPolicy = 2
)

// Path is how a file was processed: the cheapest faithful path wins.
type Path string

// The paths a file can take.
const (
	// PathLossless: the compressed data itself was transformed (a JPEG's
	// DCT coefficients); nothing was decoded or re-encoded.
	PathLossless Path = "lossless"
	// PathRaster: the stored raster was moved as bytes (a binary Netpbm
	// file); samples are kept exactly.
	PathRaster Path = "raster"
	// PathDecoded: the pixels were decoded, moved and encoded again.
	PathDecoded Path = "decoded"
)

// ChangeKind says whether something was lost or altered.
type ChangeKind string

// The kinds of [Change].
const (
	// Dropped: something the input had is not in the output.
	Dropped ChangeKind = "dropped"
	// Changed: something is in the output in another form.
	Changed ChangeKind = "changed"
)

// Change is one thing a file lost or had altered on its way through, so
// that nothing is lost without a word.
type Change struct {
	Kind ChangeKind `json:"kind"`
	// Item names what: "alpha", "exif", "icc", "frames", "edges",
	// "depth", "orientation-tag", ...
	Item string `json:"item"`
	// Detail says how, for a person: "2 rows of partial blocks trimmed",
	// "16-bit samples written as 8".
	Detail string `json:"detail,omitempty"`
}

// Result is what a format capability did to one file: the record a
// program's summary and per-file report are made from.
type Result struct {
	// FormatIn and FormatOut are the format names of input and output.
	FormatIn  string `json:"format_in"`
	FormatOut string `json:"format_out"`
	// Path is how the file was processed.
	Path Path `json:"path"`
	// BytesIn and BytesOut count the bytes read and written.
	BytesIn  int64 `json:"bytes_in"`
	BytesOut int64 `json:"bytes_out"`
	// Images is how many images (frames, pages, Netpbm images) of the file
	// were processed: all of them, or the capability fails.
	Images int `json:"images"`
	// Changes lists what was dropped or changed; empty when the output
	// holds everything the input did.
	Changes []Change `json:"changes,omitempty"`
}
