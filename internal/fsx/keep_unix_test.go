//go:build unix

package fsx

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReplaceKeepsMode(t *testing.T) {
	for _, mode := range []fs.FileMode{0o640, 0o755, 0o600, 0o604 | fs.ModeSetgid, 0o000, 0o444} {
		t.Run(mode.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.png")
			mustWrite(t, path, "old", 0o600)
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			_, err := Replace(path, writeBytes([]byte("new")), nil)
			readOnly := mode&0o222 == 0
			if readOnly {
				if !errors.Is(err, ErrReadOnly) {
					t.Fatalf("read-only %v without Force: err %v, want ErrReadOnly", mode, err)
				}
				t.Log(err)
				if id, _ := os.Lstat(path); id.Mode() != mode {
					t.Fatalf("refused file's mode changed to %v", id.Mode())
				}
				_, err = Replace(path, writeBytes([]byte("new")), &Options{Force: true})
			}
			if err != nil {
				t.Fatal(err)
			}
			fi, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode() != mode {
				t.Errorf("mode %v, want %v", fi.Mode(), mode)
			}
			os.Chmod(path, 0o600)
			if got := mustRead(t, path); got != "new" {
				t.Errorf("content %q", got)
			}
		})
	}
}

func TestReplaceNewFileUmask(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.ppm")
	res, err := Replace(path, writeBytes([]byte("x")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Old != (Identity{}) {
		t.Errorf("result %+v, want Created and a zero Old", res)
	}
	ref := filepath.Join(filepath.Dir(path), "ref")
	f, _ := os.Create(ref)
	f.Close()
	a, _ := os.Stat(path)
	b, _ := os.Stat(ref)
	if a.Mode() != b.Mode() {
		t.Errorf("new file mode %v, os.Create gives %v", a.Mode(), b.Mode())
	}
}

func TestReplaceKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to nobody needs root")
	}
	path := filepath.Join(t.TempDir(), "a.jpg")
	mustWrite(t, path, "old", 0o750|fs.ModeSetuid)
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o750|fs.ModeSetuid) // chown cleared set-user-ID
	res, err := Replace(path, writeBytes([]byte("new")), nil)
	if err != nil || len(res.Warnings) > 0 {
		t.Fatal(err, res.Warnings)
	}
	id, _ := Stat(path)
	if id.UID != 65534 || id.GID != 65534 || id.Mode != 0o750|fs.ModeSetuid {
		t.Errorf("owner %d:%d mode %v, want 65534:65534 -rwsr-x---", id.UID, id.GID, id.Mode)
	}
}

