package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// flushStore is the local store with a slow flush: a Create whose content
// is written waits, before it commits, until another file's content starts
// to be written (or every file's has, or a second passes), as a file waits
// on the disk. It counts the files writing (in a Write) and in flight at
// once.
type flushStore struct {
	localStore
	files int

	mu                    sync.Mutex
	writing, maxWriting   int
	inFlight, maxInFlight int
	started               int // writes started
	overlapped            int // flushes during which another write started
}

func (s *flushStore) Create(ctx context.Context, name string, o createOptions, write func(io.Writer) error) (committed, error) {
	s.mu.Lock()
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	return s.localStore.Create(ctx, name, o, func(w io.Writer) error {
		s.mu.Lock()
		s.started++
		seen := s.started // with --jobs 1, none can start until the slot is given back
		s.mu.Unlock()
		err := write(writerFunc(func(p []byte) (int, error) {
			// Counted in the Write itself: the slot is given back
			// when write returns, before this function goes on.
			s.mu.Lock()
			s.writing++
			s.maxWriting = max(s.maxWriting, s.writing)
			s.mu.Unlock()
			defer func() {
				s.mu.Lock()
				s.writing--
				s.mu.Unlock()
			}()
			return w.Write(p)
		}))
		// The flush: until the next file is being written.
		for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			s.mu.Lock()
			next, all := s.started > seen, s.started == s.files
			if next {
				s.overlapped++
			}
			s.mu.Unlock()
			if next || all {
				break
			}
		}
		return err
	})
}

// writerFunc is a function as an io.Writer.
type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestFlushOverlapsNextFile is the law of the batch's CPU slots: while a
// file waits on the store after its content is written, the next file is
// read and written (--jobs 1 included), yet no more than --jobs files are
// ever being written at once and no more than three times that are in
// flight.
func TestFlushOverlapsNextFile(t *testing.T) {
	for _, jobs := range []int{1, 2} {
		t.Run(fmt.Sprintf("jobs=%d", jobs), func(t *testing.T) {
			dir := t.TempDir()
			const files = 8
			for i := range files {
				p := []byte(fmt.Sprintf("P6\n2 1\n255\n%c%c%c%c%c%c", i, 1, 2, 3, 4, 5))
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.ppm", i)), p, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			st := &flushStore{files: files}
			var stdout, stderr bytes.Buffer
			a := &app{fmts: defaultFormats(), st: st, stdout: &stdout, stderr: &stderr}
			out := filepath.Join(dir, "out")
			if code := a.run([]string{"flip", "--horizontal", "--quiet", "--jobs", fmt.Sprint(jobs), "--out", out, dir}); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			for i := range files {
				got, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("%d.ppm", i)))
				want := fmt.Sprintf("P6\n2 1\n255\n%c%c%c%c%c%c", 3, 4, 5, i, 1, 2)
				if err != nil || string(got) != want {
					t.Errorf("%d.ppm: %q, %v; want %q", i, got, err, want)
				}
			}
			// Every flush but the last jobs ones saw the next file start.
			if st.overlapped < files-jobs {
				t.Errorf("%d of %d flushes overlapped the next file's write, want at least %d", st.overlapped, files, files-jobs)
			}
			if st.maxWriting > jobs {
				t.Errorf("%d files written at once, want at most --jobs %d", st.maxWriting, jobs)
			}
			if st.maxInFlight > waiting*jobs {
				t.Errorf("%d files in flight at once, want at most %d", st.maxInFlight, waiting*jobs)
			}
		})
	}
}
