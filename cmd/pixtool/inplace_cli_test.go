//go:build linux

package main

import (
	"bytes"
	"errors"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pixview/pixview/internal/fsx"
)

// writeJPEG writes m (8-bit, 3 channels) as a JPEG of quality 95.
func writeJPEG(t *testing.T, path string, m img) {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m.image(), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// threeFormats writes a PPM, a PNG and a JPEG of m into dir and returns
// their names.
func threeFormats(t *testing.T, dir string, m img) []string {
	t.Helper()
	writePNM(t, filepath.Join(dir, "a.ppm"), m, "P6")
	writePNG(t, filepath.Join(dir, "b.png"), m)
	writeJPEG(t, filepath.Join(dir, "c.jpg"), m)
	return []string{"a.ppm", "b.png", "c.jpg"}
}

// TestPreserveTimes: --preserve-times keeps the modification and access
// times of files replaced in place, as exiftran -p and exiftool -P do, for
// every path (raster, lossless JPEG, decoded PNG) — the access time from
// before pixtool read the file; without it the modification time is now.
func TestPreserveTimes(t *testing.T) {
	dir := t.TempDir()
	m := pattern(16, 16, 3, 8)
	names := threeFormats(t, dir, m)
	at := time.Date(2001, 2, 3, 4, 5, 6, 700000000, time.UTC)
	mt := time.Date(2002, 3, 4, 5, 6, 7, 800000000, time.UTC)
	before := map[string][]byte{}
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.Chtimes(p, at, mt); err != nil {
			t.Fatal(err)
		}
		before[n], _ = os.ReadFile(p) // moves the access time (relatime): Chtimes again
		if err := os.Chtimes(p, at, mt); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, dir, 0, append([]string{"flip", "--horizontal", "--in-place", "--preserve-times", "-q"}, names...)...)
	for _, n := range names {
		p := filepath.Join(dir, n)
		id, err := fsx.Stat(p) // before reading it, which moves the access time
		if err != nil {
			t.Fatal(err)
		}
		if id.ModTime != mt.UnixNano() || id.ATime != at.UnixNano() {
			t.Errorf("%s: mtime %v atime %v, want %v and %v", n, time.Unix(0, id.ModTime).UTC(), time.Unix(0, id.ATime).UTC(), mt, at)
		}
		if got, _ := os.ReadFile(p); bytes.Equal(got, before[n]) {
			t.Errorf("%s: not flipped", n)
		}
	}
	start := time.Now().Add(-time.Second)
	mustRun(t, dir, 0, append([]string{"flip", "--horizontal", "--in-place", "-q"}, names...)...)
	for _, n := range names {
		if fi := stat(t, filepath.Join(dir, n)); fi.ModTime().Before(start) {
			t.Errorf("%s: mtime %v kept without --preserve-times", n, fi.ModTime())
		}
	}
}

// TestInPlaceKeepsAttributes: a file replaced in place keeps its owner and
// group, its mode (000 included, which needs --force as any read-only
// file does) and its extended attributes, in every format.
func TestInPlaceKeepsAttributes(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving files to another owner needs root")
	}
	dir := t.TempDir()
	m := pattern(16, 16, 3, 8)
	names := threeFormats(t, dir, m)
	const uid, gid = 65534, 65534 // nobody, nogroup
	modes := map[string]os.FileMode{"a.ppm": 0o640, "b.png": 0, "c.jpg": 0o604}
	xattrs := true
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := unix.Setxattr(p, "user.pixview", []byte("kept "+n), 0); err != nil {
			xattrs = false
			t.Logf("no user extended attributes here: %v", err)
		}
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, modes[n]); err != nil {
			t.Fatal(err)
		}
	}
	r := mustRun(t, dir, 1, append([]string{"flip", "--horizontal", "--in-place", "-q"}, names...)...)
	if !strings.Contains(r.stderr, "b.png: ") || !strings.Contains(r.stderr, "read-only") {
		t.Errorf("a mode-000 file was not refused without --force:\n%s", r.stderr)
	}
	mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "-q", "--force", "b.png")
	for _, n := range names {
		p := filepath.Join(dir, n)
		id, err := fsx.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if id.UID != uid || id.GID != gid || id.Mode.Perm() != modes[n] {
			t.Errorf("%s: owner %d:%d mode %v, want %d:%d %v", n, id.UID, id.GID, id.Mode.Perm(), uid, gid, modes[n])
		}
		if xattrs {
			buf := make([]byte, 64)
			k, err := unix.Getxattr(p, "user.pixview", buf)
			if err != nil || string(buf[:k]) != "kept "+n {
				t.Errorf("%s: user.pixview = %q (%v), want %q", n, buf[:max(k, 0)], err, "kept "+n)
			}
		}
	}
	if err := os.Chmod(filepath.Join(dir, "b.png"), 0o644); err != nil {
		t.Fatal(err)
	}
	checkImage(t, filepath.Join(dir, "a.ppm"), m.flipH())
	checkImage(t, filepath.Join(dir, "b.png"), m.flipH())
}

