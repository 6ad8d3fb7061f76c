package main

import (
	"fmt"
	"strings"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/pixbuf"
)

// fitChannels returns v with the channels format f holds, and the
// changes that say how they changed. An alpha channel f cannot hold is
// dropped, and colour f cannot hold turned to gray, only when loss allows
// it (--drop-alpha, --gray) or nothing is lost (every pixel opaque, every
// pixel neutral); otherwise the image is refused with an error naming the
// flag that allows the loss. The flags are requests too: with them alpha
// is dropped and colour turned to gray whatever f holds. Gray written to
// a format that holds colour only (PPM) becomes RGB, which loses nothing.
// get provides the buffers of a new view.
func fitChannels[T uint8 | uint16](v pixbuf.View[T], f format, loss *lossFlags, get func(n int) []T) (pixbuf.View[T], []change, error) {
	h, w, c := v.Shape()
	dropAlpha := (c == 2 || c == 4) && (loss.dropAlpha || !f.holds(2, 4))
	toGray := c >= 3 && (loss.gray || !f.holds(3, 4))
	var need []string
	if dropAlpha && !loss.dropAlpha && !opaque(v) {
		need = append(need, "--drop-alpha")
	}
	if toGray && !loss.gray && !neutral(v) {
		need = append(need, "--gray")
	}
	if len(need) > 0 {
		return v, nil, refusal(f, need)
	}
	var chs []change
	if dropAlpha {
		v, c = v.ChannelRange(0, c-1), c-1
		detail := "--drop-alpha"
		if !loss.dropAlpha {
			detail = fmt.Sprintf("every pixel was opaque; %s holds no alpha", f.name())
		}
		chs = append(chs, change{Kind: codec.Dropped, Item: "alpha", Detail: detail})
	}
	if toGray {
		g, err := pixbuf.Wrap(get(h*w*(c-2)), h, w, c-2)
		if err != nil {
			return v, nil, err
		}
		luma(g, v)
		v, c = g, c-2
		detail := "turned to gray, BT.601 luma (--gray)"
		if !loss.gray {
			detail = fmt.Sprintf("every pixel was neutral (R=G=B); %s holds gray only", f.name())
		}
		chs = append(chs, change{Kind: codec.Changed, Item: "colour", Detail: detail})
	}
	if c <= 2 && !f.holds(1, 2) && f.holds(3, 4) {
		rgb, err := pixbuf.Wrap(get(h*w*(c+2)), h, w, c+2)
		if err != nil {
			return v, nil, err
		}
		spread(rgb, v)
		v = rgb
		chs = append(chs, change{Kind: codec.Changed, Item: "channels", Detail: fmt.Sprintf("gray written as RGB: %s holds colour only", f.name())})
	}
	return v, chs, nil
}

// refusal is the error of an image f cannot hold without the losses the
// flags in need allow: the file is left as it was.
func refusal(f format, need []string) error {
	what := map[string]string{"--drop-alpha": "the alpha channel", "--gray": "the colour"}
	var parts []string
	for _, n := range need {
		parts = append(parts, what[n])
	}
	verb := "allows"
	if len(need) > 1 {
		verb = "allow"
	}
	return tagged(codec.ErrUnsupported, "%s cannot hold %s of this image; %s %s the loss",
		f.name(), strings.Join(parts, " nor "), strings.Join(need, " and "), verb)
}

// opaque reports whether the last channel of v, its alpha, is at its
// maximum in every pixel: dropping it loses nothing.
func opaque[T uint8 | uint16](v pixbuf.View[T]) bool {
	h, w, c := v.Shape()
	full := ^T(0)
	for y := range h {
		if row, ok := v.RowSlice(y); ok {
			for i := c - 1; i < len(row); i += c {
				if row[i] != full {
					return false
				}
			}
			continue
		}
		for x := range w {
			if v.At(y, x, c-1) != full {
				return false
			}
		}
	}
	return true
}

// neutral reports whether every pixel of v has R = G = B: turning it to
// gray loses nothing.
func neutral[T uint8 | uint16](v pixbuf.View[T]) bool {
	h, w, c := v.Shape()
	for y := range h {
		if row, ok := v.RowSlice(y); ok {
			for i := 0; i+2 < len(row); i += c {
				if row[i] != row[i+1] || row[i] != row[i+2] {
					return false
				}
			}
			continue
		}
		for x := range w {
			if r := v.At(y, x, 0); r != v.At(y, x, 1) || r != v.At(y, x, 2) {
				return false
			}
		}
	}
	return true
}

// The BT.601 luma weights in 1/65536, as image/color's GrayModel and
// netpbm's ppmtopgm use them; they sum to 65536, so R = G = B stays
// itself.
const (
	lumaR = 19595
	lumaG = 38470
	lumaB = 7471
)

// luma writes the luma of src's RGB into dst's first channel, and src's
// alpha, when it has one, into dst's second.
func luma[T uint8 | uint16](dst, src pixbuf.View[T]) {
	h, w, c := src.Shape()
	for y := range h {
		srow, sok := src.RowSlice(y)
		drow, dok := dst.RowSlice(y)
		if sok && dok {
			for x, d := 0, 0; x < len(srow); x, d = x+c, d+c-2 {
				drow[d] = T((lumaR*uint64(srow[x]) + lumaG*uint64(srow[x+1]) + lumaB*uint64(srow[x+2]) + 1<<15) >> 16)
				if c == 4 {
					drow[d+1] = srow[x+3]
				}
			}
			continue
		}
		for x := range w {
			r, g, b := uint64(src.At(y, x, 0)), uint64(src.At(y, x, 1)), uint64(src.At(y, x, 2))
			dst.Set(y, x, 0, T((lumaR*r+lumaG*g+lumaB*b+1<<15)>>16))
			if c == 4 {
				dst.Set(y, x, 1, src.At(y, x, 3))
			}
		}
	}
}

// spread writes src's gray into the three colour channels of dst, and
// src's alpha, when it has one, into dst's fourth.
func spread[T uint8 | uint16](dst, src pixbuf.View[T]) {
	h, w, c := src.Shape()
	for y := range h {
		for x := range w {
			g := src.At(y, x, 0)
			dst.Set(y, x, 0, g)
			dst.Set(y, x, 1, g)
			dst.Set(y, x, 2, g)
			if c == 2 {
				dst.Set(y, x, 3, src.At(y, x, 1))
			}
		}
	}
}
