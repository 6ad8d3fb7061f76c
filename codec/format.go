package codec

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

// The names of the built-in formats, as [Image.Format], [Config.Format] and
// [Format.Name] spell them.
const (
	PNG  = "png"
	JPEG = "jpeg"
	GIF  = "gif"
	BMP  = "bmp"
	TIFF = "tiff"
	WebP = "webp"
	PNM  = "pnm"
)

// SniffLen is the most leading bytes a [Format.Sniff] function is given:
// fewer when the data is shorter.
const SniffLen = 32

// Format is one image file format: what it is called, how its files are
// recognised, and what it can do. Everything codec and pixtool know about a
// format is in its Format value; a [Registry] holds the formats a program
// speaks. The built-in formats are registered, one small file each, in
// [Default]; a program adds its own by building a registry with
// [NewRegistry].
//
// The function fields see the file as it is stored: DecodeConfig and
// Decode report stored dimensions, and the registry applies the
// orientation. A nil function is a capability the format lacks: no Encode
// means the format is decoded only, no Transform means a geometric change
// needs a decode and an encode.
type Format struct {
	// Name is the format's canonical lower-case name: "png", "jpeg", ...
	Name string
	// Aliases are other names the format answers to in lookups by name,
	// such as "jpg" for JPEG.
	Aliases []string
	// Extensions are the file name extensions of the format, lower case
	// with the dot; the first is what a new file gets.
	Extensions []string
	// MediaType is the format's IANA media type, such as "image/png".
	MediaType string
	// Family, when set, names the format that decodes this one's files
	// and that Decode reports for them: "pnm" for the Netpbm writers
	// "pgm", "ppm" and "pam", which only fix the variant written.
	Family string
	// Sniff reports whether data starting with prefix (at most SniffLen
	// bytes) is in this format. A nil Sniff never matches: the format is
	// found by name or extension only.
	Sniff func(prefix []byte) bool
	// DecodeConfig reads the header of an image from r and returns its
	// stored (not oriented) dimensions, the channel count and depth
	// Decode's view will have, and the orientation the file asks for.
	DecodeConfig func(r io.Reader) (Config, error)
	// Decode decodes the pixels of the image whose header DecodeConfig
	// returned as cfg, reading r from the start again, into a view of
	// cfg's stored dimensions: a pixbuf.View[uint8] or
	// pixbuf.View[uint16]. It fans out to at most opts.Workers goroutines.
	Decode func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error)
	// Encode writes p, a pixbuf.View[uint8] or pixbuf.View[uint16], to w.
	// Nil for a format that is decoded only.
	Encode func(w io.Writer, p Pixels, opts *EncodeOptions) error
	// Writes says which views Encode writes as they are.
	Writes Writes
	// Transform, when not nil, applies a geometric transform to an image
	// file without decoding its pixels (see [Transform]) and writes the
	// result, in the same format, to w.
	Transform func(w io.Writer, r io.Reader, t Transform) (*Result, error)
}

// Writes describes the views a format's encoder keeps as they are.
type Writes struct {
	// Depths are the bits per sample written unchanged. A view of another
	// depth is converted when Convert is set: 16-bit samples keep their
	// high byte.
	Depths []int
	// Channels are the channel counts written, and read back, unchanged.
	Channels []int
	// Convert reports that Encode converts a view whose depth or channel
	// count is not listed (dropping alpha, narrowing samples, writing gray
	// with alpha as RGBA) instead of refusing it with ErrUnsupported.
	Convert bool
}

// Keeps reports whether a view of the given depth (bits per sample) and
// channel count is written and read back unchanged.
func (w Writes) Keeps(depth, channels int) bool {
	return slices.Contains(w.Depths, depth) && slices.Contains(w.Channels, channels)
}

// Accepts reports whether Encode writes a view of the given depth and
// channel count at all, unchanged or converted.
func (w Writes) Accepts(depth, channels int) bool {
	if depth != 8 && depth != 16 || channels < 1 || channels > 4 {
		return false
	}
	return w.Convert || w.Keeps(depth, channels)
}

// String returns the format's name.
func (f *Format) String() string { return f.Name }

// Registry is an immutable set of formats: lookups by name, extension and
// content, and the Decode, Load, Encode and Save of [Default] for a set of
// one's own. Build one with [NewRegistry]; the zero value knows no format.
// A Registry is safe for concurrent use.
type Registry struct {
	formats []*Format
	byName  map[string]*Format
	byExt   map[string]*Format
}

