package codec

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenDecode lists, for every sample file, what Load makes of it and a
// hash of the pixels. Regenerate with go test -run TestGoldenDecode -update.
const goldenDecode = "testdata/decode.golden"

// TestGoldenDecode pins the decoded pixels of every sample file, so that a
// change in a conversion kernel or a decoder shows up as a diff.
func TestGoldenDecode(t *testing.T) {
	var b strings.Builder
	fmt.Fprintln(&b, "# file format HxWxC depth orientation sha256(samples, native byte order)")
	for _, path := range sampleFiles(t) {
		m, err := Load(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		h, w, c := m.Shape()
		samples := m.View8.Bytes()
		if m.Depth == 16 {
			samples = m.View16.Bytes()
		}
		fmt.Fprintf(&b, "%s %s %dx%dx%d %d %d %x\n", filepath.Base(path), m.Format, h, w, c, m.Depth, m.Orientation.EXIF(), sha256.Sum256(samples))
	}
	if *updateGolden {
		if err := os.WriteFile(goldenDecode, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenDecode)
	if err != nil {
		t.Fatalf("%v (regenerate with -update)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("decoded samples differ from %s (regenerate with -update if intended):\n%s", goldenDecode, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines that are only in a or only in b.
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ia, ib := in(a), in(b)
	var out strings.Builder
	for _, l := range strings.Split(a, "\n") {
		if !ib[l] {
			fmt.Fprintf(&out, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ia[l] {
			fmt.Fprintf(&out, "+ %s\n", l)
		}
	}
	return out.String()
}
