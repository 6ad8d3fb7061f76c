package codec

import (
	"bytes"
	"io"

	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/codec/meta"
	ptiff "github.com/pixview/pixview/codec/tiff"
)

// decodedMetadata returns the metadata Image.Metadata carries for a file
// whose DecodeConfig recorded src: a copy, whose EXIF and XMP orientation
// say 1 when oriented (the orientation was applied to the pixels), so that
// writing it keeps the picture upright once, not twice.
func decodedMetadata(src *Source, oriented bool) *meta.Metadata {
	if src == nil || src.metadata == nil {
		return nil
	}
	m := src.metadata.Clone()
	if oriented {
		m.SetOrientation(1)
	}
	return m
}

// encodedMetadata returns a copy of m for a file whose pixels are p:
// dimension tags follow the view, which may have been cropped or turned.
func encodedMetadata(m *meta.Metadata, p Pixels) *meta.Metadata {
	m = m.Clone()
	h, w, _ := p.Shape()
	m.SetDimensions(w, h)
	return m
}

// metadataChanges turns what a metadata writer left out into Changes.
func metadataChanges(ds []meta.Dropped) []Change {
	var cs []Change
	for _, d := range ds {
		cs = append(cs, Change{Kind: Dropped, Item: d.Part, Detail: d.Reason})
	}
	return cs
}

// report appends cs to opts.Changes when the caller asked for them.
func report(opts *EncodeOptions, cs ...Change) {
	if opts != nil && opts.Changes != nil {
		*opts.Changes = append(*opts.Changes, cs...)
	}
}

// metadataSegments returns the JPEG segments that carry m, for the JPEG
// encoder to write after SOI; what JPEG cannot hold is left out (use
// metadataSegmentsReport to learn what).
func metadataSegments(m *meta.Metadata) []jpeg.Segment {
	segs, _ := metadataSegmentsReport(m)
	return segs
}

// metadataSegmentsReport is metadataSegments with the Changes that say
// what was left out.
func metadataSegmentsReport(m *meta.Metadata) ([]jpeg.Segment, []Change) {
	if m == nil {
		return nil, nil
	}
	ms, dropped := m.JPEGSegments()
	segs := make([]jpeg.Segment, len(ms))
	for i, s := range ms {
		segs[i] = jpeg.Segment{Marker: s.Marker, Data: s.Data}
	}
	return segs, metadataChanges(dropped)
}

// pngSource reads the metadata chunks before a PNG's image data, which
// the header pass recorded in b; nil when there are none.
func pngSource(b []byte) *Source {
	chunks, _ := meta.ScanPNG(b) // b ends before IDAT: the chunks read so far
	m, err := meta.FromPNGChunks(chunks)
	if err != nil || m == nil || m.IsEmpty() {
		return nil
	}
	return &Source{Format: PNG, metadata: m}
}

// pngWithMetadata encodes with enc and writes the PNG to w with opts's
// metadata inserted after IHDR, reporting what PNG cannot hold.
func pngWithMetadata(w io.Writer, p Pixels, opts *EncodeOptions, enc func(io.Writer) error) error {
	if opts == nil || opts.Metadata == nil {
		return enc(w)
	}
	var b bytes.Buffer
	if err := enc(&b); err != nil {
		return err
	}
	out, dropped, err := meta.InsertPNG(b.Bytes(), encodedMetadata(opts.Metadata, p))
	if err != nil {
		return err
	}
	report(opts, metadataChanges(dropped)...)
	_, err = w.Write(out)
	return err
}

// tiffMetadata returns the metadata of a TIFF source as meta models it.
func tiffMetadata(ts *TIFFSource) *meta.Metadata {
	m := &meta.Metadata{EXIF: ts.EXIF}
	if x := ts.Extras; x != nil {
		m.ICC, m.XMP = x.ICC, x.XMP
		if len(x.IPTC) > 0 {
			m.IPTC = meta.WrapIIM(x.IPTC) // the IPTC-NAA tag holds bare records
		}
		if x.ResolutionUnit != 0 && x.XResolution.Den != 0 && x.YResolution.Den != 0 {
			unit := meta.UnitNone
			switch x.ResolutionUnit {
			case 2:
				unit = meta.UnitInch
			case 3:
				unit = meta.UnitCentimeter
			}
			m.Resolution = &meta.Resolution{
				X:    float64(x.XResolution.Num) / float64(x.XResolution.Den),
				Y:    float64(x.YResolution.Num) / float64(x.YResolution.Den),
				Unit: unit,
			}
		}
	}
	if m.IsEmpty() {
		return nil
	}
	return m
}

