package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// buffers are the pixel buffer pools of a batch, one per sample type.
type buffers struct {
	u8  *bufPool[uint8]
	u16 *bufPool[uint16]
}

// newBuffers returns pools that keep up to n free buffers and maxBytes
// bytes between them.
func newBuffers(n int, maxBytes int64) buffers {
	return buffers{u8: newBufPool[uint8](n, maxBytes/2), u16: newBufPool[uint16](n, maxBytes/2)}
}

// route is the one path a file takes, chosen once from what its format can
// do and what the command asks.
type route int

const (
	// routeRaster moves the raster bytes of a binary Netpbm file into a
	// pooled buffer and writes them as a new file of the same maxval,
	// in place too: beside the file, committed by rename (see inplace.go).
	routeRaster route = iota
	// routeTransform has the format transform the file without decoding
	// it (JPEG's coefficients): orientations and crops into the same
	// format.
	routeTransform
	// routeCopy writes the file's bytes unchanged: orient on an upright
	// file, into another place.
	routeCopy
	// routeNone leaves the file as it is: orient on an upright file, in
	// place.
	routeNone
	// routeDecode decodes, moves the pixels with ops and encodes.
	routeDecode
)

// source is one input as process sees it: open, its format known from
// its content, and, when a route needs it, its header.
type source struct {
	r      fileReader
	format format
	// stored is the orientation the file asks for (EXIF), and size its
	// dimensions as displayed; both only when hdr is set.
	hdr      bool
	stored   pixbuf.Orientation
	size     image.Point
	channels int
}

// process transforms one file and returns its record.
func (r *runner) process(ctx context.Context, j job) (rec record) {
	rec = record{Type: "file", Input: j.in.path, Output: j.dest, Status: statusDone}
	defer func() {
		// A panic on one file must not take down the batch, nor print a
		// Go trace: it becomes that file's error.
		if p := recover(); p != nil {
			rec = rec.fail(fmt.Errorf("internal error: %v", p))
		}
	}()
	in, err := r.openInput(ctx, j)
	if err != nil {
		return rec.fail(err)
	}
	defer in.Close()
	rec.BytesIn = in.Info().Size()
	f, err := r.fmts.identify(in)
	if err != nil {
		return rec.fail(err)
	}
	src := source{r: in, format: f}
	rec.FormatIn = f.name()
	out := j.format
	if j.replace {
		out = r.inPlaceFormat(f, j.in.path)
	}
	if !j.replace && r.f.to == "" && !f.sameFamily(out) {
		// A file whose name says another format than its content (or
		// WebP, which pixtool only reads) is written as its name says.
		rec.Changes = append(rec.Changes, change{Kind: codec.Changed, Item: "format", Detail: fmt.Sprintf("%s content written as %s", f.name(), out.name())})
	}
	rt, t, err := r.route(j, &src, out)
	if err != nil {
		return rec.fail(err)
	}
	release, err := r.reserve(ctx, &src, rt, t, out)
	if errors.Is(err, errNotStarted) {
		return rec.skip()
	}
	if err != nil {
		return rec.fail(err)
	}
	defer release()
	switch rt {
	case routeRaster:
		err = r.processRaster(ctx, j, src, t, out, &rec)
	case routeTransform:
		err = r.processTransform(ctx, j, src, t, &rec)
		if errors.Is(err, errNoTransform) {
			if _, err = in.Seek(0, io.SeekStart); err == nil {
				err = r.processDecoded(ctx, j, src, out, &rec)
			}
		}
	case routeCopy:
		rec.FormatOut, rec.Path = f.name(), pathCopied
		err = r.commit(ctx, j, src, &rec, func(w io.Writer) error {
			_, err := io.Copy(w, in)
			return err
		})
	case routeNone:
		rec.Output, rec.FormatOut, rec.Path, rec.Status = "", f.name(), pathNone, statusUnchanged
	case routeDecode:
		err = r.processDecoded(ctx, j, src, out, &rec)
	}
	if err != nil {
		return rec.fail(err)
	}
	return rec
}

// inPlaceFormat returns the format a file replaced in place is written
// in: the one its content has, whatever its name says (a JPEG named x.png
// stays JPEG). The name only picks a variant within that format's family,
// so a PAM stays P7 and a PGM P5.
func (r *runner) inPlaceFormat(content format, path string) format {
	if byName, err := r.fmts.byPath(path); err == nil && byName.sameFamily(content) && byName.canWrite() {
		return byName
	}
	return content
}

