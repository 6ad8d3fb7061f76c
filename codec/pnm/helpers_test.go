package pnm

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
)

// rawImage is a test image in file units: samples 0..maxval in row-major
// order, encoded by the slow but obviously correct encoders below.
type rawImage struct {
	w, h, depth, maxval int
	s                   []int
}

func randomRaw(rng *rand.Rand, w, h, depth, maxval int) rawImage {
	r := rawImage{w: w, h: h, depth: depth, maxval: maxval, s: make([]int, w*h*depth)}
	for i := range r.s {
		r.s[i] = rng.IntN(maxval + 1)
	}
	return r
}

// want returns the sample the decoder must produce for file sample v:
// v/maxval of the full range, rounded to nearest with float math.
func want(v, maxval int) int {
	full := 255.0
	if maxval > 255 {
		full = 65535
	}
	return int(math.Floor(float64(v)*full/float64(maxval) + 0.5))
}

// encode writes r in format magic; P1 and P4 take depth 1, maxval 1
// samples where 1 is white (the decoded convention), inverted on output.
func (r rawImage) encode(magic string) []byte {
	var b bytes.Buffer
	switch magic {
	case "P1", "P4":
		fmt.Fprintf(&b, "%s\n%d %d\n", magic, r.w, r.h)
	case "P7":
		tuple := [...]string{"", "GRAYSCALE", "GRAYSCALE_ALPHA", "RGB", "RGB_ALPHA"}[r.depth]
		fmt.Fprintf(&b, "P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\nTUPLTYPE %s\nENDHDR\n", r.w, r.h, r.depth, r.maxval, tuple)
	default:
		fmt.Fprintf(&b, "%s\n%d %d\n%d\n", magic, r.w, r.h, r.maxval)
	}
	switch magic {
	case "P1":
		for i, v := range r.s {
			b.WriteByte(byte('1' - v))
			if i%r.w == r.w-1 {
				b.WriteByte('\n')
			}
		}
	case "P2", "P3":
		for i, v := range r.s {
			fmt.Fprintf(&b, "%d", v)
			if i%(r.w*r.depth) == r.w*r.depth-1 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
	case "P4":
		rb := (r.w + 7) / 8
		for y := 0; y < r.h; y++ {
			row := make([]byte, rb)
			for x := 0; x < r.w; x++ {
				if r.s[y*r.w+x] == 0 {
					row[x/8] |= 0x80 >> (x % 8)
				}
			}
			b.Write(row)
		}
	default:
		for _, v := range r.s {
			if r.maxval > 255 {
				b.WriteByte(byte(v >> 8))
			}
			b.WriteByte(byte(v))
		}
	}
	return b.Bytes()
}

// check compares a decoded image with r, sample by sample.
func (r rawImage) check(img *Image) error {
	h := img.Header
	if h.Width != r.w || h.Height != r.h || h.Channels != r.depth {
		return fmt.Errorf("header %+v, want %dx%dx%d", h, r.w, r.h, r.depth)
	}
	at := func(y, x, c int) int { return int(img.View8.At(y, x, c)) }
	if r.maxval > 255 {
		at = func(y, x, c int) int { return int(img.View16.At(y, x, c)) }
		if img.View8.Len() != 0 {
			return fmt.Errorf("View8 set for maxval %d", r.maxval)
		}
	} else if img.View16.Len() != 0 {
		return fmt.Errorf("View16 set for maxval %d", r.maxval)
	}
	for y := 0; y < r.h; y++ {
		for x := 0; x < r.w; x++ {
			for c := 0; c < r.depth; c++ {
				v := r.s[(y*r.w+x)*r.depth+c]
				if got, w := at(y, x, c), want(v, r.maxval); got != w {
					return fmt.Errorf("sample (%d,%d,%d): file %d/%d decoded %d, want %d", y, x, c, v, r.maxval, got, w)
				}
			}
		}
	}
	return nil
}

// formatsFor lists the magics that can hold r.
func (r rawImage) formatsFor() []string {
	var f []string
	switch r.depth {
	case 1:
		if r.maxval == 1 {
			f = append(f, "P1", "P4")
		}
		f = append(f, "P2", "P5")
	case 3:
		f = append(f, "P3", "P6")
	}
	return append(f, "P7")
}

func image2(x0, y0, x1, y1 int) image.Rectangle { return image.Rect(x0, y0, x1, y1) }
