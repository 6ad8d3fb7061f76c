package jpeg

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pixview/pixview/pixbuf"
)

// peLong reports whether the long encoder matrices run: PIXENC_LONG=1
// and not -short.
func peLong() bool { return os.Getenv("PIXENC_LONG") == "1" && !testing.Short() }

// pePhoto returns a photo-like h x w x ch picture: smooth gradients, a
// few hard edges and noise of the given amplitude, from seed.
func pePhoto(h, w, ch int, noise int, seed uint64) pixbuf.View[uint8] {
	rng := rand.New(rand.NewPCG(seed, 7))
	v := pixbuf.New[uint8](h, w, ch)
	pix, _ := v.Samples()
	for y := range h {
		for x := range w {
			for c := range ch {
				s := 40 + (x*150)/max(w, 1) + (y*60)/max(h, 1) + c*25
				if (x/13+y/9)%4 == 0 {
					s += 50 * (c + 1) % 90
				}
				if noise > 0 {
					s += rng.IntN(2*noise+1) - noise
				}
				pix[(y*w+x)*ch+c] = uint8(min(max(s, 0), 255))
			}
		}
	}
	return v
}

// pePNM returns a PGM or PPM of v, which must have 1 or 3 channels.
func pePNM(v pixbuf.View[uint8]) []byte {
	h, w, ch := v.Shape()
	magic := "P6"
	if ch == 1 {
		magic = "P5"
	}
	b := fmt.Appendf(nil, "%s\n%d %d\n255\n", magic, w, h)
	return append(b, v.Contiguous().Bytes()...)
}

// peExec runs an outside program with a timeout and returns its stdout
// and stderr; it fails the test if the program fails.
func peExec(tb testing.TB, stdin []byte, name string, args ...string) (stdout, stderr []byte) {
	tb.Helper()
	p := wrTool(tb, name)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, p, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s %v: %v: %s", name, args, err, e.Bytes())
	}
	return o.Bytes(), e.Bytes()
}

// peCjpeg encodes a PNM file at path with cjpeg -dct int -optimize and
// the extra arguments.
func peCjpeg(tb testing.TB, path string, args ...string) []byte {
	tb.Helper()
	out, stderr := peExec(tb, nil, "cjpeg", append(append([]string{"-dct", "int", "-optimize"}, args...), path)...)
	if len(stderr) != 0 {
		tb.Fatalf("cjpeg %v warns: %s", args, stderr)
	}
	return out
}

// peWrite writes data to a new file in dir and returns its path.
func peWrite(tb testing.TB, dir, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// peSameCoefficients returns "" when a and b hold the same frame,
// tables, sampling and coefficients (padding blocks included), else what
// differs first.
func peSameCoefficients(a, b *Image) string {
	if a.Width != b.Width || a.Height != b.Height || len(a.Components) != len(b.Components) {
		return fmt.Sprintf("frame %dx%d/%d vs %dx%d/%d", a.Width, a.Height, len(a.Components), b.Width, b.Height, len(b.Components))
	}
	for i := range a.Components {
		ca, cb := &a.Components[i], &b.Components[i]
		if ca.H != cb.H || ca.V != cb.V || ca.BlocksW != cb.BlocksW || ca.BlocksH != cb.BlocksH {
			return fmt.Sprintf("component %d: %dx%d %dx%d blocks vs %dx%d %dx%d", i, ca.H, ca.V, ca.BlocksW, ca.BlocksH, cb.H, cb.V, cb.BlocksW, cb.BlocksH)
		}
		if *a.Quant[ca.Quant] != *b.Quant[cb.Quant] {
			return fmt.Sprintf("component %d: quantization tables differ", i)
		}
		n := 0
		first := ""
		for k := range ca.Blocks {
			if ca.Blocks[k] != cb.Blocks[k] {
				if n == 0 {
					first = fmt.Sprintf("block (%d,%d): %v vs %v", k%ca.BlocksW, k/ca.BlocksW, ca.Blocks[k], cb.Blocks[k])
				}
				n++
			}
		}
		if n > 0 {
			return fmt.Sprintf("component %d: %d of %d blocks differ, first %s", i, n, len(ca.Blocks), first)
		}
	}
	return ""
}

func imageRect(x0, y0, x1, y1 int) image.Rectangle { return image.Rect(x0, y0, x1, y1) }
