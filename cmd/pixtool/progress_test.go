package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestProgressBar runs pixtool in-process with standard error taken for a
// terminal: a batch of several files draws a bar of files done; --quiet, a
// single file, and a non-terminal draw none.
func TestProgressBar(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a", "b", "c"} {
		writePNG(t, filepath.Join(dir, n+".png"), pattern(5, 4, 3, 8))
	}
	tests := []struct {
		name string
		tty  bool
		args []string
		bar  bool
	}{
		{"terminal, three files", true, []string{"a.png", "b.png", "c.png"}, true},
		{"terminal, quiet", true, []string{"-q", "a.png", "b.png", "c.png"}, false},
		{"terminal, one file", true, []string{"a.png"}, false},
		{"not a terminal", false, []string{"a.png", "b.png", "c.png"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"flip", "--horizontal", "--out", t.TempDir()}, tc.args...)
			for i, a := range args {
				if strings.HasSuffix(a, ".png") {
					args[i] = filepath.Join(dir, a)
				}
			}
			if code := run(defaultFormats(), args, nil, &stdout, &stderr, tc.tty); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			got := stderr.String()
			drawn := strings.Contains(got, "\r") && strings.Contains(got, "/3") && strings.Contains(got, "files")
			if drawn != tc.bar {
				t.Errorf("bar drawn: %v, want %v; stderr %q", drawn, tc.bar, got)
			}
			if !tc.bar && strings.ContainsAny(got, "\r\x1b") {
				t.Errorf("control characters without a bar: %q", got)
			}
			quiet := strings.Contains(strings.Join(tc.args, " "), "-q")
			if hasSummary := strings.Contains(got, "pixtool flip: "); hasSummary == quiet {
				t.Errorf("summary printed: %v with --quiet %v; stderr %q", hasSummary, quiet, got)
			}
		})
	}
}
