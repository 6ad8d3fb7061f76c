// Package gif transforms GIF files without losing anything but what the
// transform itself must change: every frame of an animation is mirrored,
// turned or cropped, and the file's block structure is copied around it.
//
// It is a leaf under package codec, which registers it; it never imports
// codec. It reads the GIF block structure itself and re-encodes only the
// image data of each frame (compress/lzw, the GIF variant: LSB first,
// literal width from the frame's own minimum code size), because
// image/gif drops comments and unknown extensions.
//
// # Kept
//
//   - every frame, in order, with its graphic control extension: delay,
//     disposal method, user-input flag, transparency flag and index;
//   - the global and every local colour table, byte for byte (indices are
//     moved, never remapped), and the background colour index;
//   - the loop count (NETSCAPE2.0) and every other application extension,
//     comment extensions and plain-text extensions, byte for byte and in
//     their place in the stream;
//   - interlaced frames stay interlaced; each frame keeps its minimum LZW
//     code size; the version (GIF87a or GIF89a) is kept unless a crop needs a
//     graphic control extension a GIF87a file cannot hold (see below);
//     with [Options.StripMetadata], comments and XMP are dropped (reported).
//
// # Metadata without transforming
//
// [Scan] counts a file's frames and reads its comments and XMP packet
// without decompressing anything, so that codec can refuse to decode an
// animation as its first frame and carry the metadata of a still image;
// [InsertMetadata] writes comments and XMP into a file image/gif encoded.
//
// # Changed
//
//   - the logical screen size (swapped by the transposes and quarter turns,
//     cut by a crop) and each frame's rectangle, mirrored or transposed
//     within the screen and clipped to the crop;
//   - a frame reaching outside the logical screen is clipped to it first
//     (reported as changed);
//   - a frame entirely outside a crop becomes a 1x1 transparent frame at the
//     top-left corner with disposal "do not dispose", keeping its delay so
//     that timing is unchanged: its graphic control extension is rewritten
//     (or inserted, which makes a GIF87a file GIF89a) — reported as changed;
//   - the LZW data is re-encoded, so the byte size changes;
//   - the pixel aspect ratio byte is kept as is, even by a transpose (which
//     would invert a non-square aspect; no known viewer honours it).
//
// # Refused
//
// Frames with a minimum code size below 2 or above 8 (ErrUnsupported:
// compress/lzw's GIF variant needs 2 to 8, and so does image/gif), frames or
// screens above the pixel limits (ErrTooLarge), crops that miss the screen
// (pixbuf.ErrBounds), and malformed or truncated files (ErrFormat). Nothing
// panics; on error the bytes already written to w are incomplete and must be
// discarded (codec writes to a temporary file).
package gif

import (
	"bufio"
	"bytes"
	"compress/lzw"
	"errors"
	"fmt"
	"image"
	"io"
	"slices"

	"github.com/pixview/pixview/codec/codecerr"
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// The kinds of [Change], spelled as codec.ChangeKind spells them.
const (
	Changed = "changed"
	Dropped = "dropped"
)

// Change says one thing a transform changed or dropped beyond the pixels it
// was asked to move; codec maps it to codec.Change.
type Change struct {
	Kind   string // Changed or Dropped
	Item   string // what: "frame", "frames", "version"
	Detail string // which and how, for people
}

// Report says what [Transform] wrote.
type Report struct {
	Frames  int      // frames written, equal to the frames read
	Changes []Change // beyond the requested transform; nil when none
}

// Options bound the work of [Transform]. A nil *Options or a zero field
// takes the default.
type Options struct {
	// MaxPixels bounds the logical screen and each frame (default 1<<28).
	MaxPixels int
	// MaxTotalPixels bounds the sum of all frames' pixels, which bounds the
	// time a file can take (default 16*MaxPixels).
	MaxTotalPixels int
	// StripMetadata drops comment extensions and XMP application
	// extensions ("XMP DataXMP"), for codec's MetadataStrip; the report
	// lists what was dropped. The loop count and other application
	// extensions stay.
	StripMetadata bool
}

const defaultMaxPixels = 1 << 28

func (o *Options) limits() (frame, total int) {
	frame, total = defaultMaxPixels, 0
	if o != nil && o.MaxPixels > 0 {
		frame = o.MaxPixels
	}
	if o != nil && o.MaxTotalPixels > 0 {
		total = o.MaxTotalPixels
	} else {
		total = 16 * frame
	}
	return frame, total
}

func errFormat(format string, a ...any) error {
	return fmt.Errorf("gif: %s: %w", fmt.Sprintf(format, a...), codecerr.ErrFormat)
}

// Transform reads a GIF file from r and writes to w the file with every
// frame under orientation o and then cut to crop, a rectangle in the
// oriented screen's coordinates (the empty rectangle means no crop; a crop
// is clipped to the screen, and one that misses it is refused with an
// error wrapping pixbuf.ErrBounds). The package doc says what is kept and
// what changes; the report lists what changed for this file.
func Transform(w io.Writer, r io.Reader, o pixbuf.Orientation, crop image.Rectangle, opts *Options) (*Report, error) {
	maxFrame, maxTotal := opts.limits()
	br := bufio.NewReader(r)
	bw := bufio.NewWriter(w)
	t := &transformer{r: br, w: bw, o: o & 7, maxFrame: maxFrame, maxTotal: maxTotal, strip: opts != nil && opts.StripMetadata}
	if err := t.run(crop); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("gif: %w", err)
	}
	return &t.rep, nil
}