func TestReplaceKeepsXattrs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ppm")
	mustWrite(t, path, "old", 0o640)
	if _, err := runErr(tool(t, "setfattr"), "-n", "user.x", "-v", "1", path); err != nil {
		t.Skipf("no user extended attributes here: %v", err)
	}
	run(t, "setfattr", "-n", "user.empty", path)
	run(t, "setfattr", "-n", "user.bin", "-v", "0x00ff00", path)
	acl := false
	// .ci/run installs attr, not acl: the ACL part runs where setfacl is.
	if p, err := exec.LookPath("setfacl"); err != nil {
		t.Log("setfacl not found: ACLs not tested")
	} else if _, err := runErr(p, "-m", "u:65534:r", path); err == nil {
		acl = true
	}
	before := run(t, "getfattr", "-d", "-m", "-", "-e", "hex", path)
	var beforeACL string
	if acl {
		beforeACL = run(t, "getfacl", "-c", path)
	}
	res, err := Replace(path, writeBytes([]byte("new")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	after := run(t, "getfattr", "-d", "-m", "-", "-e", "hex", path)
	if before != after {
		t.Errorf("extended attributes before:\n%s\nafter:\n%s", before, after)
	}
	if !strings.Contains(after, "user.x=0x31") {
		t.Errorf("user.x missing:\n%s", after)
	}
	if acl {
		if a := run(t, "getfacl", "-c", path); a != beforeACL {
			t.Errorf("ACL before:\n%s\nafter:\n%s", beforeACL, a)
		}
	}
	if mustRead(t, path) != "new" {
		t.Error("content not replaced")
	}
}

// TestReplaceXattrRefused: an attribute the file system will not set on
// the new file is a warning naming it.
func TestReplaceXattrRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ppm")
	mustWrite(t, path, "old", 0o640)
	if _, err := runErr(tool(t, "setfattr"), "-n", "user.x", "-v", "1", path); err != nil {
		t.Skipf("no user extended attributes here: %v", err)
	}
	s := &faultSys{failAt: 1, failOnly: "setxattr"}
	res, err := replaceWith(t, s, path, []byte("new"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !errors.Is(res.Warnings[0], ErrNotKept) || !strings.Contains(res.Warnings[0].Error(), "user.x") {
		t.Fatalf("warnings %v", res.Warnings)
	}
}

// TestReplacePreserveTimes: with PreserveTimes the new file has the old
// one's modification time and the access time Want had, from before the
// caller read the file (which moves it under relatime); without Want, the
// locked file's.
func TestReplacePreserveTimes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a")
	mustWrite(t, path, "old", 0o644)
	at := time.Date(2000, 1, 2, 3, 4, 5, 678901234, time.UTC)
	mt := time.Date(2001, 2, 3, 4, 5, 6, 789012345, time.UTC)
	if err := os.Chtimes(path, at, mt); err != nil {
		t.Fatal(err)
	}
	want, err := Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if want.ATime != at.UnixNano() {
		t.Fatalf("Stat: atime %v, want %v", time.Unix(0, want.ATime).UTC(), at)
	}
	mustRead(t, path) // an access older than the modification: relatime moves it
	if _, err := Replace(path, writeBytes([]byte("new")), &Options{PreserveTimes: true, Want: &want}); err != nil {
		t.Fatal(err)
	}
	now, err := Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if now.ModTime != mt.UnixNano() || now.ATime != at.UnixNano() {
		t.Errorf("mtime %v atime %v, want %v and %v", time.Unix(0, now.ModTime).UTC(), time.Unix(0, now.ATime).UTC(), mt, at)
	}
	// Without Want, the times of the file as locked.
	at2 := time.Date(2002, 1, 1, 0, 0, 0, 5, time.UTC)
	if err := os.Chtimes(path, at2, mt); err != nil {
		t.Fatal(err)
	}
	if _, err := Replace(path, writeBytes([]byte("new2")), &Options{PreserveTimes: true}); err != nil {
		t.Fatal(err)
	}
	if now, _ := Stat(path); now.ModTime != mt.UnixNano() || now.ATime != at2.UnixNano() {
		t.Errorf("without Want: mtime %v atime %v, want %v and %v", time.Unix(0, now.ModTime).UTC(), time.Unix(0, now.ATime).UTC(), mt, at2)
	}
	if _, err := Replace(path, writeBytes([]byte("newer")), nil); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.ModTime().Equal(mt) {
		t.Error("mtime kept without PreserveTimes")
	}
}

// TestReplaceHardLinks: the replaced name gets the new file, the other
// names keep the old content, and Result says there were others.
func TestReplaceHardLinks(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	mustWrite(t, a, "old", 0o644)
	if err := os.Link(a, b); err != nil {
		t.Skip(err)
	}
	res, err := Replace(a, writeBytes([]byte("new")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Old.Nlink != 2 {
		t.Errorf("Old.Nlink %d, want 2", res.Old.Nlink)
	}
	if mustRead(t, a) != "new" || mustRead(t, b) != "old" {
		t.Errorf("a=%q b=%q, want new, old", mustRead(t, a), mustRead(t, b))
	}
	if ia, _ := Stat(a); ia.Nlink != 1 {
		t.Errorf("new file has %d links", ia.Nlink)
	}
}

// TestReplaceSymlink: a symbolic link's target is replaced and the link
// stays; a dangling one is refused.
func TestReplaceSymlink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target"), filepath.Join(dir, "link")
	mustWrite(t, target, "old", 0o644)
	os.Symlink("target", link)
	if _, err := Replace(link, writeBytes([]byte("new")), nil); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&fs.ModeSymlink == 0 || mustRead(t, target) != "new" {
		t.Error("link replaced, or target not")
	}
	os.Symlink("missing", filepath.Join(dir, "dangling"))
	if _, err := Replace(filepath.Join(dir, "dangling"), writeBytes(nil), nil); !errors.Is(err, ErrNotRegular) {
		t.Errorf("dangling link: %v, want ErrNotRegular", err)
	}
	if _, err := Replace(dir, writeBytes(nil), nil); !errors.Is(err, ErrNotRegular) {
		t.Errorf("directory: %v, want ErrNotRegular", err)
	}
}

func TestReplaceWriteError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a")
	mustWrite(t, path, "old", 0o644)
	bad := errors.New("encoder failed")
	_, err := Replace(path, func(w io.Writer) error { w.Write([]byte("partial")); return bad }, nil)
	if err != bad {
		t.Errorf("err %v, want write's own error", err)
	}
	func() {
		defer func() { recover() }()
		Replace(path, func(w io.Writer) error { w.Write([]byte("partial")); panic("boom") }, nil)
	}()
	if mustRead(t, path) != "old" || len(tempsIn(t, dir)) > 0 {
		t.Errorf("after failures: %q, temps %v", mustRead(t, path), tempsIn(t, dir))
	}
}

// TestStat: Stat and StatFile agree with each other and with os.Stat, a
// symbolic link is followed, and a FIFO is stat'ed without blocking.
func TestStat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a")
	mustWrite(t, path, "12345", 0o000)
	a, err := Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	os.Symlink("a", filepath.Join(dir, "l"))
	l, err := Stat(filepath.Join(dir, "l"))
	if err != nil || l != a {
		t.Errorf("through a link: %+v %v, want %+v", l, err, a)
	}
	os.Chmod(path, 0o600)
	f, _ := os.Open(path)
	defer f.Close()
	b, _ := StatFile(f)
	fi, _ := os.Stat(path)
	if !a.SameFile(b) || !a.Unchanged(b) || a.Size != 5 || a.ModTime != fi.ModTime().UnixNano() || a.Nlink != 1 || a.Mode != 0 || b.Mode != 0o600 {
		t.Errorf("Stat %+v, StatFile %+v", a, b)
	}
	if a.UID != os.Geteuid() {
		t.Errorf("UID %d, want %d", a.UID, os.Geteuid())
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	if id, err := Stat(fifo); err != nil || id.Mode&fs.ModeNamedPipe == 0 {
		t.Errorf("FIFO: %+v %v", id, err)
	}
	if _, err := Replace(fifo, writeBytes(nil), nil); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Replace of a FIFO: %v, want ErrNotRegular", err)
	}
	if _, err := LockFile(fifo); !errors.Is(err, ErrNotRegular) {
		t.Errorf("LockFile of a FIFO: %v, want ErrNotRegular", err)
	}
}
