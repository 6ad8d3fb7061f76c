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

	pgif "github.com/pixview/pixview/codec/gif"
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

// TestAnimatedGIFRefused: a conversion of an animated GIF, which decoding
// would cut to its first frame, is refused naming the frame count and
// leaves nothing, with or without its trailer; a GIF of one frame converts, and a flip into GIF still
// takes every frame.
func TestAnimatedGIFRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "anim.gif"), animation(t, 3), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "still.gif"), animation(t, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without its trailer, an animation is still one: image/gif would
	// decode its first frame without a word.
	cut := animation(t, 3)
	if err := os.WriteFile(filepath.Join(dir, "cut.gif"), cut[:len(cut)-1], 0o644); err != nil {
		t.Fatal(err)
	}
	if r := mustRun(t, dir, 1, "convert", "--to", "png", "-o", t.TempDir(), "cut.gif"); !strings.Contains(r.stderr, "animated GIF of 3 frames") {
		t.Errorf("an animation without its trailer is not refused as one:\n%s", r.stderr)
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
	if n, err := pgif.Frames(bytes.NewReader(data)); err != nil || n != 3 {
		t.Errorf("the flipped animation has %d frames (%v), want 3", n, err)
	}
}