type transformer struct {
	r        *bufio.Reader
	w        *bufio.Writer
	o        pixbuf.Orientation
	maxFrame int
	maxTotal int
	total    int

	sw, sh int             // stored screen size
	screen image.Rectangle // oriented screen, at the origin
	crop   image.Rectangle // in oriented coordinates, within screen

	version []byte // "87a" or "89a", as written
	gce     []byte // a pending graphic control extension (whole block), or nil
	rep     Report

	clipped, emptied []int // frame numbers, for the report

	strip              bool
	comments, xmpCount int // dropped by strip
}

func (t *transformer) read(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(t.r, b); err != nil {
		return nil, truncated(err)
	}
	return b, nil
}

func truncated(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errFormat("truncated file")
	}
	return fmt.Errorf("gif: %w", err)
}

func (t *transformer) run(crop image.Rectangle) error {
	hdr, err := t.read(13)
	if err != nil {
		return err
	}
	if string(hdr[:3]) != "GIF" || (string(hdr[3:6]) != "87a" && string(hdr[3:6]) != "89a") {
		return errFormat("not a GIF file")
	}
	t.sw, t.sh = int(le16(hdr[6:])), int(le16(hdr[8:]))
	if t.sw*t.sh > t.maxFrame {
		return fmt.Errorf("gif: screen %dx%d above the pixel limit %d: %w", t.sw, t.sh, t.maxFrame, codecerr.ErrTooLarge)
	}
	ow, oh := t.sw, t.sh
	if t.o.SwapsAxes() {
		ow, oh = oh, ow
	}
	t.screen = image.Rect(0, 0, ow, oh)
	t.crop = t.screen
	if !crop.Empty() {
		t.crop = crop.Intersect(t.screen)
		if t.crop.Empty() {
			return fmt.Errorf("gif: crop %v misses the %dx%d image: %w", crop, ow, oh, pixbuf.ErrBounds)
		}
	}
	// The header and screen descriptor are written after the stream is
	// read, in case the version must change; everything else streams
	// through a buffer.
	var body bytes.Buffer
	out := t.w
	t.w = bufio.NewWriter(&body)
	t.version = append([]byte(nil), hdr[3:6]...)
	var gct []byte
	if hdr[10]&0x80 != 0 {
		if gct, err = t.read(3 << (hdr[10]&7 + 1)); err != nil {
			return err
		}
	}
	if err := t.blocks(); err != nil {
		return err
	}
	if err := t.w.Flush(); err != nil {
		return err
	}
	hdr = append([]byte(nil), hdr...)
	copy(hdr[3:6], t.version)
	put16(hdr[6:], uint16(t.crop.Dx()))
	put16(hdr[8:], uint16(t.crop.Dy()))
	out.Write(hdr)
	out.Write(gct)
	out.Write(body.Bytes())
	t.w = out
	if t.comments > 0 {
		t.rep.Changes = append(t.rep.Changes, Change{Dropped, "comments", fmt.Sprintf("%d comment extensions", t.comments)})
	}
	if t.xmpCount > 0 {
		t.rep.Changes = append(t.rep.Changes, Change{Dropped, "xmp", fmt.Sprintf("%d XMP application extensions", t.xmpCount)})
	}
	if len(t.clipped) > 0 {
		t.rep.Changes = append(t.rep.Changes, Change{Changed, "frames", fmt.Sprintf("%s reached outside the logical screen and were clipped to it", frameList(t.clipped))})
	}
	if len(t.emptied) > 0 {
		t.rep.Changes = append(t.rep.Changes, Change{Changed, "frames", fmt.Sprintf("%s lie outside the crop and became 1x1 transparent frames (delays kept)", frameList(t.emptied))})
	}
	return nil
}

