package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// frames returns n raw frames of w x h pixels of bpp bytes, each frame
// different.
func frames(n, w, h, bpp int) []img {
	var fs []img
	for i := range n {
		m := pattern(w, h, bpp, 8)
		for k := range m.pix {
			m.pix[k] = (m.pix[k] + uint16(i*17)) & 0xff
		}
		fs = append(fs, m)
	}
	return fs
}

// rawBytes concatenates frames as raw bytes.
func rawBytes(fs []img) []byte {
	var b bytes.Buffer
	for _, f := range fs {
		for _, v := range f.pix {
			b.WriteByte(byte(v))
		}
	}
	return b.Bytes()
}

// TestRawStream pipes raw frames through commands and compares the output
// stream with the frames transformed by plain index arithmetic. Bytes of a
// pixel are channels, so a gray16le pixel (two bytes) moves whole.
func TestRawStream(t *testing.T) {
	const w, h = 6, 4
	tests := []struct {
		name string
		args []string
		bpp  int
		want func(img) img
	}{
		{"rgb24 flip horizontal", []string{"flip", "--horizontal", "--raw", "6x4"}, 3, img.flipH},
		{"rgba flip vertical", []string{"flip", "--vertical", "--raw", "6x4x4"}, 4, img.flipV},
		{"gray flip both", []string{"flip", "--both", "--raw", "6x4x1"}, 1, func(m img) img { return m.flipH().flipV() }},
		{"gray16le flip horizontal", []string{"flip", "--horizontal", "--raw", "6x4", "--pix-fmt", "gray16le"}, 2, img.flipH},
		{"rgb24 rotate 90", []string{"rotate", "90", "--raw", "6x4"}, 3, img.rot90},
		{"rgb24 crop", []string{"crop", "--rect", "1,1,3,2", "--raw", "6x4"}, 3, func(m img) img { return m.crop(1, 1, 3, 2) }},
		{"rgb24 swap", []string{"channel", "--swap", "rgb:bgr", "--raw", "6x4"}, 3, func(m img) img { return m.permute([]int{2, 1, 0}) }},
		{"rgba extract alpha", []string{"channel", "--extract", "a", "--pix-fmt", "rgba", "--raw", "6x4"}, 4, func(m img) img { return m.channel(3) }},
		{"gray16le extract 0", []string{"channel", "--extract", "0", "--pix-fmt", "gray16le", "--raw", "6x4"}, 2, func(m img) img { return m }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := frames(3, w, h, tc.bpp)
			var want []img
			for _, f := range in {
				want = append(want, tc.want(f))
			}
			r := pixtool(t, "", bytes.NewReader(rawBytes(in)), append(tc.args, "--quiet")...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if got := rawBytes(want); !bytes.Equal([]byte(r.stdout), got) {
				t.Errorf("output stream of %d bytes differs from the %d expected", len(r.stdout), len(got))
			}
			if r.stderr != "" {
				t.Errorf("--quiet printed %q", r.stderr)
			}
		})
	}
}

// TestRawPartialFrame checks that a trailing partial frame is an error
// reported after every whole frame has been written.
func TestRawPartialFrame(t *testing.T) {
	in := frames(2, 5, 3, 3)
	data := append(rawBytes(in), 1, 2, 3, 4)
	r := pixtool(t, "", bytes.NewReader(data), "flip", "--horizontal", "--raw", "5x3", "--json")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	if want := rawBytes([]img{in[0].flipH(), in[1].flipH()}); !bytes.Equal([]byte(r.stdout), want) {
		t.Errorf("the whole frames before the partial one were not all written: %d bytes, want %d", len(r.stdout), len(want))
	}
	if !strings.Contains(r.stderr, "standard input") {
		t.Errorf("stderr does not say where the partial frame was:\n%s", r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	var s summary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("no --json summary on stderr: %v\n%s", err, r.stderr)
	}
	if s.Frames != 2 || s.Failed != 1 {
		t.Errorf("summary %+v, want 2 frames and 1 failure", s)
	}
}

// TestRawFiles reads frames from a named file and writes them to --out FILE,
// which is not overwritten without --force.
func TestRawFiles(t *testing.T) {
	dir := t.TempDir()
	in := frames(4, 8, 2, 4)
	if err := os.WriteFile(filepath.Join(dir, "in.rgba"), rawBytes(in), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, 0, "flip", "--vertical", "--pix-fmt", "rgba", "--raw", "8x2", "--out", "out.rgba", "-q", "in.rgba")
	var want []img
	for _, f := range in {
		want = append(want, f.flipV())
	}
	got, err := os.ReadFile(filepath.Join(dir, "out.rgba"))
	if err != nil || !bytes.Equal(got, rawBytes(want)) {
		t.Errorf("out.rgba: %d bytes (%v), want the %d flipped ones", len(got), err, len(rawBytes(want)))
	}
	mustRun(t, dir, 1, "flip", "--vertical", "--pix-fmt", "rgba", "--raw", "8x2", "--out", "out.rgba", "-q", "in.rgba")
	mustRun(t, dir, 0, "flip", "--vertical", "--pix-fmt", "rgba", "--raw", "8x2", "--out", "out.rgba", "--force", "-q", "in.rgba")
	mustRun(t, dir, 1, "flip", "--vertical", "--raw", "8x2", "-q", "missing.raw")
}

// TestRawBudget checks that a raw stream's frame, whose size comes from
// the flags, is held to the memory budget before anything is read or
// allocated: at a --max-memory of exactly the frame's working memory the
// stream runs, a byte less fails with exit 1, a message naming the frame
// and the budget, and no output.
func TestRawBudget(t *testing.T) {
	const w, h = 64, 48
	tests := []struct {
		args []string
		bpp  int
		want int64 // frames held at once, in bytes, besides the fixed buffers
	}{
		{[]string{"flip", "--horizontal", "--raw", "64x48"}, 3, w * h * 3},
		{[]string{"rotate", "90", "--raw", "64x48x4"}, 4, 2 * w * h * 4},
		{[]string{"channel", "--extract", "g", "--raw", "64x48"}, 3, w*h*3 + w*h},
		{[]string{"crop", "--rect", "1,1,3,2", "--raw", "64x48", "--pix-fmt", "gray16le"}, 2, w * h * 2},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			in := rawBytes(frames(2, w, h, tc.bpp))
			need := tc.want + 1<<20
			r := pixtool(t, "", bytes.NewReader(in), append(tc.args, "--quiet", "--max-memory", strconv.FormatInt(need, 10))...)
			if r.code != 0 || r.stdout == "" {
				t.Fatalf("at a budget of %d bytes: exit %d, %d bytes out: %s", need, r.code, len(r.stdout), r.stderr)
			}
			r = pixtool(t, "", bytes.NewReader(in), append(tc.args, "--quiet", "--max-memory", strconv.FormatInt(need-1, 10))...)
			if r.code != exitFailure || r.stdout != "" || !strings.Contains(r.stderr, "a frame needs about") || !strings.Contains(r.stderr, "--max-memory") {
				t.Errorf("at a budget of %d bytes: exit %d, %d bytes out, stderr %q; want exit 1, nothing out, the frame and the budget named", need-1, r.code, len(r.stdout), r.stderr)
			}
		})
	}
}