// route chooses the one path of a file from its format's capabilities and
// the command, and returns the transform resolved for that path: the
// orient command's orientation is the file's own. The header is read
// (src.hdr) for the paths that do not decode.
//
// Without decoding, a file's stored pixels are transformed, so its own
// orientation comes first and its tag is reset: the result is what a
// viewer showed, transformed, as decoding gives it too. Netpbm files are
// moved as raster bytes by pixtool itself, read into pooled buffers (the
// format's own transform allocates its output for each file); formats with a transform without decoding use it for
// orientations and crops; everything else decodes.
func (r *runner) route(j job, src *source, out format) (route, transform, error) {
	t := r.t
	decodeT := t.resolved(pixbuf.Identity) // decoding applies the file's orientation
	sameFormat := r.f.to == "" && src.format.sameFamily(out)
	// JPEG to JPEG (convert --to jpeg, say to change the coding) moves
	// coefficients too.
	sameFormat = sameFormat || src.format.name() == codec.JPEG && out.name() == codec.JPEG
	raster := src.format.mappable() && r.local(j.in.path)
	lossless := !t.extract() && !t.swap() && src.format.canTransform()
	if !sameFormat || !(raster || lossless || t.exif) {
		return routeDecode, decodeT, nil
	}
	if loss := &r.f.loss; loss.dropAlpha || loss.gray {
		// Dropping alpha or colour changes the pixels: a file that has
		// what the flags drop is decoded.
		if err := r.readHeader(src); err != nil {
			return 0, t, err
		}
		if loss.channels(src.channels == 2 || src.channels == 4, src.channels >= 3) {
			return routeDecode, decodeT, nil
		}
	}
	// A file that maps is a raster and nothing else: no orientation to
	// read (mappable says so), and the map reads the header itself.
	if !raster && !src.hdr {
		if err := r.readHeader(src); err != nil {
			return 0, t, err
		}
	}
	rt := t
	rt.orient, rt.exif = src.stored.Then(t.orient), false
	// Stripping metadata rewrites a file even when its pixels stay.
	keepAll := !r.f.loss.metadata().active()
	switch {
	case t.exif && rt.orient == pixbuf.Identity && j.replace && keepAll:
		return routeNone, rt, nil
	case t.exif && rt.orient == pixbuf.Identity && keepAll:
		return routeCopy, rt, nil
	case raster:
		return routeRaster, rt, nil
	case lossless:
		return routeTransform, rt, nil
	}
	return routeDecode, decodeT, nil
}

// readHeader reads the header of src for its orientation and size, and
// rewinds it.
func (r *runner) readHeader(src *source) error {
	c, err := r.fmts.config(src.r)
	if err != nil {
		return err
	}
	if _, err := src.r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	src.hdr = true
	src.stored, _ = pixbuf.OrientationFromEXIF(c.Orientation)
	src.size = image.Pt(c.Width, c.Height)
	src.channels = c.Channels
	return nil
}

// commit writes the output of j with write through the store: a
// replacement in place requires the input unchanged since it was opened,
// a new file requires --force to overwrite one.
func (r *runner) commit(ctx context.Context, j job, src source, rec *record, write func(io.Writer) error) error {
	o := createOptions{Overwrite: r.f.force, PreserveTimes: r.f.preserveTimes, Root: r.outRoot()}
	var links uint64 = 1
	if j.replace {
		id := src.r.Info().ID
		o.Unchanged = &id
		if r.local(j.in.path) {
			links = linkCount(j.in.path)
		}
	}
	if out := r.fmts.lookup(rec.FormatOut); out.ok() {
		o.MediaType = out.mediaType()
		// A family's generic name (pnm, as content sniffing names it)
		// gives way to the member the output was planned as (ppm).
		if j.format.sameFamily(out) && j.format.mediaType() != "" {
			o.MediaType = j.format.mediaType()
		}
	}
	// Once the content is written the file waits on the store (a flush,
	// an upload): another file may take the CPU meanwhile.
	wrote := func(w io.Writer) error {
		defer j.cpu.release()
		return write(w)
	}
	var c committed
	var err error
	if lf, ok := src.r.(lockedFile); ok && j.replace {
		c, err = replaceLocked(lf, o, r.spares, wrote)
	} else {
		c, err = r.st.Create(ctx, j.dest, o, wrote)
	}
	if err != nil {
		return err
	}
	rec.BytesOut = c.Size
	if links > 1 {
		// Replacing breaks hard links, one policy for every format: this
		// name gets the new file, the others keep the old content.
		rec.Changes = append(rec.Changes, change{Kind: "dropped", Item: "hard link", Detail: fmt.Sprintf("the file had %d names; the others keep the old content", links)})
	}
	for _, w := range c.Warnings {
		rec.Changes = append(rec.Changes, change{Kind: "dropped", Item: "attribute", Detail: w.Error()})
	}
	return nil
}

