package main

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"testing"
)

// TestFlipAnimatedGIFInPlace checks that pixtool flip --in-place keeps an
// animation whole: frame count, delays, disposals and loop count, and each
// frame equal to that frame mirrored alone.
func TestFlipAnimatedGIFInPlace(t *testing.T) {
	dir := t.TempDir()
	pal := color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}}
	in := &gif.GIF{LoopCount: 2}
	for f := range 4 {
		m := image.NewPaletted(image.Rect(0, 0, 9, 6), pal)
		for i := range m.Pix {
			m.Pix[i] = uint8((i*(f+2) + i/9) % len(pal))
		}
		in.Image = append(in.Image, m)
		in.Delay = append(in.Delay, 5*(f+1))
		in.Disposal = append(in.Disposal, []byte{gif.DisposalNone, gif.DisposalBackground, gif.DisposalPrevious, gif.DisposalNone}[f])
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, in); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "anim.gif")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "anim.gif")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Image) != len(in.Image) || got.LoopCount != in.LoopCount {
		t.Fatalf("%d frames loop %d, want %d loop %d", len(got.Image), got.LoopCount, len(in.Image), in.LoopCount)
	}
	for i, a := range in.Image {
		if got.Delay[i] != in.Delay[i] || got.Disposal[i] != in.Disposal[i] {
			t.Errorf("frame %d: delay %d disposal %d, want %d %d", i, got.Delay[i], got.Disposal[i], in.Delay[i], in.Disposal[i])
		}
		for y := range 6 {
			for x := range 9 {
				if color.NRGBAModel.Convert(a.At(x, y)) != color.NRGBAModel.Convert(got.Image[i].At(8-x, y)) {
					t.Fatalf("frame %d pixel (%d,%d) is not the mirrored one", i, x, y)
				}
			}
		}
	}
}