func frameList(f []int) string {
	if len(f) == 1 {
		return fmt.Sprintf("frame %d", f[0])
	}
	if len(f) > 8 {
		return fmt.Sprintf("%d frames (%v ...)", len(f), f[:8])
	}
	return fmt.Sprintf("frames %v", f)
}

// blocks copies the blocks after the global colour table up to the trailer.
func (t *transformer) blocks() error {
	for {
		c, err := t.r.ReadByte()
		if err != nil {
			return truncated(err)
		}
		switch c {
		case 0x21:
			label, err := t.r.ReadByte()
			if err != nil {
				return truncated(err)
			}
			blk, err := t.subBlocks([]byte{0x21, label})
			if err != nil {
				return err
			}
			if label == 0xF9 {
				// Held until its frame: a crop may rewrite it.
				if len(blk) != 8 || blk[2] != 4 {
					return errFormat("graphic control extension of %d bytes", len(blk))
				}
				if t.gce != nil {
					t.w.Write(t.gce) // two in a row: the first applies to nothing; keep it
				}
				t.gce = blk
				continue
			}
			if t.strip && label == 0xFE {
				t.comments++
				continue
			}
			if t.strip && label == 0xFF && len(blk) >= 14 && string(blk[3:14]) == "XMP DataXMP" {
				t.xmpCount++
				continue
			}
			t.w.Write(blk)
		case 0x2C:
			if err := t.frame(); err != nil {
				return err
			}
		case 0x3B:
			if t.gce != nil {
				t.w.Write(t.gce)
			}
			t.w.WriteByte(0x3B)
			// Bytes after the trailer are not part of the file.
			return nil
		default:
			return errFormat("unknown block 0x%02x", c)
		}
	}
}

// subBlocks reads data sub-blocks up to their terminator and returns them
// after prefix, terminator included.
func (t *transformer) subBlocks(prefix []byte) ([]byte, error) {
	b := prefix
	for {
		n, err := t.r.ReadByte()
		if err != nil {
			return nil, truncated(err)
		}
		b = append(b, n)
		if n == 0 {
			return b, nil
		}
		start := len(b)
		b = append(b, make([]byte, n)...)
		if _, err := io.ReadFull(t.r, b[start:]); err != nil {
			return nil, truncated(err)
		}
	}
}

