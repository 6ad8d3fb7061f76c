//go:build unix

package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// TestSIGHUPInPlace hangs up on an --in-place batch of PPMs (a dropped ssh
// session): like SIGINT it stops the batch after the files in flight,
// exits 129 (128+SIGHUP), and leaves every file its original or its
// flipped self.
func TestSIGHUPInPlace(t *testing.T) {
	dir := t.TempDir()
	const n = 20
	orig := map[string]img{}
	for i := range n {
		m := pattern(16, 12, 3, 8)
		m.pix[0] = uint16(i)
		name := filepath.Join(dir, "f"+strconv.Itoa(i)+".ppm")
		writePNM(t, name, m, "P6")
		orig[name] = m
	}
	cmd := exec.Command(binary, "flip", "--horizontal", "--in-place", "--jobs", "2", "--json", "--test-delay", "25ms", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForChange(t, orig)
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 129 {
		t.Fatalf("exit %v, want 129\n%s", err, stderr.String())
	}
	var s summary
	if err := unmarshalSummary(stdout.Bytes(), &s); err != nil {
		t.Fatalf("summary %q: %v", stdout.String(), err)
	}
	if !s.Interrupted || s.Skipped == 0 {
		t.Errorf("summary %+v: want interrupted with files skipped", s)
	}
	for name, m := range orig {
		got := readImage(t, name)
		if sameImage(got, m.flipH()) != "" && sameImage(got, m) != "" {
			t.Errorf("%s is neither the original nor flipped", name)
		}
	}
}
