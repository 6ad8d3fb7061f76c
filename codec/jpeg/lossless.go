package jpeg

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"math"
	"runtime"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/codec/internal/readall"
	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// ErrExtraImages reports a file holding more images than its primary one
// (an MPF APP2 segment: multi-picture files, UltraHDR gain maps). A
// lossless transform of the primary image alone would leave the others
// untransformed and their offsets wrong, so such a file is refused. It
// wraps [codecerr.ErrUnsupported].
var ErrExtraImages error = &kindError{"file holds extra images (MPF)", codecerr.ErrUnsupported}

// Request says what [TransformFile] does to a JPEG file.
type Request struct {
	// Orientation is the transform applied to the stored image (after the
	// file's own orientation when Orient is set).
	Orientation pixbuf.Orientation
	// Orient applies the file's EXIF orientation (tag 0x0112; XMP's
	// tiff:Orientation when there is no EXIF tag) before Orientation, and
	// sets the tag to 1 in EXIF and XMP, as exiftran -a and jpegtran's
	// -auto-orient do: the pixels become what a viewer showed.
	Orient bool
	// Crop, when not empty, is the region to keep, in the coordinates of
	// the transformed image, as jpegtran's -crop. See
	// [TransformOptions].Crop and SnapCrop.
	Crop     image.Rectangle
	SnapCrop bool
	// Edge is what to do with partial iMCUs on a mirrored edge.
	Edge EdgePolicy
	// Encode chooses the output's coding; the zero value keeps the
	// input's process (a progressive file stays progressive) and restart
	// interval. Huffman tables are always optimized.
	Encode EncodeOptions
	// Decode holds the reader's limits; nil means the defaults.
	Decode *DecodeOptions
	// Scratch, when set, is memory kept from an earlier call for the
	// coefficient planes and the encoder's masks (see [Scratch]); nil
	// allocates them afresh.
	Scratch *Scratch
}

// Report says what [TransformFile] did.
type Report struct {
	// Applied is the transform applied to the stored pixels: Orientation,
	// after the file's orientation when Request.Orient was set.
	Applied pixbuf.Orientation
	// Width and Height are the output's dimensions.
	Width, Height int
	// Perfect is [Perfect] of the input and the applied orientation: no
	// edge the transform mirrors ends in a partial iMCU (jpegtran -perfect
	// accepts the file).
	Perfect bool
	// Trimmed is true when EdgeTrim dropped partial edge iMCUs.
	Trimmed bool
	// EdgesKept is true when the output holds a strip of partial edge
	// iMCUs left in place unmirrored (EdgeKeep, or EdgeTrim where a crop
	// or an image smaller than one iMCU left nothing to trim to). When it
	// is false every output pixel is exactly where the transform puts it.
	EdgesKept bool
	// Cropped is true when a crop was applied.
	Cropped bool
	// OrientationReset is true when the EXIF or XMP orientation was set to
	// 1.
	OrientationReset bool
	// DimensionsPatched is true when EXIF's pixel dimensions were set to
	// the output's size.
	DimensionsPatched bool
	// ThumbnailDropped is true when the EXIF thumbnail was unlinked
	// because a crop made it show what the image no longer has.
	ThumbnailDropped bool
}

