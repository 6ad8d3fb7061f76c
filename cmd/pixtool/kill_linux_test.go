package main

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/pixview/pixview/internal/fsx"
	"github.com/pixview/pixview/internal/fsx/fsxtest"
)

// killFixtures writes multi-megabyte noise images into dir, PPMs, PNGs and
// JPEGs (noise, so that PNG and JPEG stay large), and returns their names:
// n of each, and twice as many PPMs.
func killFixtures(t *testing.T, dir string, n int) []string {
	t.Helper()
	rng := rand.New(rand.NewPCG(16, 1))
	noise := func(w, h int) *image.NRGBA { return noiseNRGBA(rng, w, h) }
	var names []string
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	for i := range 2 * n {
		const w, h = 1280, 960 // 3.7 MB
		var b bytes.Buffer
		b.WriteString("P6\n" + strconv.Itoa(w) + " " + strconv.Itoa(h) + "\n255\n")
		px := make([]byte, w*h*3)
		for j := range px {
			px[j] = uint8(rng.Uint32())
		}
		b.Write(px)
		write("p"+strconv.Itoa(i)+".ppm", b.Bytes())
	}
	for i := range n {
		var b bytes.Buffer
		if err := png.Encode(&b, noise(1024, 768)); err != nil {
			t.Fatal(err)
		}
		write("n"+strconv.Itoa(i)+".png", b.Bytes())
	}
	for i := range n {
		var b bytes.Buffer
		// Dimensions a multiple of the MCU, so the flip is lossless and
		// exact, and quality 100 so the file is large.
		if err := jpeg.Encode(&b, noise(1024, 768), &jpeg.Options{Quality: 100}); err != nil {
			t.Fatal(err)
		}
		write("j"+strconv.Itoa(i)+".jpg", b.Bytes())
	}
	return names
}

// readAll returns the content of each name in dir.
func readAll(t *testing.T, dir string, names []string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		m[n] = b
	}
	return m
}

// copyFiles writes files into dir.
func copyFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runFlip runs a complete in-place horizontal flip of names in dir and
// returns how long it took.
func runFlip(t *testing.T, dir string, names []string, extra ...string) time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{"flip", "--horizontal", "--in-place", "--quiet"}, extra...)
	cmd := exec.CommandContext(ctx, binary, append(args, names...)...)
	cmd.Dir = dir
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pixtool %v: %v\n%s", args, err, out)
	}
	return time.Since(start)
}

// temps returns the pixview temporary files in dir.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var tmp []string
	for _, e := range ents {
		if fsx.IsTemp(e.Name()) {
			tmp = append(tmp, e.Name())
		}
	}
	return tmp
}

// killRounds is how many kills the kill test makes, and how many PNGs and
// JPEGs it flips: 8 kills of 4 files locally, 30 of 8 in CI.
func killRounds() (kills, files int) {
	if os.Getenv("CI") != "" {
		return 30, 2
	}
	return 8, 1
}

// TestKillInPlace kills an in-place batch of multi-megabyte PPMs, PNGs
// and JPEGs with SIGKILL at random moments (issue #16): after each kill
// every file is byte-identical to its original or to its flipped version
// (what a complete run makes of it), and after the next complete run no
// temporary file remains and every file is flipped.
func TestKillInPlace(t *testing.T) {
	kills, files := killRounds()
	ref := t.TempDir()
	names := killFixtures(t, ref, files)
	orig := readAll(t, ref, names)
	// The kills land within the first three quarters of a complete run's
	// time, so that the child is still running; a short pause between
	// files keeps it so on a loaded machine.
	took := runFlip(t, ref, names, "--jobs", "2", "--test-delay", "50ms")
	flipped := readAll(t, ref, names)
	for _, n := range names {
		if bytes.Equal(orig[n], flipped[n]) {
			t.Fatalf("%s: a complete flip left it unchanged", n)
		}
	}
	dir := t.TempDir()
	copyFiles(t, dir, orig)
	// The child prints a line as it starts (the harness's cue), then
	// becomes pixtool, so that kills land over the whole run, start-up
	// included.
	start := func() *exec.Cmd {
		c := exec.Command("/bin/sh", "-c", `echo start; exec "$0" "$@"`, binary,
			"flip", "--horizontal", "--in-place", "--quiet", "--jobs", "2", "--test-delay", "50ms")
		c.Args = append(c.Args, names...)
		c.Dir = dir
		return c
	}
	fsxtest.Kills(t, kills, took*3/4, start, func(round int) {
		now := readAll(t, dir, names)
		for _, n := range names {
			if !bytes.Equal(now[n], orig[n]) && !bytes.Equal(now[n], flipped[n]) {
				t.Errorf("round %d: %s is torn: neither its original nor its flipped self", round, n)
			}
		}
		copyFiles(t, dir, orig)
	})
	copyFiles(t, dir, orig)
	runFlip(t, dir, names, "--jobs", "2")
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left after a complete run: %v", tmp)
	}
	now := readAll(t, dir, names)
	for _, n := range names {
		if !bytes.Equal(now[n], flipped[n]) {
			t.Errorf("%s: a complete run after the kills did not flip it", n)
		}
	}
}

// noiseNRGBA returns an opaque w x h image of rng's noise.
func noiseNRGBA(rng *rand.Rand, w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(rng.Uint32())
	}
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 255
	}
	return m
}
