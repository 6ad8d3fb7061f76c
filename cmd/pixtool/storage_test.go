package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLocalStoreCreate checks the commit rules of the local store: a new
// file appears whole with its parents; an existing one is refused without
// Overwrite; a failed write leaves nothing; a replacement with an
// Unchanged precondition commits only while the file is the one read.
func TestLocalStoreCreate(t *testing.T) {
	ctx := context.Background()
	var st store = localStore{}
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "a.bin")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	c, err := st.Create(ctx, p, createOptions{}, write("one"))
	if err != nil || c.Size != 3 {
		t.Fatalf("create: %v, %d bytes", err, c.Size)
	}
	if _, err := st.Create(ctx, p, createOptions{}, write("two")); !errors.Is(err, errExists) {
		t.Errorf("create over an existing file without Overwrite: %v, want errExists", err)
	}
	boom := errors.New("boom")
	if _, err := st.Create(ctx, p, createOptions{Overwrite: true}, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	}); !errors.Is(err, boom) {
		t.Errorf("failed write: %v, want boom", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Errorf("after a failed write the file holds %q, want the old %q", b, "one")
	}
	if ents, _ := os.ReadDir(filepath.Dir(p)); len(ents) != 1 {
		t.Errorf("%d entries beside the file after a failed write: a temporary file was left", len(ents))
	}

	f, err := st.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	read := f.Info().ID
	f.Close()
	if _, err := st.Create(ctx, p, createOptions{Unchanged: &read}, write("three")); err != nil {
		t.Fatalf("replace of an unchanged file: %v", err)
	}
	// The file read is gone: the name holds a new file now.
	if _, err := st.Create(ctx, p, createOptions{Unchanged: &read}, write("four")); !errors.Is(err, errChanged) {
		t.Errorf("replace of a file replaced since it was read: %v, want errChanged", err)
	}
	now, err := st.Stat(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	// Someone appends to it: same file, new size.
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(p, []byte("three and more"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Create(ctx, p, createOptions{Unchanged: &now.ID}, write("five")); !errors.Is(err, errChanged) {
		t.Errorf("replace of a file modified since it was read: %v, want errChanged", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "three and more" {
		t.Errorf("a failed precondition changed the file to %q", b)
	}
}

// TestIdentity checks identity's laws on real files: a file is itself,
// hard links are one file, a copy is another, and a change of content is
// seen by unchanged but not by sameFile.
func TestIdentity(t *testing.T) {
	ctx := context.Background()
	st := localStore{}
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	if err := os.WriteFile(a, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	idOf := func(p string) identity {
		fi, err := st.Stat(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.ID
	}
	ia := idOf(a)
	if !ia.sameFile(ia) || !ia.unchanged(idOf(a)) {
		t.Error("a file is not itself")
	}
	if ia.sameFile(idOf(c)) {
		t.Error("a copy is the same file")
	}
	if err := os.Link(a, b); err == nil && !ia.sameFile(idOf(b)) {
		t.Error("two hard links are not the same file")
	}
	if err := os.WriteFile(a, []byte("xy"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !ia.sameFile(idOf(a)) || ia.unchanged(idOf(a)) {
		t.Error("a file written again is not the same, changed file")
	}
	if (identity{}).sameFile(identity{}) {
		t.Error("two identities without a device, inode or version are the same file")
	}
	if !(identity{Version: "e1"}).sameFile(identity{Version: "e1"}) || (identity{Version: "e1"}).sameFile(identity{Version: "e2"}) {
		t.Error("versions (an object store's ETag) do not decide")
	}
}

// TestLocalStoreList checks that List streams entries in lexical order,
// descends only when asked, and skips what the callback skips.
func TestLocalStoreList(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"b.png", "a.png", "d/c.png", "d/e/f.png", "skip/g.png"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	list := func(recursive bool) []string {
		var got []string
		err := localStore{}.List(context.Background(), dir, recursive, func(p string, fi fileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			if fi.IsDir() {
				rel += "/"
				if rel == "skip/" {
					got = append(got, rel)
					return errSkipDir
				}
			}
			got = append(got, rel)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got, want := list(true), []string{"a.png", "b.png", "d/", "d/c.png", "d/e/", "d/e/f.png", "skip/"}; !slices.Equal(got, want) {
		t.Errorf("recursive list %q, want %q", got, want)
	}
	if got, want := list(false), []string{"a.png", "b.png", "d/", "skip/"}; !slices.Equal(got, want) {
		t.Errorf("flat list %q, want %q", got, want)
	}
}

// TestWorkersPerFile checks that the files of a batch never have more
// goroutines between them than there are cores (or one each when there
// are more files at once than cores).
func TestWorkersPerFile(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	for _, jobs := range []int{1, 2, 3, procs, procs + 1, 4 * procs} {
		for _, n := range []int{0, 1, jobs, 1000} {
			w := workersPerFile(jobs, n)
			running := min(jobs, max(1, n))
			if w < 1 || running*w > max(procs, running) {
				t.Errorf("jobs %d, %d files: %d workers each, %d in all for %d cores", jobs, n, w, running*w, procs)
			}
			if running <= procs && w != procs/running {
				t.Errorf("jobs %d, %d files: %d workers each, want GOMAXPROCS/%d = %d", jobs, n, w, running, procs/running)
			}
		}
	}
}

// TestInPlaceReadOnly checks that a file without write permission is not
// replaced in place unless --force says so, and keeps its mode when it is.
func TestInPlaceReadOnly(t *testing.T) {
	dir := t.TempDir()
	m := pattern(5, 4, 3, 8)
	p := filepath.Join(dir, "a.png")
	writePNG(t, p, m)
	if err := os.Chmod(p, 0o444); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, dir, 1, "flip", "--horizontal", "--in-place", "-q", "a.png")
	if !strings.Contains(r.stderr, "a.png: ") || !strings.Contains(r.stderr, "read-only") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("refusal of a read-only file: %q", r.stderr)
	}
	checkImage(t, p, m)
	mustRun(t, dir, 0, "flip", "--horizontal", "--in-place", "--force", "-q", "a.png")
	checkImage(t, p, m.flipH())
	if fi := stat(t, p); fi.Mode().Perm() != 0o444 {
		t.Errorf("mode %v after --in-place --force, want -r--r--r--", fi.Mode())
	}
}
