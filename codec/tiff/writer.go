// Package tiff writes TIFF files that keep a source's structure, and reads
// that structure (compression, predictor, photometric interpretation,
// samples, bits, alpha, pages, extra tags) so that codec can choose what to
// write, transform every page or refuse clearly, and refuse camera RAW
// files instead of decoding their thumbnail.
//
// It exists because golang.org/x/image/tiff's encoder writes Deflate or no
// compression only, adds alpha to RGB and writes no extra tags. Decoding
// stays with golang.org/x/image/tiff. The package is a leaf under codec,
// which registers it; it never imports codec.
//
// # Written and kept
//
//   - baseline TIFF, little-endian ("II"), chunky (PlanarConfig 1), strips
//     of about 64 KiB;
//   - gray (min-is-black), gray+alpha, RGB, RGBA and 8-bit paletted images,
//     8 or 16 bits per sample, exactly the channels given: no alpha is added;
//     alpha is written as unassociated (ExtraSamples 2) or, when asked,
//     associated (1);
//   - compression none (1), LZW (5) and Adobe Deflate (8), each with or
//     without the horizontal predictor (2);
//   - several pages in one file, in order;
//   - ICC profile (34675), XMP (700) and IPTC (33723) byte for byte;
//     resolution (282, 283, 296) and Orientation (274) when given;
//   - EXIF: a little-endian EXIF block ("II*", as in a JPEG APP1 without or
//     with its "Exif\0\0" prefix) is copied whole into the file; its IFD0
//     tags (Make, Model, DateTime, Artist, Copyright, ...) join the page's
//     IFD, and its EXIF, GPS and Interoperability IFDs are pointed at with
//     their offsets rebased.
//
// # Reading what a source has
//
// [Inspect] reports each page's structure and whether the file is a camera
// RAW file; [ReadExtras] reads a page's ICC profile, XMP, IPTC,
// resolution and orientation; [ExifBlock] rebuilds a page's EXIF (IFD0
// tags, EXIF, GPS and Interoperability IFDs) as a compact block for
// [Page.EXIF]. Together they let a TIFF be rewritten with its structure
// and metadata. None of them reads image data.
//
// # Not kept (reported or refused)
//
//   - a big-endian ("MM") EXIF block is converted to little-endian by
//     [LittleEndianEXIF], value by value (its MakerNote, UNDEFINED bytes,
//     stays as written); an EXIF block that does not parse is dropped,
//     reported;
//   - EXIF IFD0 tags that describe the image structure (sizes, strips,
//     compression, photometric, ...) are the writer's, and Orientation is
//     written only from [Page.Orientation]; the EXIF thumbnail (IFD1) is
//     not linked, so readers do not see it, and the [Report] says so;
//   - offsets inside a MakerNote that count from the EXIF header are not
//     rebased (exiftool finds most of them again by their base);
//   - palette transparency (a TIFF colour map has none): dropped, reported;
//   - bilevel (1-bit, PackBits), CMYK, YCbCr, planar, tiled, floating point
//     and big-endian output are not written: ErrUnsupported.
package tiff

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image/color"
	"io"
	"slices"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/pixbuf"
)

// Compression is a TIFF compression code that [Encode] writes.
type Compression uint16

// The compressions Encode writes.
const (
	None    Compression = 1
	LZW     Compression = 5
	Deflate Compression = 8 // Adobe Deflate: a zlib stream
)

// Rational is a TIFF RATIONAL value, Num/Den.
type Rational struct{ Num, Den uint32 }

// Page is one image to write and what goes with it. Exactly one of Pix8
// and Pix16 holds the pixels, with 1 to 4 channels (gray, gray+alpha,
// RGB, RGBA).
type Page struct {
	Pix8  pixbuf.View[uint8]
	Pix16 pixbuf.View[uint16]
	// Palette, when not nil, makes a 1-channel 8-bit page a paletted one
	// (photometric 3) whose samples index it; at most 256 colours.
	Palette         color.Palette
	AssociatedAlpha bool // alpha is premultiplied (ExtraSamples 1), else unassociated (2)

	Compression Compression // zero: None
	Predictor   bool        // horizontal differencing (predictor 2) before LZW or Deflate

	EXIF, ICC, XMP, IPTC []byte // nil: not written
	XResolution          Rational
	YResolution          Rational
	ResolutionUnit       int // 1 none, 2 inch, 3 cm; 0: no resolution tags
	Orientation          int // EXIF value 1..8; 0: no tag
}

