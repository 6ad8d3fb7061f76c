package fsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// replaceLocked replaces path under its Lock, as pixtool does, with
// content, and closes the Lock (which gives the old file back to spares).
func replaceLocked(t *testing.T, path string, content []byte, opts *Options) Result {
	t.Helper()
	l, err := LockFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.Replace(writeBytes(content), opts)
	if cerr := l.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	id, err := Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return id.Ino
}

// recyclingWorks skips the test where the file system of dir cannot
// exchange two names (the replacement then renames, and keeps no spare).
func recyclingWorks(t *testing.T, dir string) {
	t.Helper()
	a, b := filepath.Join(dir, ".xa"), filepath.Join(dir, ".xb")
	mustWrite(t, a, "a", 0o600)
	mustWrite(t, b, "b", 0o600)
	defer os.Remove(a)
	defer os.Remove(b)
	if err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE); err != nil {
		t.Skipf("renameat2 RENAME_EXCHANGE on %s: %v", dir, err)
	}
	f, err := os.OpenFile(a, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := alone(f); err != nil {
		t.Skipf("no write lease on %s: %v", dir, err)
	}
}

// TestSparesRecycle: each replacement of a batch writes over the file the
// one before replaced (the inode moves from name to name), the content is
// exactly the new one whether it is shorter or longer than the spare's,
// and Close leaves no temporary file.
func TestSparesRecycle(t *testing.T) {
	dir := t.TempDir()
	recyclingWorks(t, dir)
	sizes := []int{300 << 10, 5, 700 << 10, 0, 64 << 10, 1 << 20}
	var paths []string
	for i, n := range sizes {
		p := filepath.Join(dir, fmt.Sprintf("f%d", i))
		mustWrite(t, p, string(bytes.Repeat([]byte{'o'}, n+1)), 0o644)
		paths = append(paths, p)
	}
	sp := NewSpares(1)
	var prevOld uint64
	for i, p := range paths {
		old := inode(t, p)
		content := bytes.Repeat([]byte{byte('a' + i)}, sizes[i])
		replaceLocked(t, p, content, &Options{Spares: sp})
		if got, _ := os.ReadFile(p); !bytes.Equal(got, content) {
			t.Fatalf("%s: %d bytes, want %d of %q", p, len(got), len(content), content[:min(1, len(content))])
		}
		if i > 0 && inode(t, p) != prevOld {
			t.Errorf("%s: inode %d, want the spare %d (the file replaced before)", p, inode(t, p), prevOld)
		}
		prevOld = old
	}
	if got := sp.Reused(); got != len(paths)-1 {
		t.Errorf("Reused %d, want %d", got, len(paths)-1)
	}
	if tmps := tempsIn(t, dir); len(tmps) != 1 {
		t.Errorf("before Close: temporary files %v, want the one spare", tmps)
	}
	if err := sp.Close(); err != nil {
		t.Fatal(err)
	}
	if tmps := tempsIn(t, dir); len(tmps) != 0 {
		t.Errorf("after Close: temporary files %v", tmps)
	}
	// A closed Spares keeps none: the next replacement frees the old file.
	replaceLocked(t, paths[0], []byte("x"), &Options{Spares: sp})
	if tmps := tempsIn(t, dir); len(tmps) != 0 {
		t.Errorf("after a replacement with closed spares: temporary files %v", tmps)
	}
}

// TestSparesNeverShared: a file another descriptor has open (a reader
// from before the replacement), or mapped, or that has another name, is
// never written over: the reader keeps reading the old bytes, the other
// name keeps the old content.
func TestSparesNeverShared(t *testing.T) {
	for _, how := range []string{"open", "mapped", "hardlink"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			recyclingWorks(t, dir)
			a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
			oldA := bytes.Repeat([]byte("old a "), 10000)
			mustWrite(t, a, string(oldA), 0o644)
			mustWrite(t, b, "old b", 0o644)
			var check func()
			switch how {
			case "open":
				r, err := os.Open(a)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				check = func() {
					got := make([]byte, len(oldA))
					if _, err := r.ReadAt(got, 0); err != nil || !bytes.Equal(got, oldA) {
						t.Errorf("the reader's file is no longer the old a (%v)", err)
					}
				}
			case "mapped":
				f, err := os.Open(a)
				if err != nil {
					t.Fatal(err)
				}
				m, err := unix.Mmap(int(f.Fd()), 0, len(oldA), unix.PROT_READ, unix.MAP_SHARED)
				f.Close() // the mapping alone holds the file
				if err != nil {
					t.Fatal(err)
				}
				defer unix.Munmap(m)
				check = func() {
					if !bytes.Equal(m, oldA) {
						t.Errorf("the mapping no longer shows the old a")
					}
				}
			case "hardlink":
				if err := os.Link(a, filepath.Join(dir, "link")); err != nil {
					t.Fatal(err)
				}
				check = func() {
					if got, _ := os.ReadFile(filepath.Join(dir, "link")); !bytes.Equal(got, oldA) {
						t.Errorf("the other name no longer holds the old a")
					}
				}
			}
			sp := NewSpares(2)
			defer sp.Close()
			replaceLocked(t, a, []byte("new a"), &Options{Spares: sp})
			replaceLocked(t, b, bytes.Repeat([]byte("new b "), 20000), &Options{Spares: sp})
			check()
			if got := sp.Reused(); got != 0 {
				t.Errorf("Reused %d: a file held elsewhere was written over", got)
			}
			if got := mustRead(t, a); got != "new a" {
				t.Errorf("a: %q", got)
			}
			if tmps := tempsIn(t, dir); len(tmps) != 1 {
				t.Errorf("temporary files %v, want b's old file alone as a spare", tmps)
			}
		})
	}
}

