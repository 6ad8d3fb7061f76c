package gif

import (
	"bytes"
	"errors"
	"image/gif"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/pixview/pixview/codec/codecerr"
)

// frameSamples are GIFs whose frames image/gif decodes: a still image,
// an animation with a local colour table, and the repository's samples.
func frameSamples(t testing.TB) map[string][]byte {
	t.Helper()
	s := map[string][]byte{"still": still(t), "animation": animation(t)}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*.gif"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s[filepath.Base(p)] = data
	}
	return s
}

// TestFrames checks the streaming count against image/gif's DecodeAll and
// the two ways a stream can end early: without its trailer, the images
// are all counted and the error says the trailer is missing; cut inside
// an image descriptor, that image counts too. Every prefix of every
// sample gives what Scan gives of it, read one byte at a time (nothing
// is held), and no proper prefix passes without an error.
func TestFrames(t *testing.T) {
	for name, data := range frameSamples(t) {
		g, err := gif.DecodeAll(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n, err := Frames(bytes.NewReader(data)); err != nil || n != len(g.Image) {
			t.Errorf("%s: %d frames (%v), image/gif decodes %d", name, n, err, len(g.Image))
		}
		if n, err := Frames(bytes.NewReader(data[:len(data)-1])); !errors.Is(err, codecerr.ErrFormat) || n != len(g.Image) {
			t.Errorf("%s without its trailer: %d frames, %v; want %d and ErrFormat", name, n, err, len(g.Image))
		}
		last := bytes.LastIndexByte(data, 0x2c) // the last image descriptor, or a byte inside image data
		for cut := range len(data) {
			p := data[:cut]
			n, err := Frames(iotest.OneByteReader(bytes.NewReader(p)))
			info, serr := Scan(p)
			if n != info.Frames || (err == nil) != (serr == nil) {
				t.Fatalf("%s cut at %d: Frames %d (%v), Scan %d (%v)", name, cut, n, err, info.Frames, serr)
			}
			if !errors.Is(err, codecerr.ErrFormat) || n > len(g.Image) {
				t.Fatalf("%s cut at %d: %d frames, %v", name, cut, n, err)
			}
			if cut > last && cut < last+10 && data[last-1] == 0 && n != len(g.Image) {
				t.Errorf("%s cut inside its last image descriptor (at %d): %d frames, want %d", name, cut, n, len(g.Image))
			}
		}
	}
	for _, bad := range []string{"", "GIF", "GIF88a\x01\x00\x01\x00\x00\x00\x00;", "PNG\x89 not a GIF at all"} {
		if n, err := Frames(bytes.NewReader([]byte(bad))); n != 0 || !errors.Is(err, codecerr.ErrFormat) {
			t.Errorf("%q: %d frames, %v; want 0 and ErrFormat", bad, n, err)
		}
	}
}

// FuzzFrames: the walk ends on any input, agrees with Scan, and never
// counts other than image/gif decodes from an input both accept.
func FuzzFrames(f *testing.F) {
	for _, data := range frameSamples(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Frames(bytes.NewReader(data))
		if err != nil && !errors.Is(err, codecerr.ErrFormat) {
			t.Fatalf("error without ErrFormat: %v", err)
		}
		if info, serr := Scan(data); n != info.Frames || (err == nil) != (serr == nil) {
			t.Fatalf("Frames %d (%v), Scan %d (%v)", n, err, info.Frames, serr)
		}
		if g, gerr := gif.DecodeAll(bytes.NewReader(data)); gerr == nil && err == nil && n != len(g.Image) {
			t.Fatalf("%d frames, image/gif decodes %d", n, len(g.Image))
		}
	})
}
