package main

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// animation returns a GIF of n frames of 6x4 pixels, with a comment-free
// loop extension when n > 1, as image/gif writes it.
func animation(t testing.TB, n int) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White, color.RGBA{200, 10, 10, 255}}
	g := &gif.GIF{}
	for f := range n {
		m := image.NewPaletted(image.Rect(0, 0, 6, 4), pal)
		for i := range m.Pix {
			m.Pix[i] = uint8((i + f) % len(pal))
		}
		g.Image, g.Delay = append(g.Image, m), append(g.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGIFFrames: the block walk counts what image/gif decodes, on
// animations of 1 to 5 frames and the shared samples, and stops at a
// broken stream with what it counted.
func TestGIFFrames(t *testing.T) {
	samples := map[string][]byte{}
	for n := 1; n <= 5; n++ {
		samples[strings.Repeat("f", n)] = animation(t, n)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*.gif"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		samples[filepath.Base(p)] = data
	}
	for name, data := range samples {
		g, err := gif.DecodeAll(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n, err := gifFrames(bytes.NewReader(data))
		if err != nil || n != len(g.Image) {
			t.Errorf("%s: %d frames (%v), image/gif decodes %d", name, n, err, len(g.Image))
		}
		if n, err := gifFrames(bytes.NewReader(data[:len(data)-1])); err == nil || n != len(g.Image) {
			t.Errorf("%s without its trailer: %d frames, %v; want %d and an error", name, n, err, len(g.Image))
		}
	}
}

// FuzzGIFFrames: the walk ends on any input, and never counts more
// frames than image/gif decodes from an input it accepts.
func FuzzGIFFrames(f *testing.F) {
	f.Add(animation(f, 1))
	f.Add(animation(f, 3))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := gifFrames(bytes.NewReader(data))
		if n < 0 {
			t.Fatalf("%d frames", n)
		}
		if g, gerr := gif.DecodeAll(bytes.NewReader(data)); gerr == nil && err == nil && n != len(g.Image) {
			t.Fatalf("%d frames, image/gif decodes %d", n, len(g.Image))
		}
	})
}

// TestAnimatedGIFRefused: a conversion of an animated GIF, which decoding
// would cut to its first frame, is refused naming the frame count and
// leaves nothing; a GIF of one frame converts, and a flip into GIF still
// takes every frame.
func TestAnimatedGIFRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "anim.gif"), animation(t, 3), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "still.gif"), animation(t, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"convert", "--to", "png"},
		{"crop", "--rect", "0,0,2,2", "--to", "png"},
		{"channel", "--extract", "r"},
	} {
		out := t.TempDir()
		r := mustRun(t, dir, 1, append(args, "-o", out, "anim.gif")...)
		if !strings.Contains(r.stderr, "animated GIF of 3 frames") {
			t.Errorf("%v: the refusal does not say why:\n%s", args, r.stderr)
		}
		if ents, _ := os.ReadDir(out); len(ents) != 0 {
			t.Errorf("%v: refused, yet %d files written", args, len(ents))
		}
	}
	mustRun(t, dir, 0, "convert", "--to", "png", "-q", "-o", "out", "still.gif")
	mustRun(t, dir, 0, "flip", "--vertical", "-q", "-o", "out", "anim.gif")
	data, err := os.ReadFile(filepath.Join(dir, "out", "anim.gif"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := gifFrames(bytes.NewReader(data)); err != nil || n != 3 {
		t.Errorf("the flipped animation has %d frames (%v), want 3", n, err)
	}
}