// The kinds of [Change], spelled as codec.ChangeKind spells them.
const (
	Changed = "changed"
	Dropped = "dropped"
)

// Change says one thing Encode could not keep; codec maps it to codec.Change.
type Change struct {
	Kind   string // Changed or Dropped
	Item   string // "exif", "palette"
	Detail string
}

// Report says what [Encode] could not keep.
type Report struct {
	Changes []Change
}

func errUnsupported(format string, a ...any) error {
	return fmt.Errorf("tiff: %s: %w", fmt.Sprintf(format, a...), codecerr.ErrUnsupported)
}

type entry = ifdEntry

// file is a TIFF file under construction, in memory: offsets are final
// once a part is appended.
type file struct {
	b   []byte
	rep Report
}

func (f *file) align() {
	if len(f.b)%2 == 1 {
		f.b = append(f.b, 0)
	}
}

// Encode writes pages as one TIFF file to w. The file is built in memory
// (its size bounds the memory used) and written with one call.
func Encode(w io.Writer, pages []Page) (*Report, error) {
	if len(pages) == 0 {
		return nil, errUnsupported("no pages")
	}
	f := &file{b: []byte{'I', 'I', 42, 0, 0, 0, 0, 0}}
	link := 4 // where the next IFD's offset goes
	for i := range pages {
		off, next, err := f.page(&pages[i])
		if err != nil {
			if len(pages) > 1 {
				return nil, fmt.Errorf("tiff: page %d: %w", i+1, err)
			}
			return nil, err
		}
		binary.LittleEndian.PutUint32(f.b[link:], uint32(off))
		link = next
	}
	if int64(len(f.b)) > 1<<32-1 {
		return nil, fmt.Errorf("tiff: file of %d bytes beyond TIFF's 4 GiB: %w", len(f.b), codecerr.ErrTooLarge)
	}
	if _, err := w.Write(f.b); err != nil {
		return nil, fmt.Errorf("tiff: %w", err)
	}
	return &f.rep, nil
}