// processRaster transforms the raster bytes of a binary Netpbm file into a
// pooled buffer and writes them as a new Netpbm file of the same maxval:
// 16-bit samples stay big-endian byte pairs, moved whole. A file whose
// raster is not bytes (a plain, ASCII one) or that holds more than one
// image goes to unmapped.
func (r *runner) processRaster(ctx context.Context, j job, src source, t transform, out format, rec *record) error {
	m, err := readRasterHeader(src.r)
	if errors.Is(err, codec.ErrUnsupported) {
		return r.unmapped(ctx, j, src, t, out, false, rec)
	}
	if err != nil {
		return err
	}
	if !m.single(src.r.Info().Size()) {
		return r.unmapped(ctx, j, src, t, out, true, rec)
	}
	h, w, c := m.shape()
	if limit := maxPixels(r.f.maxPixels); h*w > limit {
		// The raster is read into a buffer as large as the image: the
		// decoder's limit applies.
		return tagged(pixbuf.ErrTooLarge, "%dx%d image exceeds the limit of %d pixels", w, h, limit)
	}
	if ra, ok := src.r.(io.ReaderAt); ok && t.streams() {
		return r.streamRaster(ctx, j, src, ra, t, m, out, rec)
	}
	l := lease[uint8]{pool: r.bufs.u8}
	defer l.release()
	// The raster is read into the pooled buffer with read(2), from the
	// file opened (and, in place, locked): no memory map, whose page
	// faults cost more than the read on tmpfs and which a file truncated
	// meanwhile would turn into a SIGBUS.
	dst, err := pixbuf.Wrap(l.get(h*w*c), h, w, c)
	if err != nil {
		return err
	}
	if err := readRaster(src.r, dst); err != nil {
		return err
	}
	res, err := apply(t, dst, m.bytesPerSample(), r.workers, l.get)
	if err != nil {
		return err
	}
	rec.FormatOut, rec.Path = out.name(), pathRaster
	return r.commit(ctx, j, src, rec, func(w io.Writer) error { return m.writeLike(w, res) })
}

// unmapped processes a file the raster routes cannot take whole: a plain
// (ASCII) one, or, with more, one that holds more than the image the map
// sees (several images). The format's transform moves every image;
// decoding keeps the first only, so a file with more that needs decoding
// is refused rather than cut short.
func (r *runner) unmapped(ctx context.Context, j job, src source, t transform, out format, more bool, rec *record) error {
	if _, err := src.r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if !t.extract() && !t.swap() && src.format.canTransform() {
		err := r.processTransform(ctx, j, src, t, rec)
		if !errors.Is(err, errNoTransform) {
			return err
		}
		if _, err := src.r.Seek(0, io.SeekStart); err != nil {
			return err
		}
	}
	if more {
		return tagged(codec.ErrUnsupported, "the file holds more than its first image, and %s would keep the first only; flips, turns and crops take every image", r.name)
	}
	return r.processDecoded(ctx, j, src, out, rec)
}

// processTransform has the file's format transform it without decoding:
// the orientation, then the crop, which must lie inside the image. A
// format that cannot do it exactly gives errNoTransform, and the caller
// decodes instead.
func (r *runner) processTransform(ctx context.Context, j job, src source, t transform, rec *record) error {
	var crop image.Rectangle
	if t.crop {
		w, h := src.size.X, src.size.Y
		if r.t.orient.SwapsAxes() {
			w, h = h, w
		}
		if err := t.checkCrop(w, h); err != nil {
			return err
		}
		crop = t.rect
	}
	var res transformed
	rec.FormatOut = src.format.name()
	err := r.commit(ctx, j, src, rec, func(w io.Writer) error {
		var err error
		res, err = r.fmts.transformFile(w, src.r, src.format, t.orient, crop, r.f.maxPixels, r.workers)
		return err
	})
	if err != nil {
		return err
	}
	rec.Path = res.path
	rec.Changes = append(res.changes, rec.Changes...)
	return nil
}