// TransformFile reads a JPEG file from r, transforms it as req says
// without decoding pixels (see [Transform]), and writes the result to w:
// lossless, like jpegtran -copy all -optimize.
//
// Every APPn and COM segment and the bytes after EOI are carried
// verbatim, except what the transform must change: with req.Orient the
// EXIF orientation and XMP's tiff:Orientation become 1; EXIF's
// PixelXDimension and PixelYDimension (and IFD0's ImageWidth and
// ImageLength where present) become the output's size when it changed;
// the EXIF thumbnail is kept as it was (as jpegtran does), except after a
// crop, where it is unlinked so it never shows the cropped-away area. A
// file with extra images (MPF) is refused with [ErrExtraImages].
//
// Nothing is written to w unless the whole output is ready: on error w
// has received nothing. The Report says what was done.
//
// A w that lends its free space, as a [bytes.Buffer] does (Grow, then
// AvailableBuffer), has the file read into that space and the output
// written over it there, then handed back by one Write: the output is
// made where w keeps it instead of copied there. Otherwise the file's
// buffer is req.Scratch's.
func TransformFile(w io.Writer, r io.Reader, req *Request) (Report, error) {
	var s *Scratch
	if req != nil {
		s = req.Scratch
	}
	alloc := func(n int) []byte { return make([]byte, 0, n) }
	if s != nil {
		alloc = s.fileBuffer
	}
	lent := false
	if lw, ok := w.(lender); ok {
		own := alloc
		alloc = func(n int) []byte {
			lw.Grow(n)
			if b := lw.AvailableBuffer(); cap(b) >= n {
				lent = true
				return b
			}
			return own(n) // a writer that would not grow so far
		}
	}
	data, err := readInput(r, alloc)
	if err != nil {
		return Report{}, fmt.Errorf("jpeg: reading: %w", err)
	}
	// The output is written over the input: the Image read from data
	// does not alias it (see DecodeBytes), and data is not read again
	// once the coefficients are decoded. The two are about the same
	// size, so one buffer serves both.
	out, rep, err := AppendTransform(data[:0], data, req)
	if !lent {
		s.keepFile(out) // never the writer's memory: it is the writer's again after Write
	}
	if err == nil {
		_, err = w.Write(out)
	}
	runtime.KeepAlive(s) // its memory, mapped outside the heap, is out's
	return rep, err
}

// lender is a writer that lends its free space, as [bytes.Buffer] does:
// Grow makes room for n more bytes, AvailableBuffer returns that room,
// empty, for a Write that follows.
type lender interface {
	io.Writer
	Grow(n int)
	AvailableBuffer() []byte
}

// readInput reads all of r into a buffer from alloc (empty, with room
// for at least the n bytes asked) that fits the size r says it holds (a
// file's, a bytes.Reader's): read once, rather than grown by doubling and
// copied as io.ReadAll grows it. It asks for room for an output an eighth
// larger than the input, which TransformFile writes over it. A reader
// that cannot say its size is read with io.ReadAll.
func readInput(r io.Reader, alloc func(n int) []byte) ([]byte, error) {
	size := readall.Size(r)
	if size < 0 || size >= math.MaxInt32 {
		return io.ReadAll(r)
	}
	// More than the size, so that the end is seen without growing the
	// buffer when the size was right.
	return readall.Into(r, alloc(int(size+size/8+4096)))
}

// AppendTransform is [TransformFile] on bytes: it transforms the JPEG
// file src and appends the result to dst. On error dst is returned
// unchanged in length. dst may be src[:0]: src is read in full before
// the first byte is appended, and nothing kept from it aliases it.
func AppendTransform(dst, src []byte, req *Request) ([]byte, Report, error) {
	var q Request
	if req != nil {
		q = *req
	}
	var rep Report
	// The Scratch's planes are mapped outside the heap: the Scratch must
	// outlive their last use here.
	defer runtime.KeepAlive(q.Scratch)
	d := newReader(q.Decode)
	d.src.buf, d.scratch = src, q.Scratch
	if err := d.start(); err != nil {
		return dst, rep, err
	}
	if err := d.decodeAll(); err != nil {
		return dst, rep, err
	}
	m := d.img
	if m.HasExtraImages() {
		return dst, rep, fmt.Errorf("jpeg: %w, which a transform of the primary image alone would leave behind", ErrExtraImages)
	}
	o := q.Orientation & 7
	exifAt, xmpAt := findMeta(m)
	if q.Orient {
		o = fileOrientation(m, exifAt, xmpAt).Then(o)
	}
	rep.Applied = o
	topts := &TransformOptions{Edge: q.Edge, Crop: q.Crop, SnapCrop: q.SnapCrop}
	rep.Perfect = Perfect(m, o)
	rep.Trimmed, rep.EdgesKept = edges(m, o, topts)
	out, err := transformOwned(m, o, topts, q.Scratch)
	if err != nil {
		return dst, rep, err
	}
	rep.Width, rep.Height = out.Width, out.Height
	rep.Cropped = q.Crop != (image.Rectangle{})
	// Patch metadata in copies of the segments: out shares m's.
	if exifAt >= 0 {
		seg := &out.Segments[exifAt]
		data := bytes.Clone(seg.Data)
		tiff := data[len(meta.ExifPrefix):]
		changed := false
		if q.Orient {
			if v, ok := meta.ExifOrientation(tiff); ok && v != 1 {
				if !meta.SetExifOrientation(tiff, 1) {
					// Applying the orientation without resetting the tag
					// would turn the picture twice in every viewer.
					return dst, rep, fmt.Errorf("jpeg: cannot reset the EXIF orientation tag: %w", codecerr.ErrUnsupported)
				}
				rep.OrientationReset, changed = true, true
			}
		}
		if (out.Width != m.Width || out.Height != m.Height) && meta.SetExifDimensions(tiff, out.Width, out.Height) {
			rep.DimensionsPatched, changed = true, true
		}
		if rep.Cropped && meta.DropExifThumbnail(tiff) {
			rep.ThumbnailDropped, changed = true, true
		}
		if changed {
			seg.Data = data
		}
	}
	if q.Orient && xmpAt >= 0 {
		seg := &out.Segments[xmpAt]
		packet := seg.Data[len(meta.XMPPrefix):]
		if v, ok := meta.XMPOrientation(packet); ok && v != 1 {
			np := meta.SetXMPOrientation(bytes.Clone(packet), 1)
			if w, ok := meta.XMPOrientation(np); ok && w != 1 || len(meta.XMPPrefix)+len(np) > 0xFFFF-2 {
				return dst, rep, fmt.Errorf("jpeg: cannot reset the XMP orientation: %w", codecerr.ErrUnsupported)
			}
			seg.Data = append([]byte(meta.XMPPrefix), np...)
			rep.OrientationReset = true
		}
	}
	res, err := appendEncode(dst, out, &q.Encode, q.Scratch)
	if err != nil {
		return dst, rep, err
	}
	return res, rep, nil
}

