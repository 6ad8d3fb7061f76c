package main

// One file, one writer (issue #16): an in-place edit of a local file takes
// the file's lock before it reads it and holds it until the new file is
// committed, so two pixtool processes on the same files take turns, and
// the second reads, and transforms again, what the first committed — no
// lost edit, no "changed since read" for a file another pixtool was
// editing. The lock is fsx's (flock), the commit fsx.Lock.Replace, whose
// precondition is that the name still holds the locked file, unchanged.

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/pixview/pixview/internal/fsx"
)

// lockedFile is a local input opened under its lock for an in-place edit.
type lockedFile struct {
	localFile
	l *fsx.Lock
}

// Close releases the lock and closes the file.
func (f lockedFile) Close() error { return f.l.Close() }

// openInput opens the input of j: an in-place edit of a local file under
// the file's lock (waiting while another process holds it), any other
// through the store.
func (r *runner) openInput(ctx context.Context, j job) (fileReader, error) {
	if !j.replace || !r.local(j.in.path) {
		return r.st.Open(ctx, j.in.path)
	}
	l, err := fsx.LockFile(j.in.path)
	if err != nil {
		return nil, unwrapFSX(j.in.path, err)
	}
	id := l.Identity()
	if !id.Mode.IsRegular() {
		l.Close()
		return nil, errors.New("not a regular file")
	}
	return lockedFile{localFile: localFile{File: l.File(), info: localInfo(id)}, l: l}, nil
}

// startSpares gives an in-place batch its keeper of replaced files, one
// per file in flight, and returns what removes those left at the end of the
// batch (an interrupted one included).
//
// Each replacement writes its new content over the file the one before
// it replaced, when nobody else has that file (fsx.Spares), instead of
// into a new file: on tmpfs, freeing the old file's pages and allocating
// the new one's is a third of what copying the file costs.
func (r *runner) startSpares() func() {
	if !r.f.inPlace {
		return func() {}
	}
	r.spares = fsx.NewSpares((1 + waiting) * max(1, r.f.jobs)) // the files in flight (cpuslots.go)
	return func() {
		if err := r.spares.Close(); err != nil && r.rep != nil {
			r.rep.note(fmt.Sprintf("removing spare temporary files: %v", err))
		}
	}
}

// replaceLocked commits the new content of a file opened by openInput
// under its lock: fsx.Lock.Replace, with the options Create would use,
// recycling through spares (nil: none). Its precondition is the identity
// taken with the lock, before the file was read, which is also where
// --preserve-times takes the access time from.
func replaceLocked(f lockedFile, o createOptions, spares *fsx.Spares, write func(io.Writer) error) (committed, error) {
	opts := fsx.Options{Force: o.Overwrite, PreserveTimes: o.PreserveTimes, Spares: spares}
	var n int64
	res, err := f.l.Replace(func(w io.Writer) error {
		cw := &countWriter{w: w}
		err := write(cw)
		n = cw.n
		return err
	}, &opts)
	if errors.Is(err, fsx.ErrChanged) {
		return committed{}, fmt.Errorf("%w; left as it is", errChanged)
	}
	if err != nil {
		return committed{}, unwrapFSX(f.l.Path(), err)
	}
	return committed{Size: n, Warnings: res.Warnings}, nil
}
