package main

import (
	"fmt"
	"image"
	"strconv"
	"strings"

	"github.com/pixview/pixview/pixbuf"
)

// opKind names what a command does to the pixels.
type opKind int

const (
	opNone      opKind = iota // convert: pixels unchanged
	opFlipH                   // mirror left to right
	opFlipV                   // mirror top to bottom
	opRotate180               // both flips
	opRotate90                // a quarter turn clockwise
	opRotate270               // a quarter turn counter-clockwise
	opCrop                    // keep a rectangle
	opExtract                 // keep one channel
	opSwap                    // reorder channels
)

// transform is the pixel work of one command, the same for every file of a
// batch and every frame of a stream.
type transform struct {
	kind opKind
	// rect is the rectangle that opCrop keeps.
	rect image.Rectangle
	// channel is what opExtract keeps: r, g, b, a or a channel number.
	channel string
	// from and to are the channel orders of opSwap: "rgb" and "bgr".
	from, to string
}

// inPlace reports whether t keeps the shape of the image and can run on the
// pixels where they lie, such as on a memory-mapped file.
func (t transform) inPlace() bool {
	switch t.kind {
	case opNone, opFlipH, opFlipV, opRotate180, opSwap:
		return true
	}
	return false
}

// channelIndex resolves the channel that --extract names in an image with c
// channels: r, g and b need colour, a needs an alpha channel (the last of two
// or four), a number must be below c.
func channelIndex(name string, c int) (int, error) {
	switch name {
	case "r", "g", "b":
		if c < 3 {
			return 0, fmt.Errorf("channel %q needs a colour image, this one has %d channel(s): %w", name, c, pixbuf.ErrShape)
		}
		return strings.Index("rgb", name), nil
	case "a":
		if c != 2 && c != 4 {
			return 0, fmt.Errorf("channel \"a\" needs an alpha channel, this image has %d channel(s) and none: %w", c, pixbuf.ErrShape)
		}
		return c - 1, nil
	}
	i, err := strconv.Atoi(name)
	if err != nil || i < 0 {
		return 0, fmt.Errorf("channel %q: want r, g, b, a or a channel number", name)
	}
	if i >= c {
		return 0, fmt.Errorf("channel %d out of range, this image has %d channel(s): %w", i, c, pixbuf.ErrShape)
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

// swapPlan returns the channel swaps, in order, that turn the order t.from
// into t.to in an image with c channels. Letters name channel positions:
// r=0, g=1, b=2, a=3.
func (t transform) swapPlan(c int) ([][2]int, error) {
	pos := func(ch byte) int { return strings.IndexByte("rgba", ch) }
	// cur[k] is the channel position whose samples are now at slot k.
	slots := make([]int, len(t.from))
	for k := range t.from {
		slots[k] = pos(t.from[k])
		if slots[k] >= c {
			return nil, fmt.Errorf("--swap %s:%s names channel %q, this image has %d channel(s): %w",
				t.from, t.to, t.from[k], c, pixbuf.ErrShape)
		}
	}
	// Slot slots[k] holds the channel named from[k]; afterwards it must hold
	// the one named to[k]. content[p] is the name now held at position p.
	content := map[int]byte{}
	for k := range t.from {
		content[slots[k]] = t.from[k]
	}
	var swaps [][2]int
	for k := range t.to {
		p := slots[k]
		if content[p] == t.to[k] {
			continue
		}
		for q, name := range content {
			if name == t.to[k] {
				swaps = append(swaps, [2]int{p, q})
				content[p], content[q] = content[q], content[p]
				break
			}
		}
	}
	return swaps, nil
}

// outShape returns the shape of t's output for an h x w image with c
// channels, or an error when t cannot apply to it.
func (t transform) outShape(h, w, c int) (int, int, int, error) {
	switch t.kind {
	case opRotate90, opRotate270:
		return w, h, c, nil
	case opCrop:
		if err := t.checkCrop(w, h); err != nil {
			return 0, 0, 0, err
		}
		return t.rect.Dy(), t.rect.Dx(), c, nil
	case opExtract:
		if _, err := channelIndex(t.channel, c); err != nil {
			return 0, 0, 0, err
		}
		return h, w, 1, nil
	case opSwap:
		if _, err := t.swapPlan(c); err != nil {
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
		return fmt.Errorf("crop rectangle %d,%d,%d,%d is outside the %dx%d image: %w",
			r.Min.X, r.Min.Y, r.Dx(), r.Dy(), w, h, pixbuf.ErrBounds)
	}
	return nil
}

// apply runs t on src and returns the result. Each channel of the image is
// spc consecutive samples of src, so that the bytes of a 16-bit raster
// (spc = 2) are transformed as whole samples. Transforms that keep the shape
// change src in place and return it; a crop returns a view of src; the
// others write into a buffer from get, of the length they ask for.
func apply[T pixbuf.Sample](t transform, src pixbuf.View[T], spc int, workers int, get func(n int) []T) (pixbuf.View[T], error) {
	h, w, cs := src.Shape()
	c := cs / spc
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
	switch t.kind {
	case opNone:
		return src, nil
	case opFlipH:
		return src, flipH(src, workers)
	case opFlipV:
		return src, flipV(src, workers)
	case opRotate180:
		return src, rotate180(src, workers)
	case opRotate90:
		dst := newDst(w, h, cs)
		return dst, rotate90(dst, src, workers)
	case opRotate270:
		dst := newDst(w, h, cs)
		return dst, rotate270(dst, src, workers)
	case opCrop:
		return src.Crop(t.rect), nil
	case opExtract:
		i, _ := channelIndex(t.channel, c)
		dst := newDst(h, w, spc)
		if spc == 1 {
			return dst, extractChannel(dst, src, i, workers)
		}
		return dst, dst.CopyFrom(src.ChannelRange(i*spc, (i+1)*spc))
	case opSwap:
		plan, _ := t.swapPlan(c)
		for _, s := range plan {
			for b := range spc {
				if err := swapChannels(src, s[0]*spc+b, s[1]*spc+b, workers); err != nil {
					return src, err
				}
			}
		}
		return src, nil
	}
	return src, fmt.Errorf("unknown transform %d", t.kind)
}
