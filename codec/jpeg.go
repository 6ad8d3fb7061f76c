package codec

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// jpegFormat is JPEG through pixview's own codec (package codec/jpeg):
// baseline, extended and progressive files of every sampling decode
// straight into a view as libjpeg-turbo's djpeg -dct int decodes them
// (gray, or RGB; CMYK and YCCK converted to RGB as djpeg -pnm does), a
// sequential file streaming with O(width) working memory; the orientation
// is the file's EXIF tag, else XMP's tiff:Orientation. The encoder writes
// 8-bit gray or YCbCr with libjpeg's choices (see [EncodeOptions].Quality
// and Source), dropping alpha and keeping the high byte of 16-bit samples.
// Its transform without decoding moves DCT coefficients, as jpegtran does.
var jpegFormat = &Format{
	Name:         JPEG,
	Aliases:      []string{"jpg"},
	Extensions:   []string{".jpg", ".jpeg"},
	MediaType:    "image/jpeg",
	Sniff:        func(b []byte) bool { return bytes.HasPrefix(b, []byte("\xff\xd8")) },
	DecodeConfig: jpegDecodeConfig,
	Decode:       jpegDecode,
	Encode:       jpegEncode,
	Writes:       Writes{Depths: []int{8}, Channels: []int{1, 3}, Convert: true},
	Transform:    jpegTransform,
}

// jpegHeaderLimit is the pixel limit of jpegDecodeConfig: DecodeConfig
// reports any size (the registry checks its own limit before decoding),
// and the reader's limit only guards coefficient memory, which a header
// read never allocates.
const jpegHeaderLimit = math.MaxInt

func jpegDecodeConfig(r io.Reader) (Config, error) {
	rr := rewinder(r)
	hdr, err := jpeg.DecodeConfig(rr, &jpeg.DecodeOptions{MaxPixels: jpegHeaderLimit})
	if err != nil {
		// The reader wants every table up to the first scan; a frame
		// header is enough to say the size (and have the registry refuse
		// a huge one as too large rather than as broken).
		if w, h, c, ok := jpegFrame(rr.buf); ok {
			return Config{Format: JPEG, Width: w, Height: h, Channels: c, Depth: 8,
				Orientation: orientation(jpegOrientation(rr.buf))}, nil
		}
		return Config{}, err
	}
	c := 3
	if len(hdr.Components) == 1 {
		c = 1
	}
	src := JPEGSource(hdr)
	if m := jpegMetadata(hdr.Segments); m != nil {
		if src == nil {
			src = &Source{Format: JPEG}
		}
		src.metadata = m
	}
	return Config{Format: JPEG, Width: hdr.Width, Height: hdr.Height, Channels: c, Depth: 8,
		Orientation: jpeg.FileOrientation(hdr), source: src}, nil
}

// jpegMetadata reads the metadata of a JPEG file's APPn and COM segments
// for Image.Metadata; nil when there is none. A malformed part (an ICC
// profile missing a piece) is left out, as meta.FromJPEG leaves it: the
// pixels still decode, and what is kept is what a writer can carry.
func jpegMetadata(segs []jpeg.Segment) *meta.Metadata {
	if len(segs) == 0 {
		return nil
	}
	ms := make([]meta.Segment, len(segs))
	for i, s := range segs {
		ms[i] = meta.Segment{Marker: s.Marker, Data: s.Data}
	}
	m, _ := meta.FromJPEG(ms) // the error lists the parts left out
	if m.IsEmpty() {
		return nil
	}
	return m
}

// jpegFrame returns the size and channel count of the first frame header
// (SOF0-SOF15 but DHT, JPG and DAC) in JPEG data, as Decode's view will
// have them.
func jpegFrame(b []byte) (w, h, c int, ok bool) {
	if len(b) < 2 || b[0] != 0xff || b[1] != 0xd8 {
		return 0, 0, 0, false
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return 0, 0, 0, false
		}
		m := b[i+1]
		switch {
		case m == 0xff:
			i++
			continue
		case m == 0x01 || (0xd0 <= m && m <= 0xd8):
			i += 2
			continue
		case m == 0xda || m == 0xd9:
			return 0, 0, 0, false
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			return 0, 0, 0, false
		}
		if 0xc0 <= m && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc {
			seg := b[i+4 : i+2+n]
			if len(seg) < 6 {
				return 0, 0, 0, false
			}
			h, w, nc := int(seg[1])<<8|int(seg[2]), int(seg[3])<<8|int(seg[4]), int(seg[5])
			if w == 0 || h == 0 || nc == 0 {
				return 0, 0, 0, false
			}
			if nc == 1 {
				return w, h, 1, true
			}
			return w, h, 3, true
		}
		i += 2 + n
	}
	return 0, 0, 0, false
}

