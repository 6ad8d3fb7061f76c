//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptInPlace sends SIGINT to an --in-place batch in the middle
// and checks that it exits 130 after finishing the files in flight: every
// file is either untouched or completely flipped, some of each, and no
// temporary file remains.
func TestInterruptInPlace(t *testing.T) {
	for _, ext := range []string{"png", "ppm"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			const n = 40
			orig := map[string]img{}
			for i := range n {
				m := pattern(16, 12, 3, 8)
				m.pix[0] = uint16(i)
				name := filepath.Join(dir, "f"+string(rune('A'+i%26))+string(rune('a'+i/26))+"."+ext)
				if ext == "png" {
					writePNG(t, name, m)
				} else {
					writePNM(t, name, m, "P6")
				}
				orig[name] = m
			}
			cmd := exec.Command(binary, "flip", "--horizontal", "--in-place", "--jobs", "2", "--json", "--test-delay", "25ms", dir)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitForChange(t, orig)
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
				t.Fatalf("exit %v, want 130\n%s", err, stderr.String())
			}
			if strings.Contains(stderr.String(), "goroutine ") {
				t.Fatalf("panic:\n%s", stderr.String())
			}
			var s summary
			if err := unmarshalSummary(stdout.Bytes(), &s); err != nil {
				t.Fatalf("summary %q: %v", stdout.String(), err)
			}
			if !s.Interrupted || s.Skipped == 0 || s.Done == 0 || s.Done+s.Skipped != n {
				t.Errorf("summary %+v: want interrupted with some files done and the rest skipped", s)
			}
			flipped := 0
			for name, m := range orig {
				got := readImage(t, name)
				switch {
				case sameImage(got, m.flipH()) == "":
					flipped++
				case sameImage(got, m) == "":
				default:
					t.Errorf("%s is neither the original nor flipped", name)
				}
			}
			if flipped != s.Done {
				t.Errorf("%d files flipped, summary says %d done", flipped, s.Done)
			}
			ents, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(ents) != n {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Errorf("%d entries after the interrupt, want %d (temporary files left?): %v", len(ents), n, names)
			}
		})
	}
}

// waitForChange returns once any of the files has a new modification time
// or inode, that is once the batch has really started, or after 10 s.
func waitForChange(t *testing.T, files map[string]img) {
	t.Helper()
	type stamp struct {
		mod time.Time
		ino uint64
	}
	before := map[string]stamp{}
	for name := range files {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		before[name] = stamp{fi.ModTime(), fi.Sys().(*syscall.Stat_t).Ino}
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for name, b := range before {
			fi, err := os.Stat(name)
			if err == nil && (!fi.ModTime().Equal(b.mod) || fi.Sys().(*syscall.Stat_t).Ino != b.ino) {
				return
			}
		}
	}
	t.Fatal("no file changed within 10 s")
}