// tiffPageMetadata sets page's tags from m, reporting what a TIFF page
// cannot hold: comments and PNG text (TIFF has ImageDescription, but
// codec/tiff writes no free text), extended XMP, PNG's colour chunks, and
// the Photoshop resources beside IPTC (the IPTC-NAA tag holds its records
// alone).
// EXIF in either byte order is written (codec/tiff converts a big-endian
// block), and its orientation tag becomes the page's.
func tiffPageMetadata(page *ptiff.Page, m *meta.Metadata) []Change {
	page.ICC, page.XMP, page.EXIF = m.ICC, m.XMP, m.EXIF
	var cs []Change
	iim, others := meta.IIMRecords(m.IPTC)
	page.IPTC = iim
	if others && len(m.IPTC) > 0 {
		cs = append(cs, Change{Kind: Dropped, Item: "Photoshop resources",
			Detail: "TIFF's IPTC-NAA tag holds the IPTC records alone, not the other resources of the Photoshop block (IPTCDigest, ...)"})
	}
	if o, ok := meta.ExifOrientation(m.EXIF); ok {
		page.Orientation = o
	}
	if r := m.Resolution; r != nil && (r.Unit != meta.UnitNone || !exifHasResolution(m.EXIF)) {
		// JFIF's bare 1:1 aspect says less than EXIF's dots per inch,
		// which the TIFF writer takes from the EXIF block when the page
		// has none.
		page.XResolution = ptiff.Rational{Num: uint32(r.X*1000 + 0.5), Den: 1000}
		page.YResolution = ptiff.Rational{Num: uint32(r.Y*1000 + 0.5), Den: 1000}
		page.ResolutionUnit = map[meta.ResolutionUnit]int{meta.UnitNone: 1, meta.UnitInch: 2, meta.UnitCentimeter: 3}[r.Unit]
	}
	held := &meta.Metadata{EXIF: m.EXIF, ICC: m.ICC, XMP: m.XMP, IPTC: iim, Resolution: m.Resolution}
	return append(cs, unheld(m, held, "TIFF")...)
}

// unheld returns a Dropped change for every part of m that a writer of
// format did not carry, held being what it did carry.
func unheld(m, held *meta.Metadata, format string) []Change {
	kept := make(map[string]bool)
	for _, p := range held.Parts() {
		kept[p] = true
	}
	var cs []Change
	for _, p := range m.Parts() {
		if !kept[p] {
			cs = append(cs, Change{Kind: Dropped, Item: p, Detail: format + " has no place for it"})
		}
	}
	return cs
}

// reportUnheld reports every part of opts.Metadata as dropped, for the
// encoder of a format that holds no metadata (BMP, Netpbm), family being
// the format's family (BMP, PNM).
func reportUnheld(opts *EncodeOptions, family string) {
	if opts != nil && opts.Metadata != nil {
		report(opts, Unheld(family, opts.Metadata)...)
	}
}

// Unheld returns what the encoder of a format of the given family records
// when it is given m and the format holds no metadata: a Dropped change for
// every part of m, for BMP and the Netpbm family (PNM); nil for the other
// formats, whose encoders decide part by part. A caller that writes such a
// format itself, as pixtool writes Netpbm band by band, records the same.
func Unheld(family string, m *meta.Metadata) []Change {
	var name string
	switch family {
	case BMP:
		name = "BMP"
	case PNM:
		name = "Netpbm"
	default:
		return nil
	}
	return unheld(m, nil, name)
}

// exifHasResolution reports whether EXIF's IFD0 says a resolution.
func exifHasResolution(exif []byte) bool { return meta.ExifHasResolution(exif) }
