package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgressBar runs pixtool in-process with standard error taken for a
// terminal: a batch of several files draws a bar of files done, up to 3/3;
// --quiet, a single file, and a non-terminal draw none.
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
			drawn := strings.Contains(got, "\r") && strings.Contains(got, "3/3") && strings.Contains(got, "files")
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

// TestBarLine checks the drawn line: it starts by clearing the line, the
// bar has barWidth cells filled in proportion to the files done, the count
// and the time left follow the rate, and an unknown total (-1) draws a
// running count without a bar.
func TestBarLine(t *testing.T) {
	start := time.Unix(1000, 0)
	tests := []struct {
		total, done int
		after       time.Duration
		want        string
	}{
		{10, 0, 0, "flip   0% [" + strings.Repeat(" ", 30) + "] 0/10 files (0.0 files/s, ? left)"},
		{10, 4, 2 * time.Second, "flip  40% [" + strings.Repeat("=", 12) + strings.Repeat(" ", 18) + "] 4/10 files (2.0 files/s, 3s left)"},
		{3, 3, time.Second, "flip 100% [" + strings.Repeat("=", 30) + "] 3/3 files (3.0 files/s, 0s left)"},
		{0, 0, time.Second, "flip 100% [" + strings.Repeat("=", 30) + "] 0/0 files (0.0 files/s, ? left)"},
		{-1, 7, 2 * time.Second, "flip 7 files (3.5 files/s, 2s)"},
	}
	for _, tc := range tests {
		b := &bar{name: "flip", total: tc.total, done: tc.done, start: start}
		got := b.line(start.Add(tc.after))
		if !strings.HasPrefix(got, clearLine) {
			t.Errorf("%d/%d: %q does not start by clearing the line", tc.done, tc.total, got)
		}
		if got = strings.TrimPrefix(got, clearLine); got != tc.want {
			t.Errorf("%d/%d after %v:\n got %q\nwant %q", tc.done, tc.total, tc.after, got, tc.want)
		}
	}
}