// orphanName is a temporary file name of fsx for the file base.
func orphanName(base, hex string) string { return "." + base + ".pixview-tmp-" + hex }

// TestCleanOrphansAtStart: a run removes the temporary files a killed run
// left in the directories it writes to — in place and under --out — but
// not one whose lock a live process holds (here, the test itself).
func TestCleanOrphansAtStart(t *testing.T) {
	dir := t.TempDir()
	m := pattern(8, 6, 3, 8)
	writePNM(t, filepath.Join(dir, "a.ppm"), m, "P6")
	orphan := filepath.Join(dir, orphanName("a.ppm", "0123456789abcdef"))
	live := filepath.Join(dir, orphanName("b.ppm", "fedcba9876543210"))
	lookalike := filepath.Join(dir, ".a.ppm.pixview-tmp-xyz") // not fsx's name
	for _, p := range []string{orphan, live, lookalike} {
		if err := os.WriteFile(p, []byte("left by a killed run"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(live)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}

	r := mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "a.ppm")
	if _, err := os.Stat(orphan); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the orphan is still there (%v)", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the live process's temporary file was removed: %v", err)
	}
	if _, err := os.Stat(lookalike); err != nil {
		t.Errorf("a file that only looks like a temporary one was removed: %v", err)
	}
	if !strings.Contains(r.stderr, "removed 1 temporary files left by an interrupted run") {
		t.Errorf("stderr does not say what was removed:\n%s", r.stderr)
	}
	checkImage(t, filepath.Join(dir, "a.ppm"), m.flipH())

	// Under --out, in a directory the run writes to.
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	orphan = filepath.Join(out, orphanName("a.ppm", "00000000000000ff"))
	if err := os.WriteFile(orphan, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, 0, "flip", "--horizontal", "--out", "out", "-q", "a.ppm")
	if _, err := os.Stat(orphan); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the orphan under --out is still there (%v)", err)
	}
}

// TestOutSymlinks: --out never follows a symbolic link out of the output
// tree — one planted as an output's name, or as a directory on its way —
// with or without --force; --follow-symlinks does.
func TestOutSymlinks(t *testing.T) {
	base := t.TempDir()
	in, out, outside := filepath.Join(base, "in"), filepath.Join(base, "out"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(in, "sub"), out, outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	m := pattern(8, 6, 3, 8)
	writePNM(t, filepath.Join(in, "a.ppm"), m, "P6")
	writePNM(t, filepath.Join(in, "sub", "b.ppm"), m, "P6")
	victim := filepath.Join(outside, "victim.ppm")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(out, "a.ppm")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(out, "sub")); err != nil {
		t.Fatal(err)
	}
	untouched := func(when string) {
		t.Helper()
		if b, _ := os.ReadFile(victim); string(b) != "precious" {
			t.Errorf("%s: the file outside --out was written", when)
		}
		if _, err := os.Stat(filepath.Join(outside, "b.ppm")); err == nil {
			t.Errorf("%s: a file was created outside --out", when)
		}
	}
	r := mustRun(t, base, 1, "flip", "--horizontal", "-r", "--out", "out", "-q", "in")
	if !strings.Contains(r.stderr, "exists") {
		t.Errorf("without --force: %q, want the link refused as an existing output", r.stderr)
	}
	untouched("without --force")
	r = mustRun(t, base, 1, "flip", "--horizontal", "-r", "--out", "out", "-q", "--force", "in")
	if !strings.Contains(r.stderr, "out/a.ppm is a symbolic link") || !strings.Contains(r.stderr, "--follow-symlinks") {
		t.Errorf("with --force: stderr %q, want the link named and --follow-symlinks", r.stderr)
	}
	if !strings.Contains(r.stderr, "sub/b.ppm") {
		t.Errorf("with --force: stderr %q, want sub/b.ppm refused", r.stderr)
	}
	untouched("with --force")
	mustRun(t, base, 0, "flip", "--horizontal", "-r", "--out", "out", "-q", "--force", "--follow-symlinks", "in")
	checkImage(t, victim, m.flipH())
	checkImage(t, filepath.Join(outside, "b.ppm"), m.flipH())
}

