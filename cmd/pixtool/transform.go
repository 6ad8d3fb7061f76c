package main

import (
	"errors"
	"fmt"
	"image"
	"strconv"
	"strings"

	"github.com/pixview/pixview/pixbuf"
)

// transform is the pixel work of one command, the same for every file of a
// batch and every frame of a stream. Its geometric part is one of the eight
// orientations of pixbuf.Orientation (Identity for convert, crop and
// channel); crop, extract and swap are what else a command may do, at most
// one of them.
type transform struct {
	// orient is the orientation every file is put through.
	orient pixbuf.Orientation
	// exif, set by the orient command, puts each file through its own
	// EXIF orientation instead of orient, so that its pixels are stored as
	// they are displayed.
	exif bool
	// crop, when set, keeps rect.
	crop bool
	rect image.Rectangle
	// channel, when set, is the one channel kept: r, g, b, a or a number.
	channel string
	// from and to, when set, are the channel orders of a swap: "rgb" and
	// "bgr".
	from, to string
}

// extract reports whether t keeps one channel.
func (t transform) extract() bool { return t.channel != "" }

// swap reports whether t reorders channels.
func (t transform) swap() bool { return t.from != "" }

// resolved returns t for one file whose stored pixels ask for orientation
// stored (EXIF), as they are given to apply: the orient command turns into
// that orientation, every other command stays as it is.
func (t transform) resolved(stored pixbuf.Orientation) transform {
	if t.exif {
		t.orient, t.exif = stored, false
	}
	return t
}

// channelIndex resolves the channel that --extract names in an image with c
// channels: r, g and b need colour, a needs an alpha channel (the last of two
// or four), a number must be below c.
func channelIndex(name string, c int) (int, error) {
	switch name {
	case "r", "g", "b":
		if c < 3 {
			return 0, tagged(pixbuf.ErrShape, "channel %q needs a colour image, this one has %d channel(s)", name, c)
		}
		return strings.Index("rgb", name), nil
	case "a":
		if c != 2 && c != 4 {
			return 0, tagged(pixbuf.ErrShape, "channel \"a\" needs an alpha channel, this image has %d channel(s) and none", c)
		}
		return c - 1, nil
	}
	i, err := strconv.Atoi(name)
	if err != nil || i < 0 {
		return 0, fmt.Errorf("channel %q: want r, g, b, a or a channel number", name)
	}
	if i >= c {
		return 0, tagged(pixbuf.ErrShape, "channel %d out of range, this image has %d channel(s)", i, c)
	}
	return i, nil
}

// parseChannelName checks an --extract argument before any file is read.
func parseChannelName(name string) error {
	if name == "a" {
		return nil
	}
	_, err := channelIndex(name, 1<<30)
	return err
}

// parseSwap parses an --swap spec "FROM:TO" such as "rgb:bgr": two orders
// of the same distinct letters out of r, g, b, a.
func parseSwap(spec string) (from, to string, err error) {
	from, to, ok := strings.Cut(strings.ToLower(spec), ":")
	bad := fmt.Errorf("invalid --swap %q: want two orders of the same channels, such as rgb:bgr or rgba:bgra", spec)
	if !ok || len(from) == 0 || len(from) != len(to) || len(from) > 4 {
		return "", "", bad
	}
	for i := range len(from) {
		if !strings.ContainsRune("rgba", rune(from[i])) || strings.Count(from, from[i:i+1]) != 1 ||
			strings.Count(to, from[i:i+1]) != 1 {
			return "", "", bad
		}
	}
	return from, to, nil
}

// permutation returns, for an image with c channels, the channel order
// that turns t.from into t.to as ops.Permute takes it: new channel k is old
// channel perm[k]. Letters name channel positions: r=0, g=1, b=2, a=3;
// positions not named keep their channel.
func (t transform) permutation(c int) ([]int, error) {
	pos := func(ch byte) int { return strings.IndexByte("rgba", ch) }
	perm := make([]int, c)
	for k := range perm {
		perm[k] = k
	}
	for k := range t.from {
		p, q := pos(t.from[k]), pos(t.to[k])
		if p >= c || q >= c {
			name := t.from[k]
			if p < c {
				name = t.to[k]
			}
			return nil, tagged(pixbuf.ErrShape, "--swap %s:%s names channel %q, this image has %d channel(s)", t.from, t.to, name, c)
		}
		// The position that held the channel named from[k] gets the one
		// named to[k].
		perm[p] = q
	}
	return perm, nil
}

