package codec

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pixview/pixview/codec/meta"
	"github.com/pixview/pixview/pixbuf"
)

// keyedSource returns a gray or RGB PNG of the given depth whose tRNS
// chunk makes one colour, present in the image, transparent: image/png
// writes the image, the test splices the chunk in after IHDR.
func keyedSource(t *testing.T, gray bool, depth int) []byte {
	t.Helper()
	const w, h = 7, 5
	var img image.Image
	var key []byte
	switch {
	case gray && depth == 8:
		m := image.NewGray(image.Rect(0, 0, w, h))
		for i := range m.Pix {
			m.Pix[i] = uint8(i * 9)
		}
		img, key = m, []byte{0, 9 * 3}
	case gray:
		m := image.NewGray16(image.Rect(0, 0, w, h))
		for i := range w * h {
			m.SetGray16(i%w, i/w, color.Gray16{uint16(i * 1001)})
		}
		img, key = m, binary.BigEndian.AppendUint16(nil, 3*1001)
	case depth == 8:
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range w * h {
			m.SetRGBA(i%w, i/w, color.RGBA{uint8(i * 5), uint8(i * 3), uint8(i % 4), 255})
		}
		img, key = m, []byte{0, 15, 0, 9, 0, 3} // the pixel i = 3
	default:
		m := image.NewRGBA64(image.Rect(0, 0, w, h))
		for i := range w * h {
			m.SetRGBA64(i%w, i/w, color.RGBA64{uint16(i * 1500), uint16(i * 700), uint16(i % 4), 0xffff})
		}
		img = m
		key = binary.BigEndian.AppendUint16(nil, 3*1500)
		key = binary.BigEndian.AppendUint16(key, 3*700)
		key = binary.BigEndian.AppendUint16(key, 3)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	out := append([]byte(nil), data[:33]...)
	out = meta.AppendChunk(out, meta.Chunk{Type: "tRNS", Data: key})
	return append(out, data[33:]...)
}

// TestPNGColourKeyKept: a gray or truecolour PNG with a tRNS colour key,
// decoded, flipped and encoded with its Source, is the same kind of PNG
// with the same key (pngcheck -v says so), and decodes to the flipped
// pixels and alpha; pixels that no longer fit the key are written with
// an alpha channel, and the change is reported.
func TestPNGColourKeyKept(t *testing.T) {
	pngcheck := jpegTool(t, "pngcheck")
	dir := t.TempDir()
	for _, c := range []struct {
		gray  bool
		depth int
		kind  string
	}{{true, 8, "grayscale"}, {true, 16, "grayscale"}, {false, 8, "RGB"}, {false, 16, "RGB"}} {
		src := keyedSource(t, c.gray, c.depth)
		name := filepath.Join(dir, "src.png")
		os.WriteFile(name, src, 0o644)
		want := string(runTool(t, nil, pngcheck, "-v", name))
		if !strings.Contains(want, "chunk tRNS") || !strings.Contains(want, c.kind) {
			t.Fatalf("the source is not a keyed %s PNG:\n%s", c.kind, want)
		}
		img, err := Decode(bytes.NewReader(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, ch := img.Shape(); ch != 4 || img.Depth != c.depth {
			t.Fatalf("%+v: decoded %d channels, %d bits", c, ch, img.Depth)
		}
		flipped := flipPixels(img.Pixels)
		var out bytes.Buffer
		var changes []Change
		if err := Default().Encode(&out, flipped, "png", &EncodeOptions{Source: img.Source, Changes: &changes}); err != nil {
			t.Fatal(err)
		}
		name = filepath.Join(dir, "out.png")
		os.WriteFile(name, out.Bytes(), 0o644)
		got := string(runTool(t, nil, pngcheck, "-v", name))
		if !strings.Contains(got, "chunk tRNS") || !strings.Contains(got, c.kind) || strings.Contains(got, "alpha") || len(changes) != 0 {
			t.Errorf("%+v: pngcheck -v:\n%s\nchanges %v", c, got, changes)
		}
		back, err := Decode(bytes.NewReader(out.Bytes()), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !samePixels(back.Pixels, flipped) {
			t.Errorf("%+v: the written image does not decode to the flipped one", c)
		}
		// One half-transparent pixel: the key no longer says the alpha.
		broken := setAlpha(flipped, 0x80)
		changes = nil
		out.Reset()
		if err := Default().Encode(&out, broken, "png", &EncodeOptions{Source: img.Source, Changes: &changes}); err != nil {
			t.Fatal(err)
		}
		back, err = Decode(bytes.NewReader(out.Bytes()), nil)
		if err != nil || !samePixels(back.Pixels, broken) || len(changes) != 1 || changes[0].Item != "transparency" {
			t.Errorf("%+v: a broken key: %v, changes %v", c, err, changes)
		}
	}
}

// flipPixels returns a mirrored copy of p.
func flipPixels(p Pixels) Pixels {
	switch v := p.(type) {
	case pixbuf.View[uint8]:
		return v.FlipH().Clone()
	case pixbuf.View[uint16]:
		return v.FlipH().Clone()
	}
	return nil
}

// setAlpha returns a copy of p with the alpha of pixel (0, 0) set to a
// (scaled to 16 bits for a 16-bit view).
func setAlpha(p Pixels, a uint8) Pixels {
	switch v := p.(type) {
	case pixbuf.View[uint8]:
		c := v.Clone()
		c.Set(0, 0, 3, a)
		return c
	case pixbuf.View[uint16]:
		c := v.Clone()
		c.Set(0, 0, 3, uint16(a)*257)
		return c
	}
	return nil
}

// samePixels reports whether two views of one depth hold equal samples.
func samePixels(a, b Pixels) bool {
	switch v := a.(type) {
	case pixbuf.View[uint8]:
		w, ok := b.(pixbuf.View[uint8])
		return ok && v.Equal(w)
	case pixbuf.View[uint16]:
		w, ok := b.(pixbuf.View[uint16])
		return ok && v.Equal(w)
	}
	return false
}