// findMeta returns the indices in m.Segments of the first EXIF and the
// first main XMP segment, -1 where there is none.
func findMeta(m *Image) (exifAt, xmpAt int) {
	exifAt, xmpAt = -1, -1
	for i, s := range m.Segments {
		if s.Marker != 0xE1 {
			continue
		}
		if exifAt < 0 && bytes.HasPrefix(s.Data, []byte(meta.ExifPrefix)) {
			exifAt = i
		}
		if xmpAt < 0 && bytes.HasPrefix(s.Data, []byte(meta.XMPPrefix)) {
			xmpAt = i
		}
	}
	return exifAt, xmpAt
}

// fileOrientation is the orientation a viewer applies to m: EXIF's tag,
// else XMP's, else the identity.
func fileOrientation(m *Image, exifAt, xmpAt int) pixbuf.Orientation {
	if exifAt >= 0 {
		if v, ok := meta.ExifOrientation(m.Segments[exifAt].Data[len(meta.ExifPrefix):]); ok {
			o, _ := pixbuf.OrientationFromEXIF(v)
			return o
		}
	}
	if xmpAt >= 0 {
		if v, ok := meta.XMPOrientation(m.Segments[xmpAt].Data[len(meta.XMPPrefix):]); ok {
			o, _ := pixbuf.OrientationFromEXIF(v)
			return o
		}
	}
	return pixbuf.Identity
}

// FileOrientation returns the orientation a viewer applies to m's stored
// pixels, from its EXIF orientation tag, else XMP's tiff:Orientation, else
// the identity. With [Perfect] it lets a caller choose how to keep what a
// viewer shows while transforming: apply FileOrientation(m).Then(op) and
// set the tag to 1 (Request.Orient), or keep the tag and apply the
// conjugate e.Then(op).Then(e.Inverse()) of op by e = FileOrientation(m).
func FileOrientation(m *Image) pixbuf.Orientation {
	e, x := findMeta(m)
	return fileOrientation(m, e, x)
}

// HasExtraImages reports whether the file holds images beyond the primary
// one: an MPF APP2 segment (multi-picture files, UltraHDR gain maps), whose
// offsets a rewrite of the primary image alone would break. A header from
// DecodeConfig is enough.
func (m *Image) HasExtraImages() bool {
	for _, s := range m.Segments {
		if s.Marker == 0xE2 && bytes.HasPrefix(s.Data, []byte("MPF\x00")) {
			return true
		}
	}
	return false
}
