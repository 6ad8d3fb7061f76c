package tiff

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/pixview/pixview/codec/codecerr"
)

// Tags this package reads or writes.
const (
	tagNewSubfileType   = 254
	tagWidth            = 256
	tagHeight           = 257
	tagBitsPerSample    = 258
	tagCompression      = 259
	tagPhotometric      = 262
	tagMake             = 271
	tagStripOffsets     = 273
	tagOrientation      = 274
	tagSamplesPerPixel  = 277
	tagRowsPerStrip     = 278
	tagStripByteCounts  = 279
	tagXResolution      = 282
	tagYResolution      = 283
	tagPlanarConfig     = 284
	tagResolutionUnit   = 296
	tagPredictor        = 317
	tagColorMap         = 320
	tagTileWidth        = 322
	tagSubIFDs          = 330
	tagExtraSamples     = 338
	tagSampleFormat     = 339
	tagXMP              = 700
	tagIPTC             = 33723
	tagExifIFD          = 34665
	tagICC              = 34675
	tagGPSIFD           = 34853
	tagInteropIFD       = 40965
	tagDNGVersion       = 50706
	tagJPEGInterchange  = 513
	photometricCFA      = 32803
	photometricLinear   = 34892
	maxPages            = 4096
	maxValuesPerTagRead = 64
)

// Info is what [Inspect] found in a TIFF file: enough to tell the writer
// what to keep, codec whether to transform every page or refuse, and
// whether the file is a camera RAW file.
type Info struct {
	BigEndian bool       // "MM" byte order
	Pages     []PageInfo // the main IFD chain, in order; SubIFDs are not pages
	// RAW names the RAW family the file looks like ("DNG", "CR2", or
	// "RAW (CFA data in a sub-image)", "RAW (vendor compression N)", ...),
	// or is "" for an ordinary TIFF. See [Inspect] for the heuristic.
	RAW string
}

// PageInfo describes one image of the main IFD chain. Numeric fields hold
// the tag values, with TIFF's defaults when the tag is absent.
type PageInfo struct {
	Width, Height   int
	Compression     int   // 1 none, 5 LZW, 7 JPEG, 8/32946 Deflate, 32773 PackBits...
	Predictor       int   // 1 none, 2 horizontal, 3 floating point
	Photometric     int   // 0 min-is-white, 1 min-is-black, 2 RGB, 3 palette, 5 CMYK, 6 YCbCr...; -1 absent
	PlanarConfig    int   // 1 chunky, 2 planar
	SamplesPerPixel int   // default 1
	BitsPerSample   []int // one per sample (a single value repeated when the file gives one)
	SampleFormat    int   // 1 unsigned, 2 signed, 3 float
	ExtraSamples    []int // 0 unspecified, 1 associated alpha, 2 unassociated alpha
	NewSubfileType  int   // bit 0: reduced-resolution image; bit 1: page of a multi-page image
	Orientation     int   // 0 when absent
	Tiled           bool
	HasColorMap     bool
	HasEXIF, HasGPS bool
	HasICC, HasXMP  bool
	HasIPTC         bool
	SubIFDs         int // number of SubIFD pointers (tag 330)
}

type ifdEntry struct {
	tag, typ uint16
	count    uint32
	val      [4]byte // the value, or its offset when larger than 4 bytes
}

