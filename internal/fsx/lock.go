package fsx

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Lock is an exclusive lock on one file (flock on Unix, LockFileEx on
// Windows), held until Close. Every Lock, and every [Replace], on the same
// file waits for the holder, in this process or another, so two editors
// of one file take turns and the second reads what the first committed.
// The lock is advisory: it binds only those who take it, and a program
// that does not is caught by the precondition check instead.
type Lock struct {
	d    *dir
	base string
	path string
	f    *os.File
	id   Identity
	// spares, when a Replace exchanged the locked file out of its place,
	// is where Close gives it back; spareName is its name now.
	spares    *Spares
	spareName string
}

// LockFile opens the file at path, following symbolic links, and locks
// it, waiting as long as another holds the lock. Once it holds the lock
// it checks that path still names the locked file and, if the file was
// replaced meanwhile (by the holder it waited for, most often), locks the
// new one instead, so the lock is always on what path names.
func LockFile(path string) (*Lock, error) {
	p, err := resolve(path)
	if err != nil {
		return nil, err
	}
	d, err := openDir(filepath.Dir(p))
	if err != nil {
		return nil, &opError{op: "lock", path: p, err: err}
	}
	base := filepath.Base(p)
	f, id, err := lockAt(osSys{}, d, base)
	if err != nil {
		d.close()
		return nil, &opError{op: "lock", path: p, err: err}
	}
	return &Lock{d: d, base: base, path: p, f: f, id: id}, nil
}

// lockAt opens base in d, locks it, and returns it with its identity once
// base names the locked file.
func lockAt(s sys, d *dir, base string) (*os.File, Identity, error) {
	for range 100 {
		// Refuse a directory or a FIFO before opening: opening a FIFO
		// would wait for a writer.
		st, err := s.stat(d, base)
		if err != nil {
			return nil, Identity{}, err
		}
		if !st.Mode.IsRegular() {
			return nil, Identity{}, ErrNotRegular
		}
		f, err := d.root.Open(base)
		if err != nil {
			return nil, Identity{}, err
		}
		if err := s.lock(f, true); err != nil {
			f.Close()
			return nil, Identity{}, err
		}
		id, err := statFile(f)
		if err != nil {
			f.Close()
			return nil, Identity{}, err
		}
		cur, err := s.stat(d, base)
		if err == nil && cur.SameFile(id) {
			return f, id, nil
		}
		f.Close()
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, Identity{}, err
		}
	}
	return nil, Identity{}, fmt.Errorf("replaced 100 times while waiting for its lock: %w", ErrChanged)
}

// File returns the locked file, open for reading at offset 0. It stays
// valid until Close, also after [Lock.Replace] (it is then the old file).
func (l *Lock) File() *os.File { return l.f }

// Identity returns the identity of the locked file when the lock was
// taken.
func (l *Lock) Identity() Identity { return l.id }

// Path returns the path of the locked file, symbolic links resolved.
func (l *Lock) Path() string { return l.path }

// Replace is [Replace] for the locked file, under the lock already held:
// its precondition is that the path still names the locked file,
// unchanged since the lock was taken (and opts.Want, if set). After it the
// lock is on the old, replaced file; a second Replace on the same Lock
// fails with ErrChanged. With [Options].Spares, the old file becomes a
// spare (or is removed) when the Lock is closed.
func (l *Lock) Replace(write func(io.Writer) error, opts *Options) (Result, error) {
	return replaceAt(osSys{}, l.d, l.base, l.path, l, write, opts)
}

// Close releases the lock and closes the file.
func (l *Lock) Close() error {
	if l.spares != nil {
		sp := l.spares
		l.spares = nil
		sp.giveBack(osSys{}, l.d, l.spareName, l.f)
		return nil
	}
	err := l.f.Close()
	l.d.close()
	return err
}