// page appends p's strips, values and IFD, and returns the IFD's offset and
// where its next-IFD offset lies.
func (f *file) page(p *Page) (ifdOff, nextAt int, err error) {
	var (
		h, w, c, bps int
		row          func(y int) []byte
	)
	switch {
	case p.Pix8.Len() > 0 && p.Pix16.Len() > 0:
		return 0, 0, errUnsupported("both Pix8 and Pix16 set")
	case p.Pix8.Len() > 0:
		h, w, c = p.Pix8.Shape()
		bps = 8
		v := p.Pix8
		row = func(y int) []byte { return v.Row(y).Bytes() }
		if all, ok := v.Samples(); ok && !p.Predictor {
			// Rows of a contiguous view are read in place: nothing
			// writes to them.
			row = func(y int) []byte { return all[y*w*c : (y+1)*w*c] }
		}
	case p.Pix16.Len() > 0:
		h, w, c = p.Pix16.Shape()
		bps = 16
		v := p.Pix16
		row = func(y int) []byte {
			r := v.Row(y).Contiguous()
			s, _ := r.Samples()
			b := make([]byte, 2*len(s))
			for i, x := range s {
				binary.LittleEndian.PutUint16(b[2*i:], x)
			}
			return b
		}
	default:
		return 0, 0, errUnsupported("empty page")
	}
	if c < 1 || c > 4 {
		return 0, 0, errUnsupported("%d channels", c)
	}
	if h > 1<<31-1 || w > 1<<31-1 {
		return 0, 0, fmt.Errorf("tiff: %dx%d: %w", w, h, codecerr.ErrTooLarge)
	}
	comp := p.Compression
	if comp == 0 {
		comp = None
	}
	if comp != None && comp != LZW && comp != Deflate {
		return 0, 0, errUnsupported("compression %d", comp)
	}
	photometric := 1
	switch {
	case p.Palette != nil:
		if c != 1 || bps != 8 || len(p.Palette) > 256 {
			return 0, 0, errUnsupported("a palette needs 1 channel of 8 bits and at most 256 colours")
		}
		photometric = 3
	case c >= 3:
		photometric = 2
	}

	// Strips of about 64 KiB.
	rowBytes := w * c * bps / 8
	rps := max(1, 65536/max(rowBytes, 1))
	var offsets, counts []uint32
	var zbuf bytes.Buffer
	if comp == None {
		f.b = slices.Grow(f.b, h*rowBytes+4096)
	}
	for y0 := 0; y0 < h; y0 += rps {
		y1 := min(h, y0+rps)
		if comp == None {
			f.align()
			offsets = append(offsets, uint32(len(f.b)))
			counts = append(counts, uint32((y1-y0)*rowBytes))
			for y := y0; y < y1; y++ {
				f.b = append(f.b, row(y)...)
			}
			continue
		}
		raw := make([]byte, 0, (y1-y0)*rowBytes)
		for y := y0; y < y1; y++ {
			r := row(y)
			if p.Predictor {
				predict(r, c, bps)
			}
			raw = append(raw, r...)
		}
		switch comp {
		case LZW:
			raw = lzwEncode(nil, raw)
		case Deflate:
			zbuf.Reset()
			zw := zlib.NewWriter(&zbuf)
			zw.Write(raw)
			zw.Close()
			raw = zbuf.Bytes()
		}
		f.align()
		offsets = append(offsets, uint32(len(f.b)))
		counts = append(counts, uint32(len(raw)))
		f.b = append(f.b, raw...)
	}

	var es []entry
	add := func(tag, typ uint16, count int, data []byte) {
		e := entry{tag: tag, typ: typ, count: uint32(count)}
		if len(data) <= 4 {
			copy(e.val[:], data)
		} else {
			f.align()
			binary.LittleEndian.PutUint32(e.val[:], uint32(len(f.b)))
			f.b = append(f.b, data...)
		}
		es = append(es, e)
	}
	shorts := func(tag uint16, v ...int) {
		b := make([]byte, 2*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint16(b[2*i:], uint16(x))
		}
		add(tag, 3, len(v), b)
	}
	longs := func(tag uint16, v ...uint32) {
		b := make([]byte, 4*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint32(b[4*i:], x)
		}
		add(tag, 4, len(v), b)
	}
	rational := func(tag uint16, r Rational) {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint32(b, r.Num)
		binary.LittleEndian.PutUint32(b[4:], max(r.Den, 1))
		add(tag, 5, 1, b)
	}
	longs(tagWidth, uint32(w))
	longs(tagHeight, uint32(h))
	shorts(tagBitsPerSample, slices.Repeat([]int{bps}, c)...)
	shorts(tagCompression, int(comp))
	shorts(tagPhotometric, photometric)
	longs(tagStripOffsets, offsets...)
	shorts(tagSamplesPerPixel, c)
	longs(tagRowsPerStrip, uint32(rps))
	longs(tagStripByteCounts, counts...)
	shorts(tagPlanarConfig, 1)
	if p.Orientation != 0 {
		shorts(tagOrientation, p.Orientation)
	}
	if p.ResolutionUnit != 0 {
		rational(tagXResolution, p.XResolution)
		rational(tagYResolution, p.YResolution)
		shorts(tagResolutionUnit, p.ResolutionUnit)
	}
	if p.Predictor && comp != None {
		shorts(tagPredictor, 2)
	}
	if photometric == 3 {
		cm := make([]int, 3*256)
		hasAlpha := false
		for i, col := range p.Palette {
			r, g, b, a := col.RGBA()
			if a != 0xffff {
				hasAlpha = true
				// Colour maps hold straight colours.
				if a != 0 {
					r, g, b = r*0xffff/a, g*0xffff/a, b*0xffff/a
				}
			}
			cm[i], cm[256+i], cm[512+i] = int(r), int(g), int(b)
		}
		shorts(tagColorMap, cm...)
		if hasAlpha {
			f.rep.Changes = append(f.rep.Changes, Change{Dropped, "palette", "palette transparency (a TIFF colour map has none)"})
		}
	}
	if c == 2 || c == 4 {
		if p.AssociatedAlpha {
			shorts(tagExtraSamples, 1)
		} else {
			shorts(tagExtraSamples, 2)
		}
	}
	if p.XMP != nil {
		add(tagXMP, 1, len(p.XMP), p.XMP)
	}
	if p.IPTC != nil {
		add(tagIPTC, 7, len(p.IPTC), p.IPTC)
	}
	if p.ICC != nil {
		add(tagICC, 7, len(p.ICC), p.ICC)
	}
	if p.EXIF != nil {
		es = f.exif(p.EXIF, es)
	}

	// The IFD, entries in ascending tag order as TIFF requires.
	slices.SortStableFunc(es, func(a, b entry) int { return int(a.tag) - int(b.tag) })
	es = slices.CompactFunc(es, func(a, b entry) bool { return a.tag == b.tag })
	f.align()
	ifdOff = len(f.b)
	b := binary.LittleEndian.AppendUint16(nil, uint16(len(es)))
	for _, e := range es {
		b = binary.LittleEndian.AppendUint16(b, e.tag)
		b = binary.LittleEndian.AppendUint16(b, e.typ)
		b = binary.LittleEndian.AppendUint32(b, e.count)
		b = append(b, e.val[:]...)
	}
	f.b = append(f.b, b...)
	nextAt = len(f.b)
	f.b = append(f.b, 0, 0, 0, 0)
	return ifdOff, nextAt, nil
}