var typeSize = [...]int{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

func sizeOfType(t uint16) int {
	if int(t) < len(typeSize) {
		return typeSize[t]
	}
	return 0
}

type reader struct {
	r    io.ReaderAt
	size int64
	bo   binary.ByteOrder
	// entries left to read: IFDs may overlap, so the file's size alone
	// does not bound the work of a hostile chain.
	budget int
}

// maxEntries bounds the IFD entries Inspect reads in all (12 MiB of IFDs).
const maxEntries = 1 << 20

func errFormat(format string, a ...any) error {
	return fmt.Errorf("tiff: %s: %w", fmt.Sprintf(format, a...), codecerr.ErrFormat)
}

// at reads n bytes at off, refusing ranges outside the file before
// allocating (the file's size bounds what a header can claim).
func (r *reader) at(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || off > r.size || int64(n) > r.size-off {
		return nil, errFormat("offset %d length %d outside the %d-byte file", off, n, r.size)
	}
	b := make([]byte, n)
	if _, err := r.r.ReadAt(b, off); err != nil && !(err == io.EOF && len(b) == n) {
		return nil, fmt.Errorf("tiff: %w", err)
	}
	return b, nil
}

// ifd reads the IFD at off and returns its entries and the next IFD's offset.
func (r *reader) ifd(off int64) ([]ifdEntry, int64, error) {
	b, err := r.at(off, 2)
	if err != nil {
		return nil, 0, err
	}
	n := int(r.bo.Uint16(b))
	if r.budget -= n; r.budget < 0 {
		return nil, 0, fmt.Errorf("tiff: more than %d IFD entries: %w", maxEntries, codecerr.ErrTooLarge)
	}
	b, err = r.at(off+2, n*12+4)
	if err != nil {
		return nil, 0, err
	}
	es := make([]ifdEntry, n)
	for i := range es {
		e := b[i*12:]
		es[i] = ifdEntry{tag: r.bo.Uint16(e), typ: r.bo.Uint16(e[2:]), count: r.bo.Uint32(e[4:])}
		copy(es[i].val[:], e[8:12])
	}
	return es, int64(r.bo.Uint32(b[n*12:])), nil
}

// ints returns up to maxValuesPerTagRead integer values of e.
func (r *reader) ints(e ifdEntry) ([]int, error) {
	sz := sizeOfType(e.typ)
	if sz == 0 || (e.typ != 1 && e.typ != 3 && e.typ != 4 && e.typ != 13) {
		return nil, errFormat("tag %d has type %d, not an integer", e.tag, e.typ)
	}
	n := int(min(e.count, maxValuesPerTagRead))
	data := e.val[:]
	if int64(e.count)*int64(sz) > 4 {
		var err error
		if data, err = r.at(int64(r.bo.Uint32(e.val[:])), n*sz); err != nil {
			return nil, err
		}
	}
	out := make([]int, n)
	for i := range out {
		switch sz {
		case 1:
			out[i] = int(data[i])
		case 2:
			out[i] = int(r.bo.Uint16(data[2*i:]))
		default:
			out[i] = int(r.bo.Uint32(data[4*i:]))
		}
	}
	return out, nil
}

func (r *reader) first(e ifdEntry) (int, error) {
	v, err := r.ints(e)
	if err != nil {
		return 0, err
	}
	if len(v) == 0 {
		return 0, errFormat("tag %d has no value", e.tag)
	}
	return v[0], nil
}

// Inspect reads the structure of the TIFF file r of the given size: byte
// order, every page of the main IFD chain with its compression,
// predictor, photometric interpretation, samples, bits, extra samples,
// planar configuration and extra tags, and whether it is a camera RAW
// file. It reads only IFDs and small tag values, never image data.
//
// # RAW heuristic
//
// A file is RAW when any of these holds: IFD0 has DNGVersion (tag 50706:
// DNG); the bytes at offset 8 are "CR" (Canon CR2); an IFD of the main
// chain or one of its SubIFDs (tag 330, one level) has a CFA (32803) or
// LinearRaw (34892) photometric interpretation, which is sensor data
// (NEF, ARW, PEF, SRW and DNG); or such an IFD uses a compression code of
// the vendor range 32767..65535 other than the ones ordinary TIFF writers
// use (32773 PackBits, 32946 old Deflate, 34925 LZMA, 50000 ZSTD, 50001
// WebP) — Nikon 34713, Sony 32767, Pentax 65535, Kodak 65000 ... — when
// IFD0 also carries a Make tag. Formats that are not TIFF by magic number
// (ORF "IIRO", RW2 "IIU", RAF, CR3) are not TIFF to this package at all.
//
// Malformed files give errors wrapping codecerr.ErrFormat, loops in the
// IFD chain included; more than 4096 pages or 2^20 IFD entries in all give
// codecerr.ErrTooLarge.
func Inspect(r io.ReaderAt, size int64) (*Info, error) {
	rd := &reader{r: r, size: size, budget: maxEntries}
	hdr, err := rd.at(0, 10)
	if err != nil {
		if hdr, err = rd.at(0, 8); err != nil {
			return nil, errFormat("not a TIFF file")
		}
	}
	info := &Info{}
	switch string(hdr[:4]) {
	case "II*\x00":
		rd.bo = binary.LittleEndian
	case "MM\x00*":
		rd.bo = binary.BigEndian
		info.BigEndian = true
	default:
		return nil, errFormat("not a TIFF file")
	}
	if len(hdr) >= 10 && string(hdr[8:10]) == "CR" {
		info.RAW = "CR2"
	}
	seen := map[int64]bool{}
	hasMake := false
	vendor := 0
	for off := int64(rd.bo.Uint32(hdr[4:])); off != 0; {
		if seen[off] {
			return nil, errFormat("IFD chain loops at offset %d", off)
		}
		seen[off] = true
		if len(info.Pages) == maxPages {
			return nil, fmt.Errorf("tiff: more than %d pages: %w", maxPages, codecerr.ErrTooLarge)
		}
		es, next, err := rd.ifd(off)
		if err != nil {
			return nil, err
		}
		p, subs, err := rd.page(es)
		if err != nil {
			return nil, fmt.Errorf("tiff: page %d: %w", len(info.Pages)+1, err)
		}
		if len(info.Pages) == 0 {
			for _, e := range es {
				switch e.tag {
				case tagDNGVersion:
					info.RAW = "DNG"
				case tagMake:
					hasMake = true
				}
			}
		}
		check := func(q PageInfo) {
			if q.Photometric == photometricCFA || q.Photometric == photometricLinear {
				if info.RAW == "" {
					info.RAW = "RAW (sensor data in an IFD)"
				}
			}
			if vendorCompression(q.Compression) && vendor == 0 {
				vendor = q.Compression
			}
		}
		check(p)
		for _, s := range subs {
			if seen[s] {
				continue
			}
			seen[s] = true
			ses, _, err := rd.ifd(s)
			if err != nil {
				return nil, err
			}
			q, _, err := rd.page(ses)
			if err != nil {
				return nil, err
			}
			check(q)
		}
		info.Pages = append(info.Pages, p)
		off = next
	}
	if info.RAW == "" && vendor != 0 && hasMake {
		info.RAW = fmt.Sprintf("RAW (vendor compression %d)", vendor)
	}
	if len(info.Pages) == 0 {
		return nil, errFormat("no image")
	}
	return info, nil
}

func vendorCompression(c int) bool {
	switch c {
	case 32773, 32946, 34925, 50000, 50001, 34887, 34712, 33003, 33005, 34892:
		return false
	}
	return c >= 32767
}

// page reads the fields of one IFD and the offsets of its SubIFDs.
func (r *reader) page(es []ifdEntry) (PageInfo, []int64, error) {
	p := PageInfo{Compression: 1, Predictor: 1, Photometric: -1, PlanarConfig: 1, SamplesPerPixel: 1, SampleFormat: 1}
	var subs []int64
	var bits []int
	for _, e := range es {
		var err error
		switch e.tag {
		case tagWidth:
			p.Width, err = r.first(e)
		case tagHeight:
			p.Height, err = r.first(e)
		case tagCompression:
			p.Compression, err = r.first(e)
		case tagPredictor:
			p.Predictor, err = r.first(e)
		case tagPhotometric:
			p.Photometric, err = r.first(e)
		case tagPlanarConfig:
			p.PlanarConfig, err = r.first(e)
		case tagSamplesPerPixel:
			p.SamplesPerPixel, err = r.first(e)
		case tagBitsPerSample:
			bits, err = r.ints(e)
		case tagSampleFormat:
			p.SampleFormat, err = r.first(e)
		case tagExtraSamples:
			p.ExtraSamples, err = r.ints(e)
		case tagNewSubfileType:
			p.NewSubfileType, err = r.first(e)
		case tagOrientation:
			p.Orientation, err = r.first(e)
		case tagTileWidth:
			p.Tiled = true
		case tagColorMap:
			p.HasColorMap = true
		case tagExifIFD:
			p.HasEXIF = true
		case tagGPSIFD:
			p.HasGPS = true
		case tagICC:
			p.HasICC = true
		case tagXMP:
			p.HasXMP = true
		case tagIPTC:
			p.HasIPTC = true
		case tagSubIFDs:
			var v []int
			if v, err = r.ints(e); err == nil {
				p.SubIFDs = int(e.count)
				for _, o := range v {
					subs = append(subs, int64(o))
				}
			}
		}
		if err != nil {
			return p, nil, err
		}
	}
	if p.SamplesPerPixel < 1 || p.SamplesPerPixel > maxValuesPerTagRead {
		return p, nil, errFormat("%d samples per pixel", p.SamplesPerPixel)
	}
	if len(bits) == 0 {
		bits = []int{1}
	}
	p.BitsPerSample = make([]int, p.SamplesPerPixel)
	for i := range p.BitsPerSample {
		p.BitsPerSample[i] = bits[min(i, len(bits)-1)]
	}
	return p, subs, nil
}