// processDecoded decodes a file, transforms the decoded pixels and encodes
// them in format out. 16-bit images stay 16-bit when the output format
// holds 16 bits.
func (r *runner) processDecoded(ctx context.Context, j job, src source, out format, rec *record) error {
	if err := r.animatedGIF(src); err != nil {
		return err
	}
	if err := r.extraImages(src); err != nil {
		return err
	}
	if ok, err := r.streamDecoded(ctx, j, src, out, rec); ok || err != nil {
		return err // a JPEG to Netpbm conversion, written band by band (banddecode.go)
	}
	if ok, err := r.streamEncoded(ctx, j, src, out, rec); ok || err != nil {
		return err // a PPM or PGM to JPEG conversion, read band by band (bandencode.go)
	}
	img, err := r.fmts.decode(src.r, r.f.maxPixels, r.workers)
	if err != nil {
		return err
	}
	t := r.t.resolved(pixbuf.Identity) // decoding applied the file's orientation
	rec.Path = pathDecoded
	if img.depth == 16 {
		l := lease[uint16]{pool: r.bufs.u16}
		defer l.release()
		v, err := transformOwned(r, t, img.v16, &l)
		if err != nil {
			return err
		}
		return encodeRecorded(r, ctx, j, src, v, 16, out, rec, img.source, img.metadata, &l)
	}
	l := lease[uint8]{pool: r.bufs.u8}
	defer l.release()
	v, err := transformOwned(r, t, img.v8, &l)
	if err != nil {
		return err
	}
	return encodeRecorded(r, ctx, j, src, v, 8, out, rec, img.source, img.metadata, &l)
}

// encodeRecorded encodes v in the format that writes it for a request of
// out, commits it and notes in rec what the encoder changed. The channels
// are fitted to what out holds first: what it cannot hold is refused
// unless a flag allows the loss (channels.go). The metadata goes through
// the batch's filter (--strip, --strip-icc). l provides the buffers of a
// channel conversion.
func encodeRecorded[T uint8 | uint16](r *runner, ctx context.Context, j job, src source, v pixbuf.View[T], depth int, out format, rec *record, coded *codec.Source, md *meta.Metadata, l *lease[T]) error {
	if r.f.to == "" && src.format.sameFamily(out) {
		// The file's own format, by the name of one of its family's
		// variants (a P7 RGBA image named x.ppm): the family writes what
		// the content held.
		out = r.fmts.keeping(out, depth, v.Channels())
	}
	c0 := v.Channels()
	v, fitted, err := fitChannels(v, out, &r.f.loss, l.get)
	if err != nil {
		return err
	}
	rec.Changes = append(rec.Changes, fitted...)
	md, stripped := r.f.loss.metadata().filter(md)
	rec.Changes = append(rec.Changes, stripped...)
	if c0 >= 3 && v.Channels() <= 2 {
		md, stripped = profileForGray(md)
		rec.Changes = append(rec.Changes, stripped...)
	}
	c := v.Channels()
	wf := r.fmts.writerFor(out, depth, c)
	if !wf.ok() {
		if !out.canWrite() {
			return fmt.Errorf("pixtool cannot write %s files; use --to", out.name())
		}
		return fmt.Errorf("%s cannot hold %d-bit images of %d channels; use --to", out.name(), depth, c)
	}
	rec.FormatOut = wf.name()
	rec.Changes = append(rec.Changes, wf.conversions(depth, c)...)
	base := len(rec.Changes)
	return r.commit(ctx, j, src, rec, func(w io.Writer) error {
		// What the encoder could not keep (metadata a format cannot hold)
		// joins the record; a retried write starts from the same list.
		rec.Changes = rec.Changes[:base]
		return encodeFrom(r.fmts, w, v, wf, r.f.quality, r.workers, coded, md, &rec.Changes)
	})
}

// transformOwned applies t to a decoded image. A decoded image that comes
// back read-only is first copied into a pooled buffer when t writes to it
// in place.
func transformOwned[T uint8 | uint16](r *runner, t transform, v pixbuf.View[T], l *lease[T]) (pixbuf.View[T], error) {
	if v.ReadOnly() && t.writesSource() {
		h, w, c := v.Shape()
		dst, err := pixbuf.Wrap(l.get(h*w*c), h, w, c)
		if err != nil {
			return v, err
		}
		if err := dst.CopyFrom(v); err != nil {
			return v, err
		}
		v = dst
	}
	return apply(t, v, 1, r.workers, l.get)
}