// TestTwoProcessesInPlace runs three pixtool processes at once over the
// same files, in place: they take turns on each file (the lock is taken
// before the file is read), every run completes without a failure, and
// every file is flipped exactly three times — flipped, neither torn nor
// with an edit lost.
func TestTwoProcessesInPlace(t *testing.T) {
	dir := t.TempDir()
	const n = 12
	orig := map[string]img{}
	var names []string
	for i := range n {
		m := pattern(64, 48, 3, 8)
		m.pix[0] = uint16(i)
		name := "f" + strconv.Itoa(i) + ".ppm"
		writePNM(t, filepath.Join(dir, name), m, "P6")
		orig[name] = m
		names = append(names, name)
	}
	writePNG(t, filepath.Join(dir, "g.png"), pattern(64, 48, 3, 16))
	orig["g.png"] = pattern(64, 48, 3, 16)
	names = append(names, "g.png")
	var wg sync.WaitGroup
	errs := make([]string, 3)
	for k := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := append([]string{"flip", "--horizontal", "--in-place", "-q", "--jobs", "2", "--test-delay", "5ms"}, names...)
			cmd := exec.Command(binary, args...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[k] = err.Error() + ": " + string(out)
			}
		}()
	}
	wg.Wait()
	for k, e := range errs {
		if e != "" {
			t.Errorf("run %d: %s", k, e)
		}
	}
	for name, m := range orig {
		if d := sameImage(readImage(t, filepath.Join(dir, name)), m.flipH()); d != "" {
			t.Errorf("%s after three runs: not flipped exactly three times: %s", name, d)
		}
	}
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// smallDisk mounts a tmpfs of size bytes for the test, or skips: it needs
// root and a kernel that lets this process mount (containers often
// forbid it, CI included: the skip says so).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// TestInPlaceDiskFull: on a disk with no room for a large file's new copy
// beside the old one, the batch fails that file with "no space left on
// device", naming it, leaves it whole and no temporary file, and goes on
// with the small files, which fit.
func TestInPlaceDiskFull(t *testing.T) {
	dir := smallDisk(t, "1m")
	big := pattern(400, 375, 3, 8) // 450 kB
	small := pattern(40, 40, 3, 8)
	writePNM(t, filepath.Join(dir, "big.ppm"), big, "P6")
	writePNM(t, filepath.Join(dir, "s0.ppm"), small, "P6")
	writePNM(t, filepath.Join(dir, "s1.ppm"), small, "P6")
	// 400 kB more: some 170 kB stay free, too little for big.ppm's copy.
	if err := os.WriteFile(filepath.Join(dir, "fill"), make([]byte, 400<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, dir, 1, "flip", "--horizontal", "--in-place", "--json", "big.ppm", "s0.ppm", "s1.ppm")
	if !strings.Contains(r.stderr, "big.ppm: ") || !strings.Contains(r.stderr, "no space left on device") {
		t.Errorf("stderr %q does not say big.ppm met a full disk", r.stderr)
	}
	var s summary
	if err := unmarshalSummary([]byte(r.stdout), &s); err != nil || s.Done != 2 || s.Failed != 1 {
		t.Errorf("summary %+v (%v), want 2 done and 1 failed", s, err)
	}
	checkImage(t, filepath.Join(dir, "big.ppm"), big)
	checkImage(t, filepath.Join(dir, "s0.ppm"), small.flipH())
	checkImage(t, filepath.Join(dir, "s1.ppm"), small.flipH())
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
