package fsx

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestLockSerialises: goroutines and processes incrementing one counter
// file through LockFile and Lock.Replace lose no increment.
func TestLockSerialises(t *testing.T) {
	path := filepath.Join(t.TempDir(), "counter")
	mustWrite(t, path, "0", 0o644)
	const procs, goroutines, each = 2, 3, 15
	var cmds []*exec.Cmd
	for range procs {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "FSX_CHILD=count", "FSX_PATH="+path, "FSX_N="+strconv.Itoa(each))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for range goroutines {
		wg.Go(func() {
			for range each {
				if err := increment(path); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Error("child:", err)
		}
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := mustRead(t, path), strconv.Itoa((procs+goroutines)*each); got != want {
		t.Errorf("counter %s, want %s", got, want)
	}
}

// TestLockFollowsReplacement: a LockFile waiting for the holder locks the
// file the holder committed, not the one it waited on.
func TestLockFollowsReplacement(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a")
	mustWrite(t, path, "v1", 0o644)
	l1, err := LockFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *Lock)
	go func() {
		l2, err := LockFile(path)
		if err != nil {
			t.Error(err)
		}
		got <- l2
	}()
	select {
	case <-got:
		t.Fatal("second lock taken while the first is held")
	case <-time.After(50 * time.Millisecond):
	}
	if _, err := l1.Replace(writeBytes([]byte("v2")), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l1.Replace(writeBytes([]byte("v3")), nil); !errors.Is(err, ErrChanged) {
		t.Errorf("second Replace on one Lock: %v, want ErrChanged", err)
	}
	l1.Close()
	l2 := <-got
	defer l2.Close()
	now, _ := Stat(path)
	if !l2.Identity().SameFile(now) || l2.Identity().SameFile(l1.Identity()) {
		t.Errorf("second lock is on %+v, path names %+v", l2.Identity(), now)
	}
	b := make([]byte, 8)
	n, _ := l2.File().Read(b)
	if string(b[:n]) != "v2" {
		t.Errorf("second holder reads %q, want v2", b[:n])
	}
}

// TestPrecondition: a file changed by someone who does not lock it, or
// replaced, between the read and the commit is not overwritten.
func TestPrecondition(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a")
	other := filepath.Join(dir, "other")

	for _, tc := range []struct {
		name   string
		meddle func()
	}{
		{"modified", func() { os.WriteFile(path, []byte("someone else's longer"), 0o644) }},
		{"replaced", func() { mustWrite(t, other, "v1", 0o644); os.Rename(other, path) }},
		{"removed", func() { os.Remove(path) }},
		{"touched", func() { os.Chtimes(path, time.Time{}, time.Now().Add(time.Hour)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustWrite(t, path, "v1", 0o644)
			// With a Lock: the commit checks the identity taken with it.
			l, err := LockFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tc.meddle()
			want, _ := os.ReadFile(path)
			_, err = l.Replace(writeBytes([]byte("mine")), nil)
			l.Close()
			if !errors.Is(err, ErrChanged) {
				t.Errorf("Lock.Replace after %s: %v, want ErrChanged", tc.name, err)
			}
			if got, _ := os.ReadFile(path); string(got) != string(want) {
				t.Errorf("file %q, want %q", got, want)
			}

			// With Want: the commit checks a Stat taken earlier.
			mustWrite(t, path, "v1", 0o644)
			id, err := Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			tc.meddle()
			want, _ = os.ReadFile(path)
			if _, err := Replace(path, writeBytes([]byte("mine")), &Options{Want: &id}); !errors.Is(err, ErrChanged) {
				t.Errorf("Replace with Want after %s: %v, want ErrChanged", tc.name, err)
			}
			if got, _ := os.ReadFile(path); string(got) != string(want) {
				t.Errorf("file %q, want %q", got, want)
			}
			if tmps := tempsIn(t, dir); len(tmps) > 0 {
				t.Errorf("temporary files left: %v", tmps)
			}
		})
	}
}

// TestPreconditionAtCommit: a change made while write runs — after the
// lock was taken — is caught by the check before the rename.
func TestPreconditionAtCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a")
	mustWrite(t, path, "v1", 0o644)
	_, err := Replace(path, func(w io.Writer) error {
		os.WriteFile(path, []byte("meanwhile, longer"), 0o644) // a writer that does not lock
		_, err := w.Write([]byte("mine"))
		return err
	}, nil)
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("err %v, want ErrChanged", err)
	}
	if got := mustRead(t, path); got != "meanwhile, longer" {
		t.Errorf("file %q", got)
	}
	// A new file created meanwhile is not overwritten either.
	path2 := filepath.Join(t.TempDir(), "b")
	_, err = Replace(path2, func(w io.Writer) error {
		os.WriteFile(path2, []byte("theirs"), 0o644)
		return nil
	}, nil)
	if !errors.Is(err, ErrChanged) || mustRead(t, path2) != "theirs" {
		t.Errorf("new file created meanwhile: err %v, content %q", err, mustRead(t, path2))
	}
}