func (t *transformer) frame() error {
	t.rep.Frames++
	n := t.rep.Frames
	d, err := t.read(9)
	if err != nil {
		return err
	}
	x, y, fw, fh := int(le16(d)), int(le16(d[2:])), int(le16(d[4:])), int(le16(d[6:]))
	var lct []byte
	if d[8]&0x80 != 0 {
		if lct, err = t.read(3 << (d[8]&7 + 1)); err != nil {
			return err
		}
	}
	interlaced := d[8]&0x40 != 0
	lit, err := t.r.ReadByte()
	if err != nil {
		return truncated(err)
	}
	if lit < 2 || lit > 8 {
		return fmt.Errorf("gif: frame %d: minimum code size %d: %w", n, lit, codecerr.ErrUnsupported)
	}
	if fw*fh > t.maxFrame {
		return fmt.Errorf("gif: frame %d of %dx%d above the pixel limit %d: %w", n, fw, fh, t.maxFrame, codecerr.ErrTooLarge)
	}
	if t.total += fw * fh; t.total > t.maxTotal {
		return fmt.Errorf("gif: frames above the total pixel limit %d: %w", t.maxTotal, codecerr.ErrTooLarge)
	}
	pix, err := t.decode(fw, fh, int(lit))
	if err != nil {
		return fmt.Errorf("gif: frame %d: %w", n, err)
	}
	if interlaced {
		pix = deinterlace(pix, fw, fh)
	}

	// The frame's rectangle, clipped to the stored screen, then oriented.
	stored := image.Rect(x, y, x+fw, y+fh)
	in := stored.Intersect(image.Rect(0, 0, t.sw, t.sh))
	if in != stored {
		t.clipped = append(t.clipped, n)
	}
	v, err := pixbuf.Wrap(pix, fh, fw, 1)
	if err != nil {
		return fmt.Errorf("gif: frame %d: %w", n, err)
	}
	var rect image.Rectangle
	if !in.Empty() {
		v = crop(v, in.Sub(stored.Min))
		rect = orientRect(in, t.sw, t.sh, t.o)
	}
	// The part inside the crop, in oriented coordinates.
	vis := rect.Intersect(t.crop)
	if vis.Empty() {
		t.emptied = append(t.emptied, n)
		return t.placeholder(d, lct, lit)
	}
	ov := pixbuf.New[uint8](rect.Dy(), rect.Dx(), 1)
	if err := ops.Orient(ov, v, t.o); err != nil {
		return fmt.Errorf("gif: frame %d: %w", n, err)
	}
	ov = crop(ov, vis.Sub(rect.Min)).Contiguous()
	out, _ := ov.Samples()
	vis = vis.Sub(t.crop.Min)
	if interlaced {
		out = interlace(out, vis.Dx(), vis.Dy())
	}
	if t.gce != nil {
		t.w.Write(t.gce)
		t.gce = nil
	}
	d = append([]byte{0x2C}, d...)
	put16(d[1:], uint16(vis.Min.X))
	put16(d[3:], uint16(vis.Min.Y))
	put16(d[5:], uint16(vis.Dx()))
	put16(d[7:], uint16(vis.Dy()))
	t.w.Write(d)
	t.w.Write(lct)
	t.w.WriteByte(lit)
	return encode(t.w, out, int(lit))
}

// placeholder writes a 1x1 transparent frame at the origin in place of a
// frame outside the crop, keeping its delay and local colour table.
func (t *transformer) placeholder(d, lct []byte, lit byte) error {
	gce := t.gce
	if gce == nil {
		gce = []byte{0x21, 0xF9, 4, 0, 0, 0, 0, 0}
		if string(t.version) == "87a" {
			t.version = []byte("89a")
			t.rep.Changes = append(t.rep.Changes, Change{Changed, "version", "GIF87a became GIF89a to hold a graphic control extension"})
		}
	} else {
		gce = append([]byte(nil), gce...)
	}
	// Disposal 1 ("do not dispose"): restoring to the background would clear
	// a pixel the original frame never touched. Transparency on, so the
	// pixel shows nothing.
	if gce[3]&1 == 0 || int(gce[6]) >= 1<<lit {
		gce[6] = 0 // no usable transparent index: make 0 the one
	}
	gce[3] = gce[3]&^0x1C | 1<<2 | 1
	t.gce = nil
	t.w.Write(gce)
	t.w.Write([]byte{0x2C, 0, 0, 0, 0, 1, 0, 1, 0, d[8] &^ 0x40})
	t.w.Write(lct)
	t.w.WriteByte(lit)
	return encode(t.w, []byte{gce[6]}, int(lit))
}

// crop returns the part r of v, which lies within v.
func crop(v pixbuf.View[uint8], r image.Rectangle) pixbuf.View[uint8] {
	return v.Crop(r)
}

// orientRect returns where rectangle r of a w x h grid lands under o,
// applying o's bits in their order: transpose, then the mirrors.
func orientRect(r image.Rectangle, w, h int, o pixbuf.Orientation) image.Rectangle {
	if o.SwapsAxes() {
		r = image.Rect(r.Min.Y, r.Min.X, r.Max.Y, r.Max.X)
		w, h = h, w
	}
	if o&pixbuf.FlipHorizontal != 0 {
		r.Min.X, r.Max.X = w-r.Max.X, w-r.Min.X
	}
	if o&pixbuf.FlipVertical != 0 {
		r.Min.Y, r.Max.Y = h-r.Max.Y, h-r.Min.Y
	}
	return r
}