// jpegDecode decodes into a new view of the stored shape; the registry
// has checked cfg against the caller's limit, and the reader checks the
// frame header against the same limit again before allocating anything.
func jpegDecode(r io.Reader, cfg Config, opts *DecodeOptions) (Pixels, error) {
	dec, err := jpeg.NewDecoder(r, &jpeg.DecodeOptions{MaxPixels: opts.maxPixels()})
	if err != nil {
		return nil, err
	}
	h, w, c, err := dec.PixelSize(nil)
	if err != nil {
		return nil, err
	}
	v := pixbuf.New[uint8](h, w, c)
	if err := dec.DecodeInto(v, nil); err != nil {
		return nil, err
	}
	return v, nil
}

func jpegEncode(w io.Writer, p Pixels, opts *EncodeOptions) error {
	o := encodeOpts(opts)
	var v pixbuf.View[uint8]
	switch p := p.(type) {
	case pixbuf.View[uint8]:
		v = p
	case pixbuf.View[uint16]:
		v = narrow(p)
	default:
		return tagged(ErrUnsupported, "%T is not an 8- or 16-bit view", p)
	}
	po, err := JPEGPixelOptions(o)
	if err != nil {
		return err
	}
	var changes []Change
	if o.Metadata != nil {
		var segs []jpeg.Segment
		segs, changes = metadataSegmentsReport(encodedMetadata(o.Metadata, p))
		po.Segments = withJFIF(segs)
	}
	if _, err = jpeg.EncodePixels(w, v, po); err != nil {
		return err
	}
	if po.Converted != "" {
		report(opts, Change{Kind: Changed, Item: "colorspace", Detail: po.Converted})
	}
	report(opts, changes...)
	return nil
}

// jfifDefault is the JFIF 1.01 APP0 payload cjpeg writes without a known
// density: aspect ratio 1:1, no thumbnail.
const jfifDefault = "JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"

// withJFIF returns the metadata segments with cjpeg's JFIF segment first
// when they have neither a JFIF nor an EXIF segment: a file with neither
// would be neither JFIF nor EXIF, which some readers want one of. A file
// with EXIF and no JFIF (a camera's) is left so: adding JFIF would add
// tags the source did not have.
func withJFIF(segs []jpeg.Segment) []jpeg.Segment {
	for _, s := range segs {
		if s.Marker == 0xe0 && bytes.HasPrefix(s.Data, []byte("JFIF\x00")) ||
			s.Marker == 0xe1 && bytes.HasPrefix(s.Data, []byte(meta.ExifPrefix)) {
			return segs
		}
	}
	return append([]jpeg.Segment{{Marker: 0xe0, Data: []byte(jfifDefault)}}, segs...)
}

// JPEGPixelOptions returns the pixel encoder's options for o, as codec's
// JPEG encoder chooses them: the Source's
// (its tables, sampling, process and restart interval) when Quality is
// unset, libjpeg's standard tables at Quality otherwise (keeping the
// Source's sampling and process), cjpeg's defaults without a Source.
func JPEGPixelOptions(o *EncodeOptions) (*jpeg.PixelEncodeOptions, error) {
	if o.Quality < 0 || o.Quality > 100 {
		return nil, tagged(ErrUnsupported, "jpeg: quality %d is outside 1-100 (0 for the default)", o.Quality)
	}
	var po jpeg.PixelEncodeOptions
	if o.Source != nil && o.Source.JPEG != nil {
		po = *o.Source.JPEG
	}
	if o.Quality != 0 {
		po.Quant, po.QuantSelectors, po.Quality = [4]*jpeg.QuantTable{}, nil, o.Quality
	}
	return &po, nil
}

