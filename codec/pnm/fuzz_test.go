package pnm

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// encodeHeader writes h in its canonical form.
func encodeHeader(h Header) string {
	switch h.Magic {
	case "P1", "P4":
		return fmt.Sprintf("%s\n%d %d\n", h.Magic, h.Width, h.Height)
	case "P7":
		s := fmt.Sprintf("P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %d\n", h.Width, h.Height, h.Channels, h.MaxVal)
		if h.TupleType != "" {
			s += "TUPLTYPE " + h.TupleType + "\n"
		}
		return s + "ENDHDR\n"
	}
	return fmt.Sprintf("%s\n%d %d\n%d\n", h.Magic, h.Width, h.Height, h.MaxVal)
}

func addSeeds(f *testing.F) {
	for _, tc := range hostile {
		if len(tc.data) < 1<<10 {
			f.Add([]byte(tc.data))
		}
	}
	r := rawImage{w: 3, h: 2, depth: 1, maxval: 1, s: []int{0, 1, 1, 0, 0, 1}}
	for _, m := range r.formatsFor() {
		f.Add(r.encode(m))
	}
	r = rawImage{w: 2, h: 2, depth: 3, maxval: 1000, s: []int{0, 1, 2, 3, 4, 5, 999, 1000, 7, 8, 9, 10}}
	for _, m := range r.formatsFor() {
		f.Add(r.encode(m))
	}
}

// FuzzHeader checks that the header parser never panics, never reads past
// MaxHeaderBytes, accepts only valid fields, and reads its own canonical
// encoding of any header it accepts back to the same fields.
func FuzzHeader(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := readHeader(bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "pnm: ") {
				t.Fatalf("error %q lacks the prefix", err)
			}
			return
		}
		if h.Size <= 0 || h.Size > int64(len(data)) || h.Size > MaxHeaderBytes {
			t.Fatalf("Size %d for %d bytes", h.Size, len(data))
		}
		if h.Width < 1 || h.Height < 1 || h.Channels < 1 || h.Channels > 4 || h.MaxVal < 1 || h.MaxVal > 65535 {
			t.Fatalf("invalid fields accepted: %+v", h)
		}
		enc := encodeHeader(h)
		h2, err := readHeader(strings.NewReader(enc))
		if err != nil {
			t.Fatalf("canonical %q: %v", enc, err)
		}
		h2.Size = h.Size
		if h2 != h {
			t.Fatalf("%q reads as %+v, want %+v", enc, h2, h)
		}
	})
}

// FuzzDecode checks that every entry point of the decoder agrees on every
// input, never panics, and that whatever decodes survives a round trip
// through Write and Read.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	const limit = 1 << 16
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Parse(data, limit)
		img2, err2 := Read(bytes.NewReader(data), limit)
		img3, err3 := Read(opaqueReader{bytes.NewReader(data)}, limit)
		if (err == nil) != (err2 == nil) || (err == nil) != (err3 == nil) {
			t.Fatalf("Parse: %v, Read: %v, Read opaque: %v", err, err2, err3)
		}
		// ParseAll and All agree image by image.
		var all []*Image
		var allErr error
		for img, err := range All(bytes.NewReader(data), limit) {
			all, allErr = append(all, img), err
		}
		i := 0
		for pimg, perr := range ParseAll(data, limit) {
			if i >= len(all) || (perr == nil) != (allErr == nil || i < len(all)-1) {
				t.Fatalf("image %d: ParseAll: %v, All: %d images, %v", i, perr, len(all), allErr)
			}
			if perr == nil && (pimg.Header != all[i].Header || !pimg.View8.Equal(all[i].View8) || !pimg.View16.Equal(all[i].View16)) {
				t.Fatalf("image %d: ParseAll and All disagree", i)
			}
			i++
		}
		if i != len(all) {
			t.Fatalf("ParseAll yielded %d, All %d", i, len(all))
		}
		if err != nil {
			return
		}
		for _, o := range []*Image{img2, img3} {
			if o.Header != img.Header || !o.View8.Equal(img.View8) || !o.View16.Equal(img.View16) {
				t.Fatal("Parse and Read disagree")
			}
		}
		_ = img.Image()
		var b bytes.Buffer
		if img.Header.MaxVal > 255 {
			err = Write(&b, img.View16, "")
		} else {
			err = Write(&b, img.View8, "")
		}
		if err != nil {
			t.Fatal(err)
		}
		back, err := Read(&b, limit)
		if err != nil {
			t.Fatal(err)
		}
		if !back.View8.Equal(img.View8) || !back.View16.Equal(img.View16) {
			t.Fatal("round trip differs")
		}
		var _ pixbuf.View[uint8] = back.View8
	})
}