// blockReader reads the bytes of a frame's data sub-blocks as one stream,
// leaving the terminator unread until drain.
type blockReader struct {
	r    *bufio.Reader
	left int // bytes left in the current sub-block
	done bool
}

func (b *blockReader) Read(p []byte) (int, error) {
	for b.left == 0 {
		if b.done {
			return 0, io.EOF
		}
		n, err := b.r.ReadByte()
		if err != nil {
			return 0, io.ErrUnexpectedEOF
		}
		if n == 0 {
			b.done = true
			return 0, io.EOF
		}
		b.left = int(n)
	}
	if len(p) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= n
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// drain skips what is left of the sub-blocks, terminator included.
func (b *blockReader) drain() error {
	var buf [256]byte
	for {
		if _, err := b.Read(buf[:]); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// decode reads a frame's LZW data: exactly w*h indices. Like image/gif it
// ignores data after them, and it refuses a frame with fewer.
func (t *transformer) decode(w, h, lit int) ([]byte, error) {
	br := &blockReader{r: t.r}
	lr := lzw.NewReader(br, lzw.LSB, lit)
	defer lr.Close()
	// The buffer grows with the data rather than trusting the frame's
	// size, so that a few bytes claiming a huge frame allocate little.
	n := w * h
	pix := make([]byte, 0, min(n, 1<<16))
	for len(pix) < n {
		if len(pix) == cap(pix) {
			pix = slices.Grow(pix, min(n, 2*cap(pix))-len(pix))
		}
		k, err := io.ReadFull(lr, pix[len(pix):min(n, cap(pix))])
		pix = pix[:len(pix)+k]
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
				return nil, errFormat("not enough image data")
			}
			return nil, errFormat("%v", err)
		}
	}
	if err := br.drain(); err != nil {
		return nil, errFormat("truncated image data")
	}
	return pix, nil
}

// blockWriter cuts a stream into data sub-blocks of up to 255 bytes.
type blockWriter struct {
	w   *bufio.Writer
	buf [256]byte
	n   int
}

func (b *blockWriter) Write(p []byte) (int, error) {
	for i := range p {
		b.n++
		b.buf[b.n] = p[i]
		if b.n == 255 {
			b.flush()
		}
	}
	return len(p), nil
}

func (b *blockWriter) flush() {
	if b.n == 0 {
		return
	}
	b.buf[0] = byte(b.n)
	b.w.Write(b.buf[:b.n+1])
	b.n = 0
}

// encode writes indices pix as LZW data sub-blocks and their terminator.
func encode(w *bufio.Writer, pix []byte, lit int) error {
	bw := &blockWriter{w: w}
	lw := lzw.NewWriter(bw, lzw.LSB, lit)
	if _, err := lw.Write(pix); err != nil {
		return fmt.Errorf("gif: %w", err)
	}
	if err := lw.Close(); err != nil {
		return fmt.Errorf("gif: %w", err)
	}
	bw.flush()
	return w.WriteByte(0)
}

// The four passes of GIF interlacing: first row and step.
var passes = [4][2]int{{0, 8}, {4, 8}, {2, 4}, {1, 2}}

// deinterlace returns the rows of interlaced pix in top-to-bottom order.
func deinterlace(pix []byte, w, h int) []byte {
	out := make([]byte, len(pix))
	i := 0
	for _, p := range passes {
		for y := p[0]; y < h; y += p[1] {
			copy(out[y*w:(y+1)*w], pix[i*w:(i+1)*w])
			i++
		}
	}
	return out
}

// interlace is the inverse of deinterlace.
func interlace(pix []byte, w, h int) []byte {
	out := make([]byte, len(pix))
	i := 0
	for _, p := range passes {
		for y := p[0]; y < h; y += p[1] {
			copy(out[i*w:(i+1)*w], pix[y*w:(y+1)*w])
			i++
		}
	}
	return out
}

func le16(b []byte) uint16     { return uint16(b[0]) | uint16(b[1])<<8 }
func put16(b []byte, v uint16) { b[0], b[1] = byte(v), byte(v>>8) }
