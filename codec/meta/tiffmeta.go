package meta

import (
	"encoding/binary"
	"fmt"

	"github.com/pixview/pixview/codec/codecerr"
)

// Tags of the EXIF sub-IFDs that point to further IFDs.
const tagInteropIFD = 0xa005

// structureTag reports whether an IFD0 tag of a TIFF file describes its
// image data rather than the picture, so that it stays out of the EXIF
// that [FromTIFF] builds (and out of a JPEG or PNG made from the file).
func structureTag(tag uint16) bool {
	switch tag {
	case 254, 255, // NewSubfileType, SubfileType
		256, 257, 258, 259, 262, 263, 266, // dimensions, BitsPerSample, Compression, Photometric, Threshholding, FillOrder
		273, 277, 278, 279, 280, 281, 284, // strips, SamplesPerPixel, Min/MaxSampleValue, PlanarConfiguration
		317, 320, 322, 323, 324, 325, 330, // Predictor, ColorMap, tiles, SubIFDs
		338, 339, 340, 341, 347, // ExtraSamples, SampleFormat, S/MaxSampleValue, JPEGTables
		512, 513, 514, 515, 517, 518, 519, 520, 521, // old-style JPEG
		529, 530, 532, // YCbCrCoefficients, YCbCrSubSampling, ReferenceBlackWhite
		tagXMP, tagIPTC, tagPhotoshop, tagICCProfile: // carried in their own fields
		return true
	}
	return false
}

// FromTIFF reads the metadata of a TIFF file from its first IFD: the ICC
// profile (InterColorProfile), XMP (XMLPacket), IPTC (the Photoshop IRB,
// or bare IPTC-NAA records wrapped into one), the resolution, and EXIF
// rebuilt as a self-contained TIFF structure in the file's byte order:
// the tags of IFD0 that describe the picture rather than its strips
// (Make, Model, Orientation, DateTime, Artist, Copyright...) with the
// Exif, GPS and Interoperability IFDs they point to. Tags whose values do
// not fit in the file are left out. A maker note that locates its data by
// absolute file offsets, as some cameras' do, loses them in the move; the
// tags the EXIF standard defines are unaffected. The error wraps
// codecerr.ErrFormat when data is not TIFF.
func FromTIFF(data []byte) (*Metadata, error) {
	m := new(Metadata)
	t, ifd0, ok := parseTIFF(data)
	if !ok {
		return m, fmt.Errorf("meta: not a TIFF file: %w", codecerr.ErrFormat)
	}
	n, ok := t.ifd(ifd0)
	if !ok {
		return m, fmt.Errorf("meta: TIFF IFD0 runs past the data: %w", codecerr.ErrFormat)
	}
	if e, ok := t.find(ifd0, tagICCProfile); ok {
		m.ICC, _ = t.value(e)
	}
	if e, ok := t.find(ifd0, tagXMP); ok {
		m.XMP, _ = t.value(e)
	}
	if e, ok := t.find(ifd0, tagPhotoshop); ok {
		m.IPTC, _ = t.value(e)
	} else if e, ok := t.find(ifd0, tagIPTC); ok {
		if v, ok := t.value(e); ok && len(v) > 0 {
			m.IPTC = wrapIIM(v)
		}
	}
	m.Resolution = t.resolution(ifd0)

	var b exifBuilder
	b.bo = t.bo
	root := b.copyIFD(t, ifd0, n, true)
	if len(b.ifds[root].entries) > 0 {
		m.EXIF = b.bytes()
	}
	return m, nil
}

// resolution reads XResolution, YResolution and ResolutionUnit of an IFD.
func (t tiffData) resolution(ifd int) *Resolution {
	rat := func(tag uint16) (float64, bool) {
		e, ok := t.find(ifd, tag)
		if !ok || e.typ != typeRational || e.count != 1 {
			return 0, false
		}
		v, ok := t.value(e)
		if !ok {
			return 0, false
		}
		num, den := t.bo.Uint32(v), t.bo.Uint32(v[4:])
		if num == 0 || den == 0 {
			return 0, false
		}
		return float64(num) / float64(den), true
	}
	x, okx := rat(tagXResolution)
	y, oky := rat(tagYResolution)
	if !okx || !oky {
		return nil
	}
	unit := UnitInch // the TIFF default
	if e, ok := t.find(ifd, tagResolutionUnit); ok {
		switch v, _ := t.uint(e); v {
		case 1:
			unit = UnitNone
		case 3:
			unit = UnitCentimeter
		}
	}
	return &Resolution{x, y, unit}
}