// NewRegistry returns a registry of the given formats, copied so that
// later changes to the values passed have no effect. Content sniffing tries
// them in the order given; a name, alias or extension claimed twice goes to
// the first format that claims it. It panics if a format has no name, as
// it is a programming error.
func NewRegistry(formats ...*Format) *Registry {
	r := &Registry{byName: map[string]*Format{}, byExt: map[string]*Format{}}
	for _, f := range formats {
		if f == nil || f.Name == "" {
			panic("codec: NewRegistry: a format without a name")
		}
		c := *f
		c.Aliases = slices.Clone(f.Aliases)
		c.Extensions = slices.Clone(f.Extensions)
		c.Writes.Depths = slices.Clone(f.Writes.Depths)
		c.Writes.Channels = slices.Clone(f.Writes.Channels)
		r.formats = append(r.formats, &c)
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			if n = strings.ToLower(n); r.byName[n] == nil {
				r.byName[n] = &c
			}
		}
		for _, e := range c.Extensions {
			if e = strings.ToLower(e); r.byExt[e] == nil {
				r.byExt[e] = &c
			}
		}
	}
	return r
}

// defaultRegistry holds the built-in formats; Default returns it.
var defaultRegistry = NewRegistry(pngFormat, jpegFormat, gifFormat, bmpFormat, tiffFormat, webpFormat,
	pnmFormat, pbmFormat, pgmFormat, ppmFormat, pamFormat)

// Default returns the registry of the built-in formats: PNG, JPEG, GIF,
// BMP, TIFF, WebP (decode only) and Netpbm. Netpbm is one sniffed format,
// "pnm", that decodes every variant (PBM, PGM, PPM, PAM, plain or binary)
// and writes P5, P6 or P7 by channel count, plus three named writers —
// "pgm" (P5), "ppm" (P6) and "pam" (P7) — that fix the variant, found by
// name or extension, never by content. The package-level Decode, Load,
// Encode and Save use it.
func Default() *Registry { return defaultRegistry }

// Formats returns the registry's formats in registration order. The
// values belong to the registry and must not be modified; pass them to
// NewRegistry to build a registry that extends this one.
func (r *Registry) Formats() []*Format { return slices.Clone(r.formats) }

// Lookup returns the format a name or alias names, ignoring case and a
// leading dot ("PNG", "jpg", ".tif"), or nil.
func (r *Registry) Lookup(name string) *Format {
	n := strings.ToLower(name)
	if f := r.byName[strings.TrimPrefix(n, ".")]; f != nil {
		return f
	}
	return r.byExt["."+strings.TrimPrefix(n, ".")]
}

// ByExtension returns the format of a file name extension such as ".jpg"
// (the dot optional, case ignored), or nil.
func (r *Registry) ByExtension(ext string) *Format {
	return r.byExt["."+strings.TrimPrefix(strings.ToLower(ext), ".")]
}

// ByPath returns the format path's extension names. The error wraps
// ErrUnsupported when the registry knows no format of that extension.
func (r *Registry) ByPath(path string) (*Format, error) {
	if f := r.ByExtension(filepath.Ext(path)); f != nil && filepath.Ext(path) != "" {
		return f, nil
	}
	return nil, tagged(ErrUnsupported, "codec: no image format for the extension of %q", path)
}

// Sniff returns the first format whose Sniff function recognises data
// starting with prefix, or nil. Give it at least SniffLen bytes when the
// data has them.
func (r *Registry) Sniff(prefix []byte) *Format {
	prefix = prefix[:min(len(prefix), SniffLen)]
	for _, f := range r.formats {
		if f.Sniff != nil && f.Sniff(prefix) {
			return f
		}
	}
	return nil
}

// Identify reads the first bytes of the data in rd and returns the format
// they are in, by content, whatever a file name says: the way to keep a
// file's real format when replacing it. The error wraps ErrFormat when no
// format recognises the data, and is rd's own error when reading fails.
func (r *Registry) Identify(rd io.Reader) (*Format, error) {
	var buf [SniffLen]byte
	n, err := io.ReadFull(rd, buf[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("codec: reading image: %w", err)
	}
	if f := r.Sniff(buf[:n]); f != nil {
		return f, nil
	}
	if n == 0 {
		return nil, tagged(ErrFormat, "codec: empty input")
	}
	return nil, tagged(ErrFormat, "codec: unknown image format (data starts %q)", buf[:min(n, 16)])
}

// FormatFromPath returns the name of the format path's extension names in
// [Default], ignoring case: .png, .jpg/.jpeg, .gif, .bmp, .tif/.tiff,
// .webp, and .pbm/.pgm/.ppm/.pnm/.pam for "pnm" (the Netpbm family
// decodes as one format). The error wraps ErrUnsupported for any other
// extension.
func FormatFromPath(path string) (string, error) {
	f, err := defaultRegistry.ByPath(path)
	if err != nil {
		return "", err
	}
	return f.decodedName(), nil
}

// decodedName is the name Decode reports for files of f: the Netpbm
// writers' files decode as "pnm".
func (f *Format) decodedName() string {
	if f.Family != "" {
		return f.Family
	}
	return f.Name
}
