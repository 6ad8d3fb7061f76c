package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestPrepareWritesInputs(t *testing.T) {
	dir := t.TempDir()
	wl := workload{w: 8, h: 5, batchFiles: 3, frameW: 4, frameH: 2, frames: 3, jpegW: 8, jpegH: 8, jpegFiles: 2, runs: 1, heavyRuns: 1}
	specs, tasks, err := prepare(dir, wl, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range specs {
		if tasks[s.task] == "" {
			t.Errorf("task %q has no description", s.task)
		}
		if s.bytes <= 0 {
			t.Errorf("%s %s moves no bytes", s.task, s.tool)
		}
	}
	one, err := os.ReadFile(filepath.Join(dir, "one.ppm"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(one, []byte("P6\n8 5\n255\n")) || len(one) != len("P6\n8 5\n255\n")+8*5*3 {
		t.Errorf("one.ppm is %d bytes starting %q", len(one), one[:min(len(one), 12)])
	}
	batch, _ := os.ReadDir(filepath.Join(dir, "batch"))
	jpegs, _ := os.ReadDir(filepath.Join(dir, "jpegs"))
	if len(batch) != 3 || len(jpegs) != 2 {
		t.Errorf("%d batch files and %d JPEGs, want 3 and 2", len(batch), len(jpegs))
	}
	if st, err := os.Stat(filepath.Join(dir, "frames.raw")); err != nil || st.Size() != 4*2*3*3 {
		t.Errorf("frames.raw: %v, %v", st, err)
	}
	// With no pixtool binary, its rows fail rather than vanish.
	for _, s := range specs {
		if s.tool == "pixtool" {
			if r := runCmd(s, 1, ""); r.status != statusAbsent && r.status != statusFailed {
				t.Errorf("%s with no pixtool: status %q", s.task, r.status)
			}
		}
	}
}

// TestInPlaceResetsRestoreInputs checks that the reset of every command
// that flips files in place puts back the pixels the first run saw.
func TestInPlaceResetsRestoreInputs(t *testing.T) {
	dir := t.TempDir()
	wl := workload{w: 8, h: 5, batchFiles: 2, frameW: 4, frameH: 2, frames: 1, jpegW: 8, jpegH: 8, jpegFiles: 1, runs: 1, heavyRuns: 1}
	specs, _, err := prepare(dir, wl, "pixtool")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "one.ppm"))
	files := []string{"one-inplace.ppm", "batch/000.ppm", "batch/001.ppm"}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("changed"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, s := range specs {
		if slices.Contains(s.argv, "--in-place") {
			n++
			if s.reset == nil {
				t.Fatalf("%s %s works in place and restores nothing", s.task, s.tool)
			}
			if err := s.reset(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d in-place commands, want 2", n)
	}
	for _, f := range files {
		if got, _ := os.ReadFile(filepath.Join(dir, f)); !bytes.Equal(got, want) {
			t.Errorf("%s not restored: %q", f, got[:min(len(got), 12)])
		}
	}
}