// JPEGSource returns what an encoder keeps of hdr's coding (for CMYK,
// YCCK and RGB, its tables and sampling in YCbCr, with the conversion
// recorded when it is written), or nil when the pixel encoder cannot
// write its sampling: the encoder then uses its defaults. Metadata is not part of it:
// the pixels it is used with may have been turned or cropped, and the
// caller decides what metadata follows them.
func JPEGSource(hdr *jpeg.Image) *Source {
	po, err := jpeg.OptionsFromSource(hdr)
	if err != nil {
		return nil
	}
	po.Segments = nil
	return &Source{Format: JPEG, JPEG: po}
}

// jpegTransform moves the file's DCT coefficients (jpeg.TransformFile):
// an orientation other than the identity is applied to the stored pixels
// and the EXIF/XMP orientation tag reset to 1, so that the output shows
// t.Orientation of the stored image; the identity keeps the tag (a crop
// alone is then in stored coordinates).
func jpegTransform(w io.Writer, r io.Reader, t Transform) (*Result, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	limits := &jpeg.DecodeOptions{MaxPixels: t.MaxPixels}
	if t.MaxPixels <= 0 {
		limits.MaxPixels = DefaultMaxPixels
	}
	edge, err := jpegEdge(t.Edges)
	if err != nil {
		return nil, err
	}
	cw := &countWriter{w: w}
	var rep jpeg.Report
	var iccOnly *bytes.Buffer // the output before its ICC segments are taken out
	out := io.Writer(cw)
	if t.Metadata == MetadataStripICC {
		iccOnly = new(bytes.Buffer)
		out = iccOnly
	}
	if t.Metadata&MetadataStrip != 0 {
		rep, err = jpegTransformStrip(cw, data, t, edge, limits)
	} else {
		req := &jpeg.Request{Orientation: t.Orientation, Crop: t.Crop, Edge: edge, Decode: limits}
		if t.Orientation != pixbuf.Identity {
			hdr, err := jpeg.DecodeConfig(bytes.NewReader(data), limits)
			if err != nil {
				return nil, err
			}
			// Orient applies the file's orientation e first: e then
			// e⁻¹·o is o.
			req.Orient, req.Orientation = true, jpeg.FileOrientation(hdr).Inverse().Then(t.Orientation)
		}
		rep, err = jpeg.TransformFile(out, bytes.NewReader(data), req)
	}
	if err == nil && iccOnly != nil {
		_, err = cw.Write(withoutICC(iccOnly.Bytes()))
	}
	if err != nil {
		return nil, err
	}
	res := &Result{FormatIn: JPEG, FormatOut: JPEG, Path: PathLossless, BytesIn: int64(len(data)),
		BytesOut: cw.n, Images: 1, Changes: jpegChanges(rep)}
	switch t.Metadata {
	case MetadataStrip:
		res.Changes = append(res.Changes, Change{Kind: Dropped, Item: "metadata", Detail: "EXIF, XMP, IPTC and comments stripped; ICC kept"})
	case MetadataStrip | MetadataStripICC:
		res.Changes = append(res.Changes, Change{Kind: Dropped, Item: "metadata", Detail: "EXIF, XMP, IPTC, comments and the ICC profile stripped"})
	case MetadataStripICC:
		res.Changes = append(res.Changes, Change{Kind: Dropped, Item: "icc", Detail: "ICC profile stripped"})
	}
	return res, nil
}