// predict applies TIFF's horizontal differencing to one row in place.
func predict(r []byte, c, bps int) {
	if bps == 8 {
		for i := len(r) - 1; i >= c; i-- {
			r[i] -= r[i-c]
		}
		return
	}
	for i := len(r)/2 - 1; i >= c; i-- {
		v := binary.LittleEndian.Uint16(r[2*i:]) - binary.LittleEndian.Uint16(r[2*(i-c):])
		binary.LittleEndian.PutUint16(r[2*i:], v)
	}
}

// structural lists the IFD0 tags of an EXIF block that describe an image
// structure: the writer's own, or the thumbnail's.
var structural = map[uint16]bool{
	tagNewSubfileType: true, 255: true, tagWidth: true, tagHeight: true, tagBitsPerSample: true,
	tagCompression: true, tagPhotometric: true, 266: true, tagStripOffsets: true, tagOrientation: true,
	tagSamplesPerPixel: true, tagRowsPerStrip: true, tagStripByteCounts: true, tagPlanarConfig: true,
	tagPredictor: true, tagColorMap: true, tagTileWidth: true, 323: true, 324: true, 325: true,
	tagSubIFDs: true, tagExtraSamples: true, tagSampleFormat: true, tagJPEGInterchange: true, 514: true,
	530: true, 531: true, 532: true, tagICC: true, tagXMP: true, tagIPTC: true,
}

