package codec

import (
	"flag"
	"image"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// updateGolden regenerates the golden files and the generated images of
// testdata instead of comparing with them.
var updateGolden = flag.Bool("update", false, "regenerate golden files and generated testdata")

// testdataDir holds the sample images shared by the repository.
const testdataDir = "../testdata"

// sampleFiles returns the sample images of testdata with one of the given
// extensions, or all of them when none is given.
func sampleFiles(t testing.TB, exts ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(testdataDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || ext == ".md" || ext == ".golden" {
			continue
		}
		if len(exts) == 0 || slices.Contains(exts, ext) {
			out = append(out, filepath.Join(testdataDir, e.Name()))
		}
	}
	if len(out) == 0 {
		t.Fatalf("no sample files %v in %s", exts, testdataDir)
	}
	return out
}

// patternView returns an h x w x c view of distinct, position-dependent
// samples, cropped from a larger buffer so that its rows are padded.
func patternView(h, w, c int) pixbuf.View[uint8] {
	big := pixbuf.New[uint8](h+3, w+5, c)
	for y := range h + 3 {
		for x := range w + 5 {
			for k := range c {
				big.Set(y, x, k, uint8(y*31+x*7+k*101+y*x))
			}
		}
	}
	return big.Crop(imageRect(2, 1, w, h))
}

// patternView16 is patternView with 16-bit samples using all 16 bits.
func patternView16(h, w, c int) pixbuf.View[uint16] {
	big := pixbuf.New[uint16](h+3, w+5, c)
	for y := range h + 3 {
		for x := range w + 5 {
			for k := range c {
				big.Set(y, x, k, uint16(y*3001+x*257+k*12345+y*x*7))
			}
		}
	}
	return big.Crop(imageRect(2, 1, w, h))
}

// geometries returns views of v in many layouts: itself, flipped, turned,
// transposed, a crop, a read-only copy and a contiguous clone.
func geometries[T pixbuf.Sample](v pixbuf.View[T]) map[string]pixbuf.View[T] {
	return map[string]pixbuf.View[T]{
		"plain":     v,
		"clone":     v.Clone(),
		"flipH":     v.FlipH(),
		"flipV":     v.FlipV(),
		"rot90":     v.Rotate(90),
		"rot180":    v.Rotate(180),
		"transpose": v.Transpose(),
		"crop":      v.Crop(imageRect(1, 1, v.Width()-1, v.Height()-2)),
		"readonly":  v.AsReadOnly(),
		"row":       v.Row(1),
		"col":       v.Col(2),
	}
}

// imageRect returns the rectangle of size w x h at (x, y).
func imageRect(x, y, w, h int) image.Rectangle { return image.Rect(x, y, x+w, y+h) }
