package codec

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"math"

	ptiff "github.com/pixview/pixview/codec/tiff"
	"github.com/pixview/pixview/pixbuf"
	"golang.org/x/image/tiff"
)

// tagExtraSamples is the TIFF tag that declares an alpha channel.
const tagExtraSamples = 338

// tiffFormat is TIFF: golang.org/x/image/tiff decodes 8/16-bit, paletted
// and bilevel files, with the orientation of the first IFD; codec/tiff
// writes gray, RGB and RGBA views with exactly their channels (no alpha is
// added) and depth, with the compression, predictor and alpha kind of a
// TIFF source (EncodeOptions.Source: none stays none, LZW stays LZW,
// Deflate stays Deflate; other codes become Deflate, reported) and its
// ICC profile, XMP, IPTC, EXIF and resolution, or Deflate without tags
// when there is no TIFF source. Gray+alpha views are written as RGBA
// through golang.org/x/image/tiff, which reads no gray+alpha TIFF.
//
// Decode refuses (ErrUnsupported) what it could only show in part: a file
// with more than one full-resolution page, since it would decode the first
// and drop the rest without a word, and a camera RAW file built on TIFF
// (DNG, CR2, NEF, ...), whose first page is a small preview, not the
// photograph. Reduced-resolution pages (NewSubfileType bit 0, the
// thumbnails some writers chain after the image) do not count as pages.
var tiffFormat = &Format{
	Name:       TIFF,
	Aliases:    []string{"tif"},
	Extensions: []string{".tiff", ".tif"},
	MediaType:  "image/tiff",
	Sniff: func(b []byte) bool {
		return bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*"))
	},
	DecodeConfig: func(r io.Reader) (Config, error) {
		rr := rewinder(r)
		ic, err := tiff.DecodeConfig(rr)
		// Associated alpha decodes as premultiplied RGBA.
		v, ok := tiffTag(rr.buf, tagExtraSamples)
		cfg, err := stdConfig(TIFF, ic, tiffError(err), ok && v == 1, ExifOrientation(rr.buf))
		if err == nil {
			cfg.source = tiffSource(recordedAt{rr}, rr.size)
			if cfg.source != nil && cfg.source.TIFF.raw != "" {
				// Its header describes the preview, not the photograph.
				return Config{}, rawError(cfg.source.TIFF.raw)
			}
		}
		return cfg, err
	},
	Decode: func(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
		// x/image/tiff reads the whole file into memory anyway when r is
		// not an io.ReaderAt, so reading it first costs nothing more and
		// lets tiffCheck see every IFD.
		data, err := io.ReadAll(replayer(r))
		if err != nil {
			return nil, err
		}
		if err := tiffCheck(data); err != nil {
			return nil, err
		}
		img, err := tiff.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, tiffError(err)
		}
		return stdPixels(img, cfg, opts.workers())
	},
	Encode: tiffEncode,
	Writes: Writes{Depths: []int{8, 16}, Channels: []int{1, 3, 4}, Convert: true},
}

func tiffError(err error) error {
	var u tiff.UnsupportedError
	return unsupported(err, errors.As(err, &u))
}