// exif appends the EXIF block ex to the file and returns es with its IFD0
// tags and pointers to its EXIF, GPS and Interoperability IFDs, rebased.
func (f *file) exif(ex []byte, es []entry) []entry {
	ex = bytes.TrimPrefix(ex, []byte("Exif\x00\x00"))
	drop := func(why string) []entry {
		f.rep.Changes = append(f.rep.Changes, Change{Dropped, "exif", why})
		return es
	}
	if exifHasThumbnail(ex) {
		f.rep.Changes = append(f.rep.Changes, Change{Dropped, "exif-thumbnail", "the EXIF thumbnail (IFD1) is not linked into a TIFF page"})
	}
	if len(ex) >= 8 && string(ex[:4]) == "MM\x00*" {
		le, err := LittleEndianEXIF(ex)
		if err != nil {
			return drop(fmt.Sprintf("big-endian EXIF does not parse: %v", err))
		}
		if le == nil {
			return es // no tag to keep
		}
		ex = le
	}
	if len(ex) < 8 || string(ex[:4]) != "II*\x00" {
		return drop("EXIF block is not a TIFF structure")
	}
	rd := &reader{r: bytes.NewReader(ex), size: int64(len(ex)), bo: binary.LittleEndian, budget: maxEntries}
	ifd0, _, err := rd.ifd(int64(binary.LittleEndian.Uint32(ex[4:])))
	if err != nil {
		return drop(fmt.Sprintf("EXIF IFD0 does not parse: %v", err))
	}
	// Check every IFD before anything is appended, so that a bad block is
	// dropped whole.
	seen := map[int64]bool{}
	var check func(off int64) error
	check = func(off int64) error {
		if seen[off] {
			return errFormat("EXIF IFD loop")
		}
		seen[off] = true
		sub, _, err := rd.ifd(off)
		if err != nil {
			return err
		}
		for _, e := range sub {
			if e.tag == tagInteropIFD {
				if err := check(int64(binary.LittleEndian.Uint32(e.val[:]))); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, e := range ifd0 {
		if e.tag == tagExifIFD || e.tag == tagGPSIFD {
			if err := check(int64(binary.LittleEndian.Uint32(e.val[:]))); err != nil {
				return drop(fmt.Sprintf("EXIF sub-IFD does not parse: %v", err))
			}
		}
	}
	f.align()
	base := len(f.b)
	f.b = append(f.b, ex...)
	blk := f.b[base:]
	// rebase adds base to the out-of-line offsets of an entry.
	rebase := func(e entry) (entry, bool) {
		sz := sizeOfType(e.typ)
		n := int64(e.count) * int64(sz)
		if sz == 0 {
			return e, false
		}
		if n > 4 {
			o := int64(binary.LittleEndian.Uint32(e.val[:]))
			if o+n > int64(len(ex)) {
				return e, false
			}
			binary.LittleEndian.PutUint32(e.val[:], uint32(o+int64(base)))
		}
		return e, true
	}
	var fix func(off int64)
	fix = func(off int64) {
		n := int(binary.LittleEndian.Uint16(blk[off:]))
		for i := range n {
			at := blk[off+2+12*int64(i):]
			e := entry{tag: binary.LittleEndian.Uint16(at), typ: binary.LittleEndian.Uint16(at[2:]), count: binary.LittleEndian.Uint32(at[4:])}
			copy(e.val[:], at[8:12])
			if e.tag == tagInteropIFD {
				sub := int64(binary.LittleEndian.Uint32(e.val[:]))
				fix(sub)
				binary.LittleEndian.PutUint32(at[8:], uint32(sub+int64(base)))
				continue
			}
			if e, ok := rebase(e); ok {
				copy(at[8:12], e.val[:])
			}
		}
	}
	for _, e := range ifd0 {
		switch {
		case e.tag == tagExifIFD || e.tag == tagGPSIFD:
			sub := int64(binary.LittleEndian.Uint32(e.val[:]))
			fix(sub)
			binary.LittleEndian.PutUint32(e.val[:], uint32(sub+int64(base)))
			e.typ, e.count = 4, 1
			es = append(es, e)
		case structural[e.tag]:
		case e.tag == tagXResolution || e.tag == tagYResolution || e.tag == tagResolutionUnit:
			if !slices.ContainsFunc(es, func(x entry) bool { return x.tag == e.tag }) {
				if e, ok := rebase(e); ok {
					es = append(es, e)
				}
			}
		default:
			if e, ok := rebase(e); ok {
				es = append(es, e)
			}
		}
	}
	return es
}
