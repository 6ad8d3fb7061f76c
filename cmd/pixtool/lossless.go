package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"sync"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"
)

// jpegJob is one lossless JPEG rewrite: what the output shows is full
// applied to the stored pixels (the file's own orientation then the
// command's), cropped to crop (displayed coordinates, empty for none).
type jpegJob struct {
	full      pixbuf.Orientation
	crop      image.Rectangle
	flags     *jpegFlags
	maxPixels int
	// mem keeps the memory of each rewrite for the next file of the
	// batch; nil allocates it afresh.
	mem *losslessPool
	// strip is the metadata the output drops: with EXIF dropped, the
	// file's orientation must be applied to the coefficients.
	strip metaFilter
}

// Strategy names for the per-file record.
const (
	strategyReset = "orientation applied, tag set to 1"
	strategyKeep  = "tag kept, conjugate transform applied"
)

// jpegLossless rewrites the JPEG file r holds into w by moving its DCT
// coefficients (jpeg.TransformFile). Two tag strategies show the same
// picture: apply full to the stored pixels and set the EXIF/XMP tag to 1,
// or keep the tag e and apply the conjugate full·e⁻¹ (e, then the
// command's op, then e⁻¹ — jpeg.FileOrientation explains), which a viewer
// turns by e again. The first that is perfect for the file's dimensions
// (no partial iMCU on a mirrored edge) is used, reset first; orient and
// crops always reset. When neither is perfect: --trim trims (reset
// strategy), and otherwise the file is not done here (errNoTransform: the
// pixel path encodes it with its own tables; --perfect refuses it there).
func jpegLossless(w io.Writer, r io.Reader, jj jpegJob) (transformed, error) {
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		data, err := io.ReadAll(r)
		if err != nil {
			return transformed{}, err
		}
		rs = bytes.NewReader(data)
	}
	// The header first, read again by TransformFile with the rest: it is a
	// few kilobytes, and reading the file once, into memory kept for the
	// next file (jj.mem), leaves a batch nothing large to collect.
	limits := &jpeg.DecodeOptions{MaxPixels: maxPixels(jj.maxPixels)}
	hdr, err := jpeg.DecodeConfig(rs, limits)
	if err != nil {
		return transformed{}, err
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return transformed{}, err
	}
	if hdr.HasExtraImages() {
		// Neither path may run: the pixel path would write the primary
		// image alone and drop (or break the offsets of) the others.
		return transformed{}, fmt.Errorf("%w: pixtool transforms the primary image only and would drop the others", jpeg.ErrExtraImages)
	}
	e := jpeg.FileOrientation(hdr)
	conj := jj.full.Then(e.Inverse())
	req := &jpeg.Request{Orient: true, Orientation: e.Inverse().Then(jj.full), Crop: jj.crop,
		SnapCrop: jj.flags.snap, Decode: limits, Encode: jpeg.EncodeOptions{Coding: jj.flags.coding()}}
	strategy := strategyReset
	switch {
	case jpeg.Perfect(hdr, jj.full):
		req.Edge = jpeg.EdgePerfect
	case jj.crop.Empty() && !jj.strip.all && e != pixbuf.Identity && conj != pixbuf.Identity && jpeg.Perfect(hdr, conj):
		// conj is the identity for orient, which must apply the tag.
		req.Orient, req.Orientation, req.Edge = false, conj, jpeg.EdgePerfect
		strategy = strategyKeep
	case jj.flags.trim:
		req.Edge = jpeg.EdgeTrim
	case jj.flags.perfect:
		return transformed{}, fmt.Errorf("%v of a %dx%d JPEG cannot be lossless and exact (--perfect): %w",
			jj.full, hdr.Width, hdr.Height, jpeg.ErrImperfect)
	default:
		return transformed{}, fmt.Errorf("%w: %v of a %dx%d JPEG leaves partial edge blocks unmoved (--trim drops them)",
			errNoTransform, jj.full, hdr.Width, hdr.Height)
	}
	if jj.full == pixbuf.Identity && e == pixbuf.Identity {
		req.Orient = false // nothing to apply, no tag to touch
	}
	req.Scratch = jj.mem.get()
	defer jj.mem.put(req.Scratch)
	dst := w
	var whole bytes.Buffer
	if jj.strip.active() {
		dst = &whole // filtered before it goes out
	}
	rep, err := jpeg.TransformFile(dst, rs, req)
	if err != nil {
		if !jj.crop.Empty() && !jj.flags.snap && errors.Is(err, jpeg.ErrUnaligned) {
			return transformed{}, fmt.Errorf("%w: %w", errNoTransform, err)
		}
		return transformed{}, err
	}
	t := transformed{path: string(codec.PathLossless), changes: jpegRecordChanges(rep)}
	if jj.strip.active() {
		out, stripped, err := stripJPEG(whole.Bytes(), jj.strip)
		if err != nil {
			return transformed{}, err
		}
		if _, err := w.Write(out); err != nil {
			return transformed{}, err
		}
		t.changes = append(t.changes, stripped...)
	}
	if e != pixbuf.Identity && (jj.full != pixbuf.Identity || !jj.crop.Empty()) {
		t.changes = append(t.changes, change{Kind: codec.Changed, Item: "orientation-strategy",
			Detail: fmt.Sprintf("%s (stored pixels: %v)", strategy, rep.Applied)})
	}
	return t, nil
}