// withoutICC returns JPEG data without its APP2 ICC_PROFILE segments,
// every other byte as it was; the segments before the first scan are
// walked as meta.ScanJPEG walks them, and data that does not parse so (the
// transform's own output always does) is returned unchanged.
func withoutICC(data []byte) []byte {
	out := make([]byte, 0, len(data))
	i := 2
	if len(data) < 2 || data[0] != 0xff || data[1] != 0xd8 {
		return data
	}
	out = append(out, data[:2]...)
	for i+4 <= len(data) && data[i] == 0xff {
		m := data[i+1]
		if m == 0xda || m == 0xd9 || m == 0xff || m == 0x01 || (0xd0 <= m && m <= 0xd8) {
			break
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if n < 2 || i+2+n > len(data) {
			return data
		}
		seg := data[i : i+2+n]
		if !(m == 0xe2 && bytes.HasPrefix(seg[4:], []byte(meta.ICCPrefix))) {
			out = append(out, seg...)
		}
		i += 2 + n
	}
	return append(out, data[i:]...)
}

// jpegTransformStrip transforms data's coefficients under t.Orientation
// and keeps only the segments that say how to show the pixels (JFIF, ICC,
// Adobe), as meta.Metadata.Strip keeps them: without EXIF the output has
// no orientation tag, so the orientation is applied in full.
func jpegTransformStrip(w io.Writer, data []byte, t Transform, edge jpeg.EdgePolicy, limits *jpeg.DecodeOptions) (jpeg.Report, error) {
	m, err := jpeg.DecodeBytes(data, limits)
	if err != nil {
		return jpeg.Report{}, err
	}
	perfect := jpeg.Perfect(m, t.Orientation)
	out, err := jpeg.Transform(m, t.Orientation, &jpeg.TransformOptions{Edge: edge, Crop: t.Crop})
	if err != nil {
		return jpeg.Report{}, err
	}
	kept := out.Segments[:0:0]
	for _, s := range out.Segments {
		if jpegKeepsOnStrip(s, t.Metadata&MetadataStripICC == 0) {
			kept = append(kept, s)
		}
	}
	out.Segments, out.Trailer = kept, nil
	if err := jpeg.Encode(w, out, nil); err != nil {
		return jpeg.Report{}, err
	}
	rep := jpeg.Report{Applied: t.Orientation, Width: out.Width, Height: out.Height, Perfect: perfect,
		Cropped: !t.Crop.Empty()}
	if !perfect {
		rep.Trimmed = edge == jpeg.EdgeTrim
		rep.EdgesKept = edge == jpeg.EdgeKeep
	}
	return rep, nil
}

// jpegKeepsOnStrip reports whether a segment survives MetadataStrip: JFIF
// (APP0, the resolution), the ICC profile (APP2 ICC_PROFILE) unless icc
// is false, and Adobe's colour transform (APP14), which decoders need.
func jpegKeepsOnStrip(s jpeg.Segment, icc bool) bool {
	switch s.Marker {
	case 0xe0:
		return bytes.HasPrefix(s.Data, []byte("JFIF\x00"))
	case 0xe2:
		return icc && bytes.HasPrefix(s.Data, []byte(meta.ICCPrefix))
	case 0xee:
		return bytes.HasPrefix(s.Data, []byte("Adobe"))
	}
	return false
}

func jpegEdge(e EdgePolicy) (jpeg.EdgePolicy, error) {
	switch e {
	case EdgesKeep:
		return jpeg.EdgeKeep, nil
	case EdgesTrim:
		return jpeg.EdgeTrim, nil
	case EdgesPerfect:
		return jpeg.EdgePerfect, nil
	}
	return 0, tagged(ErrUnsupported, "jpeg: unknown edge policy %d", e)
}

// jpegChanges lists what a lossless transform changed beside the pixels'
// places, for the per-file record.
func jpegChanges(rep jpeg.Report) []Change {
	var cs []Change
	if rep.OrientationReset {
		cs = append(cs, Change{Kind: Changed, Item: "orientation-tag", Detail: "set to 1, the orientation applied to the pixels"})
	}
	if rep.DimensionsPatched {
		cs = append(cs, Change{Kind: Changed, Item: "exif-dimensions", Detail: fmt.Sprintf("set to %dx%d", rep.Width, rep.Height)})
	}
	if rep.ThumbnailDropped {
		cs = append(cs, Change{Kind: Dropped, Item: "exif-thumbnail", Detail: "it showed the cropped-away area"})
	}
	if rep.Trimmed {
		cs = append(cs, Change{Kind: Dropped, Item: "edges", Detail: "partial edge iMCUs trimmed (jpegtran -trim)"})
	}
	if rep.EdgesKept {
		cs = append(cs, Change{Kind: Changed, Item: "edges", Detail: "partial edge iMCUs left in place, untransformed (jpegtran's default)"})
	}
	return cs
}