// outShape returns the shape of t's output for an h x w image with c
// channels, or an error when t cannot apply to it.
func (t transform) outShape(h, w, c int) (int, int, int, error) {
	if t.orient.SwapsAxes() {
		h, w = w, h
	}
	switch {
	case t.crop:
		if err := t.checkCrop(w, h); err != nil {
			return 0, 0, 0, err
		}
		return t.rect.Dy(), t.rect.Dx(), c, nil
	case t.extract():
		if _, err := channelIndex(t.channel, c); err != nil {
			return 0, 0, 0, err
		}
		return h, w, 1, nil
	case t.swap():
		if _, err := t.permutation(c); err != nil {
			return 0, 0, 0, err
		}
	}
	return h, w, c, nil
}

// checkCrop reports an error naming the image size when the crop rectangle
// is not inside a w x h image.
func (t transform) checkCrop(w, h int) error {
	if !t.rect.In(image.Rect(0, 0, w, h)) {
		r := t.rect
		return tagged(pixbuf.ErrBounds, "crop rectangle %d,%d,%d,%d is outside the %dx%d image", r.Min.X, r.Min.Y, r.Dx(), r.Dy(), w, h)
	}
	return nil
}

// apply runs t on src and returns the result. Each channel of the image is
// spc consecutive samples of src, so that the bytes of a 16-bit raster
// (spc = 2) are transformed as whole samples. The orientation comes first:
// one that keeps the shape changes src in place, a transpose or quarter
// turn writes into a buffer from get, of the length it asks for. Then a
// crop returns a view, an extraction writes into a buffer from get, and a
// swap permutes the channels in place in one pass. t must be resolved (not
// exif).
func apply[T pixbuf.Sample](t transform, src pixbuf.View[T], spc int, workers int, get func(n int) []T) (pixbuf.View[T], error) {
	h, w, cs := src.Shape()
	c := cs / spc
	if t.exif {
		return src, errors.New("internal error: the orientation of the file is not resolved")
	}
	if _, _, _, err := t.outShape(h, w, c); err != nil {
		return src, err
	}
	newDst := func(h, w, c int) pixbuf.View[T] {
		v, err := pixbuf.Wrap(get(h*w*c), h, w, c)
		if err != nil {
			panic(err) // get returned a buffer of the wrong length: a bug
		}
		return v
	}
	v := src
	if t.orient != pixbuf.Identity {
		if t.orient.SwapsAxes() {
			v = newDst(w, h, cs)
		}
		if err := orient(v, src, t.orient, workers); err != nil {
			return src, err
		}
	}
	switch {
	case t.crop:
		return v.Crop(t.rect), nil
	case t.extract():
		i, _ := channelIndex(t.channel, c)
		h, w, _ := v.Shape()
		dst := newDst(h, w, spc)
		if spc == 1 {
			return dst, extractChannel(dst, v, i, workers)
		}
		return dst, dst.CopyFrom(v.ChannelRange(i*spc, (i+1)*spc))
	case t.swap():
		perm, _ := t.permutation(c)
		if spc > 1 {
			// The samples of a channel move together: byte b of channel k
			// comes from byte b of channel perm[k].
			bytes := make([]int, 0, cs)
			for _, p := range perm {
				for b := range spc {
					bytes = append(bytes, p*spc+b)
				}
			}
			perm = bytes
		}
		return v, permute(v, perm, workers)
	}
	return v, nil
}

// writesSource reports whether apply writes into its source view: an
// orientation that keeps the shape, or a swap on the source's pixels.
func (t transform) writesSource() bool {
	return !t.orient.SwapsAxes() && (t.orient != pixbuf.Identity || t.swap())
}

// taggedError is an error whose message is its own, without the text of
// the sentinel it wraps: the CLI's messages name what went wrong once,
// and errors.Is still finds the sentinel.
type taggedError struct {
	msg      string
	sentinel error
}

func (e *taggedError) Error() string { return e.msg }
func (e *taggedError) Unwrap() error { return e.sentinel }

// tagged returns an error with the formatted message that wraps sentinel.
func tagged(sentinel error, format string, args ...any) error {
	return &taggedError{msg: fmt.Sprintf(format, args...), sentinel: sentinel}
}