// fileState is what a replacement must leave at a name, apart from the
// inode number and the times.
type fileState struct {
	content  string
	mode     fs.FileMode
	uid, gid uint32
	xattrs   map[string]string
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := fileState{content: mustRead(t, path), mode: fi.Mode(), uid: st.Uid, gid: st.Gid, xattrs: map[string]string{}}
	names, err := listXattrs(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		v, err := getXattr(f, n)
		if err != nil {
			t.Fatal(err)
		}
		s.xattrs[n] = string(v)
	}
	return s
}

func (s fileState) String() string {
	return fmt.Sprintf("%d bytes mode %v owner %d:%d xattrs %v", len(s.content), s.mode, s.uid, s.gid, s.xattrs)
}

func (s fileState) equal(o fileState) bool {
	if s.content != o.content || s.mode != o.mode || s.uid != o.uid || s.gid != o.gid || len(s.xattrs) != len(o.xattrs) {
		return false
	}
	for k, v := range s.xattrs {
		if w, ok := o.xattrs[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestSparesLikeFresh is the law: a batch that recycles leaves every file
// exactly as a batch that does not — content (shorter and longer than
// the spare), mode, owner and group, extended attributes (those the spare
// had and the target lacks gone, the target's own kept).
func TestSparesLikeFresh(t *testing.T) {
	root := t.TempDir()
	recyclingWorks(t, root)
	rng := rand.New(rand.NewPCG(1, 2))
	type spec struct {
		size     int
		mode     fs.FileMode
		uid, gid int
		xattrs   map[string]string
	}
	var specs []spec
	for i := range 24 {
		s := spec{size: rng.IntN(600 << 10), mode: []fs.FileMode{0o644, 0o600, 0o640, 0o604 | fs.ModeSetgid, 0o755 | fs.ModeSetuid, 0o444}[rng.IntN(6)], uid: -1, gid: -1, xattrs: map[string]string{}}
		if i%7 == 3 {
			s.size = 0
		}
		if os.Geteuid() == 0 && rng.IntN(3) == 0 {
			s.uid, s.gid = 65534, 65534
		}
		for _, n := range []string{"user.a", "user.b", "user.c"} {
			if rng.IntN(2) == 0 {
				s.xattrs[n] = fmt.Sprintf("%s=%d", n, rng.IntN(3))
			}
		}
		specs = append(specs, s)
	}
	setup := func(dir string) []string {
		var paths []string
		for i, s := range specs {
			p := filepath.Join(dir, fmt.Sprintf("f%02d", i))
			mustWrite(t, p, string(bytes.Repeat([]byte{'o'}, (s.size*7)%(700<<10))), 0o600)
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			for n, v := range s.xattrs {
				if err := setXattr(f, n, []byte(v)); err != nil {
					f.Close()
					t.Skipf("extended attributes on %s: %v", dir, err)
				}
			}
			f.Close()
			if s.uid >= 0 {
				if err := os.Chown(p, s.uid, s.gid); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chmod(p, s.mode); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
		return paths
	}
	run := func(name string, spares *Spares) []fileState {
		dir := filepath.Join(root, name)
		os.Mkdir(dir, 0o755)
		var out []fileState
		for i, p := range setup(dir) {
			content := bytes.Repeat([]byte{byte('A' + i)}, specs[i].size)
			replaceLocked(t, p, content, &Options{Spares: spares, Force: true})
			out = append(out, stateOf(t, p))
		}
		if spares != nil {
			spares.Close()
		}
		if tmps := tempsIn(t, dir); len(tmps) != 0 {
			t.Errorf("%s: temporary files left: %v", name, tmps)
		}
		return out
	}
	fresh := run("fresh", nil)
	sp := NewSpares(1)
	recycled := run("recycled", sp)
	if sp.Reused() < len(specs)/2 {
		t.Errorf("only %d of %d replacements recycled: the law is not exercised", sp.Reused(), len(specs))
	}
	t.Logf("%d of %d replacements wrote over a spare", sp.Reused(), len(specs))
	for i := range specs {
		if !fresh[i].equal(recycled[i]) {
			t.Errorf("file %d: recycled %v, fresh %v", i, recycled[i], fresh[i])
		}
	}
}

// TestSparesFaults fails, in turn, every step of a replacement that
// writes over a spare: before the exchange the target is intact, after it
// complete, and once the Spares is closed no temporary file is left.
func TestSparesFaults(t *testing.T) {
	dir := t.TempDir()
	recyclingWorks(t, dir)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	newB := bytes.Repeat([]byte("new b "), 50<<10) // 300 KiB: two writes
	prepare := func() *Spares {
		mustWrite(t, a, string(bytes.Repeat([]byte("old a "), 100<<10)), 0o640)
		mustWrite(t, b, "old b", 0o640)
		f, _ := os.Open(a)
		setXattr(f, "user.x", []byte("1")) // the spare has it, b does not
		f.Close()
		sp := NewSpares(1)
		if _, err := replaceWith(t, osSys{}, a, []byte("new a"), &Options{Spares: sp}); err != nil {
			t.Fatal(err)
		}
		return sp
	}
	sp := prepare()
	good := &faultSys{}
	if _, err := replaceWith(t, good, b, newB, &Options{Spares: sp}); err != nil {
		t.Fatal(err)
	}
	sp.Close()
	for _, want := range []string{"alone", "chmod", "removexattr", "truncate", "exchange", "syncdir", "openrw"} {
		if !slices.Contains(good.steps, want) {
			t.Fatalf("a recycling replacement took no %q step: %v", want, good.steps)
		}
	}
	if got := durable(good.steps); !slices.Equal(got, []string{"write", "truncate", "sync", "exchange", "syncdir"}) {
		t.Errorf("durable steps %v (all: %v)", got, good.steps)
	}
	nfail := 0
	for _, st := range good.steps {
		if st != "remove" && st != "close" {
			nfail++
		}
	}
	for k := 1; k <= nfail; k++ {
		sp := prepare()
		before, _ := Stat(b)
		s := &faultSys{failAt: k}
		_, err := replaceWith(t, s, b, newB, &Options{Spares: sp})
		failed := ""
		n := 0
		for _, st := range s.steps {
			if st != "remove" && st != "close" {
				if n++; n == k {
					failed = st
				}
			}
		}
		got, _ := os.ReadFile(b)
		switch {
		case err == nil || errors.Is(err, ErrNotDurable):
			if !bytes.Equal(got, newB) {
				t.Errorf("step %d (%s): committed (err %v) but b is not the new content", k, failed, err)
			}
		default:
			if !errors.Is(err, errInjected) {
				t.Errorf("step %d (%s): err %v, want the injected fault", k, failed, err)
			}
			after, _ := Stat(b)
			if string(got) != "old b" || !after.Unchanged(before) {
				t.Errorf("step %d (%s): old b not intact: %q", k, failed, got[:min(10, len(got))])
			}
		}
		// A fault in readying the spare, or in keeping the file replaced
		// as one, fails nothing; a fault of the replacement itself does.
		if err == nil && slices.Contains([]string{"write", "truncate", "sync", "exchange", "syncdir", "create", "create-anon", "link", "rename"}, failed) {
			t.Errorf("step %d (%s): no error", k, failed)
		}
		if got := mustRead(t, a); got != "new a" {
			t.Errorf("step %d (%s): a is %q", k, failed, got)
		}
		if err := sp.Close(); err != nil {
			t.Errorf("step %d (%s): Close: %v", k, failed, err)
		}
		if tmps := tempsIn(t, dir); len(tmps) > 0 {
			t.Errorf("step %d (%s): temporary files left: %v", k, failed, tmps)
		}
	}
}

// TestSparesPrivate: while the new content is written into a spare, the
// spare has mode 0600, as a new temporary file does, whatever the mode of
// the file it was.
func TestSparesPrivate(t *testing.T) {
	dir := t.TempDir()
	recyclingWorks(t, dir)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	mustWrite(t, a, "old a", 0o644)
	mustWrite(t, b, "old b", 0o600)
	sp := NewSpares(1)
	defer sp.Close()
	replaceLocked(t, a, []byte("new a"), &Options{Spares: sp})
	l, err := LockFile(b)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	seen := 0
	if _, err := l.Replace(func(w io.Writer) error {
		for _, n := range tempsIn(t, dir) {
			fi, err := os.Stat(filepath.Join(dir, n))
			if err != nil {
				return err
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("while written, the spare %s has mode %v", n, fi.Mode())
			}
			seen++
		}
		_, err := w.Write([]byte("new b"))
		return err
	}, &Options{Spares: sp}); err != nil {
		t.Fatal(err)
	}
	if seen != 1 || sp.Reused() != 1 {
		t.Errorf("saw %d spares while writing, Reused %d: want 1 and 1", seen, sp.Reused())
	}
}

// TestSparesOwnerNotGiven: a spare whose owner or group differs from the
// target's and cannot be given the target's (EPERM, as for a user who is
// not root) is not used: the replacement goes to a new file, with the
// warning a new file gets.
func TestSparesOwnerNotGiven(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the files different groups")
	}
	dir := t.TempDir()
	recyclingWorks(t, dir)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	mustWrite(t, a, "old a", 0o644)
	mustWrite(t, b, "old b", 0o644)
	if err := os.Chown(b, 0, 65534); err != nil {
		t.Fatal(err)
	}
	sp := NewSpares(1)
	defer sp.Close()
	if _, err := replaceWith(t, osSys{}, a, []byte("new a"), &Options{Spares: sp}); err != nil {
		t.Fatal(err)
	}
	res, err := replaceWith(t, &eitherChown{&faultSys{}}, b, []byte("new b"), &Options{Spares: sp})
	if err != nil {
		t.Fatal(err)
	}
	if sp.Reused() != 0 {
		t.Errorf("the spare was used though its group could not be made b's")
	}
	if len(res.Warnings) != 1 || !errors.Is(res.Warnings[0], ErrNotKept) {
		t.Errorf("warnings %v, want the new file's one", res.Warnings)
	}
}

// eitherChown is the real layer with every chown failing as it does for
// a user who is not root.
type eitherChown struct{ *faultSys }

func (e *eitherChown) chown(f *os.File, uid, gid int) error {
	return &fs.PathError{Op: "fchown", Path: f.Name(), Err: syscall.EPERM}
}

// TestSparesWaiter: a second writer that opened the file before the
// exchange and waits for its lock takes it, when the first closes its Lock,
// in a race with the first's taking of the spare's lock. Whoever wins, the
// file replaced is not a spare (the waiter has it open) and no temporary
// file is left once both are done.
func TestSparesWaiter(t *testing.T) {
	dir := t.TempDir()
	recyclingWorks(t, dir)
	path := filepath.Join(dir, "a")
	for round := range 40 {
		mustWrite(t, path, "0", 0o644)
		sp := NewSpares(1)
		l, err := LockFile(path)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error)
		go func() { done <- increment(path) }() // opens a, waits for its lock
		waitForWaiter(t, l.Identity().Ino)
		if _, err := l.Replace(writeBytes([]byte("1")), &Options{Spares: sp}); err != nil {
			t.Fatal(err)
		}
		l.Close()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		sp.Close()
		if got := mustRead(t, path); got != "2" {
			t.Fatalf("round %d: counter %q, want 2", round, got)
		}
		if tmps := tempsIn(t, dir); len(tmps) > 0 {
			t.Fatalf("round %d: temporary files left: %v", round, tmps)
		}
	}
}

// waitForWaiter waits until /proc/locks shows a process blocked on a lock
// of the inode ino.
func waitForWaiter(t *testing.T, ino uint64) {
	t.Helper()
	suffix := ":" + strconv.FormatUint(ino, 10)
	for range 5000 {
		b, err := os.ReadFile("/proc/locks")
		if err != nil {
			t.Skipf("/proc/locks: %v", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) > 6 && f[1] == "->" && strings.HasSuffix(f[6], suffix) {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the second writer never waited for the lock")
}

// TestSparesEvictOldest: a full Spares makes room for the newest spare
// (the batch's current directory) by removing the oldest, so that a batch
// over several directories keeps recycling in each.
func TestSparesEvictOldest(t *testing.T) {
	root := t.TempDir()
	recyclingWorks(t, root)
	sp := NewSpares(1)
	defer sp.Close()
	for _, d := range []string{"x", "y"} {
		dir := filepath.Join(root, d)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			p := filepath.Join(dir, strconv.Itoa(i))
			mustWrite(t, p, "old", 0o644)
			replaceLocked(t, p, []byte("new"), &Options{Spares: sp})
		}
	}
	if got := sp.Reused(); got != 4 {
		t.Errorf("Reused %d, want 4 (two in each directory)", got)
	}
	if tmps := tempsIn(t, filepath.Join(root, "x")); len(tmps) != 0 {
		t.Errorf("the first directory's spare was kept: %v", tmps)
	}
}
