package fsx

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// smallFS mounts a 1 MiB tmpfs for the test, or skips: it needs root and a
// kernel that lets this process mount. Under CI, a mount that works and
// then fails the test's checks is a failure like any other; a mount that
// does not work is a skip even there (containers often forbid it).
func smallFS(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// TestDiskFull: a replacement that runs out of space leaves the old file
// and no temporary file, and says ENOSPC; one that fits still works.
func TestDiskFull(t *testing.T) {
	dir := smallFS(t)
	path := filepath.Join(dir, "a.ppm")
	old := bytes.Repeat([]byte("o"), 400<<10)
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, named := range []bool{false, true} {
		_, err := Replace(path, writeBytes(bytes.Repeat([]byte("n"), 700<<10)), &Options{named: named})
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("named=%v: err %v, want ENOSPC", named, err)
		}
		t.Log(err)
		if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
			t.Errorf("named=%v: old file not intact", named)
		}
		if tmps := tempsIn(t, dir); len(tmps) > 0 {
			t.Errorf("named=%v: temporary files left: %v", named, tmps)
		}
	}
	// The space came back: a replacement that fits beside the old file works.
	if _, err := Replace(path, writeBytes(bytes.Repeat([]byte("n"), 300<<10)), nil); err != nil {
		t.Fatal(err)
	}
}