// tiffCheck refuses, with ErrUnsupported, a TIFF file that decoding its
// first page would misrepresent: a camera RAW file or a multi-page file.
// A file Inspect cannot read is left to the decoder, which says why.
func tiffCheck(data []byte) error {
	info, err := ptiff.Inspect(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	if info.RAW != "" {
		return rawError(info.RAW)
	}
	if n := tiffPages(info); n > 1 {
		return fmt.Errorf("tiff: %d pages: only single-page TIFF files decode, so that no page is dropped; split the file first (tiffsplit): %w", n, ErrUnsupported)
	}
	return nil
}

// rawError refuses a camera RAW file of the given family.
func rawError(family string) error {
	return fmt.Errorf("tiff: camera RAW file (%s): its first image is a preview, not the photograph; RAW development is not supported: %w", family, ErrUnsupported)
}

// tiffPages counts the full-resolution pages of info: reduced-resolution
// images (thumbnails) are not pages.
func tiffPages(info *ptiff.Info) int {
	n := 0
	for _, p := range info.Pages {
		if p.NewSubfileType&1 == 0 {
			n++
		}
	}
	return n
}

// TIFFSource is what a TIFF file's first page coded besides its pixels,
// kept in [Source] so that writing the pixels back as TIFF keeps it.
type TIFFSource struct {
	// Compression is the TIFF compression code (1 none, 5 LZW, 8 or
	// 32946 Deflate, ...).
	Compression int
	// Predictor is the TIFF predictor (1 none, 2 horizontal).
	Predictor int
	// AssociatedAlpha is true when alpha was premultiplied (ExtraSamples 1).
	AssociatedAlpha bool
	// Extras are the page's ICC profile, XMP, IPTC and resolution; nil
	// when they could not be read.
	Extras *ptiff.Extras
	// EXIF is the page's EXIF as a block codec/tiff writes (nil when
	// none, or when the file is big-endian and it could not be carried).
	EXIF []byte
	// raw is codec/tiff's RAW family when the file is a camera RAW file.
	raw string
}

// recordedAt reads a recording reader at an offset, recording up to there:
// the IFDs and tags codec/tiff reads may lie anywhere in the file.
type recordedAt struct{ rr *rewindReader }

func (a recordedAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > math.MaxInt-int64(len(p)) {
		return 0, io.EOF
	}
	a.rr.fill(int(off) + len(p))
	if off >= int64(len(a.rr.buf)) {
		return 0, io.EOF
	}
	n := copy(p, a.rr.buf[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// tiffSource reads the structure and tags of the first page of the TIFF
// file r of the given size (negative: unknown); nil when codec/tiff cannot
// read it.
func tiffSource(r io.ReaderAt, size int64) *Source {
	if size < 0 {
		size = math.MaxInt64
	}
	info, err := ptiff.Inspect(r, size)
	if err != nil || len(info.Pages) == 0 {
		return nil
	}
	p := info.Pages[0]
	ts := &TIFFSource{Compression: p.Compression, Predictor: p.Predictor, raw: info.RAW}
	for _, e := range p.ExtraSamples {
		ts.AssociatedAlpha = ts.AssociatedAlpha || e == 1
	}
	if x, err := ptiff.ReadExtras(r, size, 0); err == nil {
		ts.Extras = x
	}
	if b, err := ptiff.ExifBlock(r, size, 0); err == nil {
		ts.EXIF = b
	}
	return &Source{Format: TIFF, TIFF: ts, metadata: tiffMetadata(ts)}
}

// tiffEncode writes p as one TIFF page with codec/tiff, keeping what
// opts.Source says of a TIFF source.
func tiffEncode(w io.Writer, p Pixels, opts *EncodeOptions) error {
	if _, _, c := p.Shape(); c == 2 {
		// Neither writer's output would read back as gray+alpha.
		return stdEncode(w, p, opts, true, false, nil, func(w io.Writer, m image.Image) error {
			return tiff.Encode(w, m, &tiff.Options{Compression: tiff.Deflate})
		})
	}
	page := ptiff.Page{Compression: ptiff.Deflate}
	switch v := p.(type) {
	case pixbuf.View[uint8]:
		page.Pix8 = v
	case pixbuf.View[uint16]:
		page.Pix16 = v
	default:
		return tagged(ErrUnsupported, "%T is not an 8- or 16-bit view", p)
	}
	o := encodeOpts(opts)
	var changes []Change
	if s := o.Source; s != nil && s.TIFF != nil {
		ts := s.TIFF
		switch ts.Compression {
		case 1:
			page.Compression = ptiff.None
		case 5:
			page.Compression = ptiff.LZW
		case 8, 32946:
		default:
			changes = append(changes, Change{Kind: Changed, Item: "compression",
				Detail: fmt.Sprintf("TIFF compression %d written as Deflate", ts.Compression)})
		}
		page.Predictor = ts.Predictor == 2 && page.Compression != ptiff.None
		page.AssociatedAlpha = ts.AssociatedAlpha
		if x := ts.Extras; x != nil {
			page.ICC, page.XMP, page.IPTC = x.ICC, x.XMP, x.IPTC
			page.XResolution, page.YResolution, page.ResolutionUnit = x.XResolution, x.YResolution, x.ResolutionUnit
		}
		page.EXIF = ts.EXIF
	}
	if o.Metadata != nil {
		page.ICC, page.XMP, page.IPTC, page.EXIF = nil, nil, nil, nil
		page.ResolutionUnit = 0
		changes = append(changes, tiffPageMetadata(&page, encodedMetadata(o.Metadata, p))...)
	}
	rep, err := ptiff.Encode(w, []ptiff.Page{page})
	if err != nil {
		return err
	}
	if rep != nil {
		for _, c := range rep.Changes {
			changes = append(changes, Change{Kind: ChangeKind(c.Kind), Item: c.Item, Detail: c.Detail})
		}
	}
	if o.Changes != nil {
		*o.Changes = append(*o.Changes, changes...)
	}
	return nil
}
