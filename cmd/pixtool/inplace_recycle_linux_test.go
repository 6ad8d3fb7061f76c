package main

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/pixview/pixview/internal/fsx"
	"golang.org/x/sys/unix"
)

// recycleFixtures writes PPMs, PGMs, PNGs and JPEGs of different sizes
// (a smaller file after a larger one, and the reverse) into dir, with
// different modes, owners (as root) and extended attributes, and returns
// their names in the order the batch takes them.
func recycleFixtures(t *testing.T, dir string) []string {
	t.Helper()
	rng := rand.New(rand.NewPCG(16, 2))
	noise := func(w, h int) *image.NRGBA { return noiseNRGBA(rng, w, h) }
	pnm := func(magic string, w, h, c int) []byte {
		b := []byte(magic + "\n" + strconv.Itoa(w) + " " + strconv.Itoa(h) + "\n255\n")
		for range w * h * c {
			b = append(b, uint8(rng.Uint32()))
		}
		return b
	}
	enc := func(w, h int, jpg bool) []byte {
		var b bytes.Buffer
		var err error
		if jpg {
			err = jpeg.Encode(&b, noise(w, h), &jpeg.Options{Quality: 95})
		} else {
			err = png.Encode(&b, noise(w, h))
		}
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	files := []struct {
		name string
		b    []byte
	}{
		{"a.ppm", pnm("P6", 400, 300, 3)},
		{"b.ppm", pnm("P6", 64, 40, 3)}, // smaller after larger
		{"c.png", enc(200, 120, false)},
		{"d.jpg", enc(256, 160, true)}, // a multiple of the MCU: exact
		{"e.pgm", pnm("P5", 300, 200, 1)},
		{"f.jpg", enc(64, 32, true)},
		{"g.ppm", pnm("P6", 500, 300, 3)}, // larger after smaller
		{"h.png", enc(40, 30, false)},
	}
	modes := []os.FileMode{0o644, 0o600, 0o640, 0o604, 0o664, 0o644, 0o660, 0o606}
	var names []string
	for i, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, f.b, 0o600); err != nil {
			t.Fatal(err)
		}
		for k := range i % 3 {
			if err := unix.Setxattr(p, fmt.Sprintf("user.x%d", k), []byte(f.name), 0); err != nil {
				t.Skipf("no user extended attributes in %s: %v", dir, err)
			}
		}
		if os.Geteuid() == 0 && i%2 == 1 {
			if err := os.Chown(p, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(p, modes[i]); err != nil {
			t.Fatal(err)
		}
		names = append(names, f.name)
	}
	return names
}

// recycleState is what an in-place flip must leave at a name.
type recycleState struct {
	content  []byte
	mode     os.FileMode
	uid, gid int
	xattrs   map[string]string
}

func recycleStateOf(t *testing.T, path string) recycleState {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	id, err := fsx.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	s := recycleState{content: b, mode: id.Mode, uid: id.UID, gid: id.GID, xattrs: map[string]string{}}
	buf := make([]byte, 4096)
	n, err := unix.Listxattr(path, buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range bytes.Split(buf[:n], []byte{0}) {
		if len(name) == 0 {
			continue
		}
		v := make([]byte, 4096)
		k, err := unix.Getxattr(path, string(name), v)
		if err != nil {
			t.Fatal(err)
		}
		s.xattrs[string(name)] = string(v[:k])
	}
	return s
}

func inodeOf(t *testing.T, path string) uint64 {
	t.Helper()
	id, err := fsx.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return id.Ino
}

// TestInPlaceRecycles is the law of recycling at the command's level: an
// in-place batch in which every file is held open by a reader (so that no
// replaced file may be written over) and the same batch with nothing held
// (so that each file's new content goes into the file replaced before it)
// leave every file the same — content, mode, owner and group, extended
// attributes — and the reader keeps reading the old bytes. The batch runs
// on tmpfs, whose inode numbers are never reused soon, so that a file
// written over is seen: its inode moves to another name. A hard-linked file
// is never written over (its other name keeps the old content).
func TestInPlaceRecycles(t *testing.T) {
	base := "/dev/shm"
	if fi, err := os.Stat(base); err != nil || !fi.IsDir() {
		t.Skip("no /dev/shm (tmpfs) here")
	}
	root, err := os.MkdirTemp(base, "pixview-recycle-")
	if err != nil {
		t.Skipf("/dev/shm: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	held, free := filepath.Join(root, "held"), filepath.Join(root, "free")
	for _, d := range []string{held, free} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := recycleFixtures(t, held)
	recycleFixtures(t, free)
	orig := readAll(t, held, names)
	// A hard link to one file of the free batch: that file is replaced but
	// never written over.
	const linked = "c.png"
	if err := os.Link(filepath.Join(free, linked), filepath.Join(root, "link.png")); err != nil {
		t.Fatal(err)
	}

	var readers []*os.File
	before := map[uint64]string{}
	for _, n := range names {
		f, err := os.Open(filepath.Join(held, n))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		readers = append(readers, f)
		before[inodeOf(t, filepath.Join(free, n))] = n
	}
	args := append([]string{"flip", "--horizontal", "--in-place", "-q", "--jobs", "1"}, names...)
	mustRun(t, held, 0, args...)
	mustRun(t, free, 0, args...)

	for i, n := range names {
		got := make([]byte, len(orig[n]))
		if k, err := readers[i].ReadAt(got, 0); k != len(got) || !bytes.Equal(got, orig[n]) {
			t.Errorf("%s: a reader that opened it before the batch no longer reads the old bytes (%v)", n, err)
		}
		h, f := recycleStateOf(t, filepath.Join(held, n)), recycleStateOf(t, filepath.Join(free, n))
		if bytes.Equal(h.content, orig[n]) {
			t.Errorf("%s: not flipped", n)
		}
		if !bytes.Equal(h.content, f.content) {
			t.Errorf("%s: recycled content (%d bytes) differs from the fresh file's (%d bytes)", n, len(f.content), len(h.content))
		}
		if h.mode != f.mode || h.uid != f.uid || h.gid != f.gid || fmt.Sprint(h.xattrs) != fmt.Sprint(f.xattrs) {
			t.Errorf("%s: recycled mode %v owner %d:%d xattrs %v, fresh %v %d:%d %v", n, f.mode, f.uid, f.gid, f.xattrs, h.mode, h.uid, h.gid, h.xattrs)
		}
	}
	// Which files went into a file replaced before them.
	var moved []string
	for _, n := range names {
		if from, ok := before[inodeOf(t, filepath.Join(free, n))]; ok && from != n {
			moved = append(moved, from+"→"+n)
			if from == linked {
				t.Errorf("%s went into the hard-linked %s's old file", n, linked)
			}
		}
	}
	t.Logf("written over: %v", moved)
	if len(moved) < len(names)-3 {
		t.Errorf("only %d of %d files were written into a replaced file", len(moved), len(names))
	}
	if got, _ := os.ReadFile(filepath.Join(root, "link.png")); !bytes.Equal(got, orig[linked]) {
		t.Errorf("the hard link of %s no longer holds its old content", linked)
	}
	for _, d := range []string{held, free} {
		if tmp := temps(t, d); len(tmp) > 0 {
			t.Errorf("%s: temporary files left: %v", d, tmp)
		}
	}
}