// jpegRecordChanges lists what a lossless rewrite changed beside moving
// the coefficients.
func jpegRecordChanges(rep jpeg.Report) []change {
	var cs []change
	if rep.OrientationReset {
		cs = append(cs, change{Kind: codec.Changed, Item: "orientation-tag", Detail: "set to 1"})
	}
	if rep.DimensionsPatched {
		cs = append(cs, change{Kind: codec.Changed, Item: "exif-dimensions", Detail: fmt.Sprintf("set to %dx%d", rep.Width, rep.Height)})
	}
	if rep.ThumbnailDropped {
		cs = append(cs, change{Kind: codec.Dropped, Item: "exif-thumbnail", Detail: "it showed the cropped-away area"})
	}
	if rep.Trimmed {
		cs = append(cs, change{Kind: codec.Dropped, Item: "edges", Detail: "partial edge blocks trimmed (--trim)"})
	}
	if rep.EdgesKept {
		cs = append(cs, change{Kind: codec.Changed, Item: "edges", Detail: "partial edge blocks left in place"})
	}
	return cs
}

// losslessPool keeps the memory of lossless JPEG rewrites (coefficient
// planes, the file's bytes) for the next file of a batch. It holds at most
// as many as were in use at once, one per worker. A nil pool keeps
// nothing.
type losslessPool struct {
	mu   sync.Mutex
	free []*jpeg.Scratch
}

// get returns a Scratch from the pool, or a new one.
func (p *losslessPool) get() *jpeg.Scratch {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		s := p.free[n-1]
		p.free = p.free[:n-1]
		return s
	}
	return new(jpeg.Scratch)
}

// put gives s back to the pool.
func (p *losslessPool) put(s *jpeg.Scratch) {
	if p == nil || s == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, s)
}

// extraImages refuses, on the decoded path too, a JPEG that holds extra
// images (MPF: multi-picture files, UltraHDR gain maps): decoding reads the
// primary image alone, so a conversion would drop the others without a
// word. src is rewound.
func (r *runner) extraImages(src source) error {
	if src.format.name() != codec.JPEG {
		return nil
	}
	hdr, err := jpeg.DecodeConfig(underlying(src.r), &jpeg.DecodeOptions{MaxPixels: maxPixels(r.f.maxPixels)})
	if _, serr := src.r.Seek(0, io.SeekStart); serr != nil {
		return serr
	}
	if err == nil && hdr.HasExtraImages() { // a bad header is the decoder's to report
		return fmt.Errorf("%w: %s decodes the primary image only and would drop the others", jpeg.ErrExtraImages, r.name)
	}
	return nil
}