// exifBuilder lays out a new TIFF structure from IFDs copied out of
// another one, in the same byte order so that values copy unchanged.
type exifBuilder struct {
	bo   binary.ByteOrder
	ifds []outIFD
}

type outIFD struct {
	entries []outEntry
}

type outEntry struct {
	tag, typ uint16
	count    uint32
	val      []byte // the raw value bytes; for a pointer, unused
	sub      int    // for a pointer tag, the index of the IFD it points to; else -1
}

// copyIFD copies the IFD at off, with n entries, and the sub-IFDs it
// points to, and returns its index. In IFD0 (root) the tags that describe
// the image data are skipped.
func (b *exifBuilder) copyIFD(t tiffData, off, n int, root bool) int {
	idx := len(b.ifds)
	b.ifds = append(b.ifds, outIFD{})
	var es []outEntry
	for i := range n {
		p := off + 2 + 12*i
		e := entry{p, t.bo.Uint16(t.b[p:]), t.bo.Uint16(t.b[p+2:]), t.bo.Uint32(t.b[p+4:])}
		if root && structureTag(e.tag) {
			continue
		}
		isPtr := (root && (e.tag == tagExifIFD || e.tag == tagGPSIFD)) || (!root && e.tag == tagInteropIFD && len(b.ifds) < 8)
		if isPtr {
			if sub, ok := t.subIFD(off, e.tag); ok && sub != off {
				sn, _ := t.ifd(sub)
				es = append(es, outEntry{tag: e.tag, typ: typeLong, count: 1, sub: b.copyIFD(t, sub, sn, false)})
			}
			continue
		}
		v, ok := t.value(e)
		if !ok {
			continue
		}
		es = append(es, outEntry{tag: e.tag, typ: e.typ, count: e.count, val: v, sub: -1})
	}
	b.ifds[idx].entries = es
	return idx
}

// bytes lays the IFDs out one after the other, each followed by its
// out-of-line values, and returns the structure.
func (b *exifBuilder) bytes() []byte {
	offs := make([]int, len(b.ifds))
	p := 8
	for i, d := range b.ifds {
		offs[i] = p
		p += 2 + 12*len(d.entries) + 4
		for _, e := range d.entries {
			if e.sub < 0 && len(e.val) > 4 {
				p += len(e.val) + len(e.val)%2
			}
		}
	}
	out := make([]byte, 8, p)
	if b.bo == binary.ByteOrder(binary.LittleEndian) {
		copy(out, "II*\x00")
	} else {
		copy(out, "MM\x00*")
	}
	b.bo.PutUint32(out[4:], 8)
	for i, d := range b.ifds {
		valOff := offs[i] + 2 + 12*len(d.entries) + 4
		var vals []byte
		out = b.bo.(binary.AppendByteOrder).AppendUint16(out, uint16(len(d.entries)))
		for _, e := range d.entries {
			ab := b.bo.(binary.AppendByteOrder)
			out = ab.AppendUint16(out, e.tag)
			out = ab.AppendUint16(out, e.typ)
			out = ab.AppendUint32(out, e.count)
			switch {
			case e.sub >= 0:
				out = ab.AppendUint32(out, uint32(offs[e.sub]))
			case len(e.val) <= 4:
				var v [4]byte
				copy(v[:], e.val)
				out = append(out, v[:]...)
			default:
				out = ab.AppendUint32(out, uint32(valOff+len(vals)))
				vals = append(vals, e.val...)
				if len(e.val)%2 == 1 {
					vals = append(vals, 0)
				}
			}
		}
		out = append(out, 0, 0, 0, 0) // no next IFD: the thumbnail IFD of a TIFF file is a page, not EXIF's
		out = append(out, vals...)
	}
	return out
}
