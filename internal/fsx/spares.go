package fsx

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"sync"
)

// Spares keeps files that replacements replaced, so that later
// replacements in the same directory write their new content over one of
// them instead of into a new temporary file. On tmpfs (and to a lesser
// degree on a disk file system) a rename-based replacement allocates the
// new file's pages and frees the old one's: for a batch of large files
// that is a third of the cost of copying them. With Spares the pages of
// the file replaced are written over by the next file's content.
//
// Set it in [Options].Spares for every replacement of a batch and Close
// it at the end. It is safe for concurrent use. Only Linux recycles
// (renameat2 RENAME_EXCHANGE); elsewhere, and with Options.DeferDirSync,
// a replacement with Spares behaves as one without.
//
// A replaced file becomes a spare only when nobody else can see or hold
// it: it has no other name (a hard link keeps the old content, by policy)
// and no other process, nor another descriptor of this one, has it open
// or mapped (a reader that opened it before the replacement keeps reading
// the old content, as after a rename). Its owner and group must be what
// the next target's are, or be made so; extended attributes the next
// target lacks are removed before it is used. While it is a spare it is
// named and locked as a live temporary file, so [CleanOrphans] in another
// process leaves it alone; after a kill it is an orphan like any other.
type Spares struct {
	mu     sync.Mutex
	max    int
	free   []*spare
	closed bool
	reused int
}

// spare is a file that a replacement replaced, kept for reuse: open for
// reading and writing, locked, under a temporary name in its directory.
type spare struct {
	d    *dir // its own handle, closed with the spare
	dir  Identity
	name string
	f    *os.File
	size int64 // when taken: what the new content must cut back
}

// NewSpares returns a keeper of at most max spare files (one per
// replacement that may run at once is enough).
func NewSpares(max int) *Spares {
	return &Spares{max: max}
}

// Reused returns how many replacements have written over a spare.
func (s *Spares) Reused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reused
}

// Close removes the spares and keeps no more; replacements may still use
// s, as without it. A kill before Close leaves them as orphan temporary
// files, which [CleanOrphans] removes.
func (s *Spares) Close() error {
	s.mu.Lock()
	free := s.free
	s.free, s.closed = nil, true
	s.mu.Unlock()
	var errs []error
	for _, sp := range free {
		if err := sp.drop(osSys{}); err != nil {
			errs = append(errs, &opError{op: "remove spare", path: sp.d.f.Name(), err: err})
		}
	}
	return errors.Join(errs...)
}

// drop removes the spare's name and closes it; its lock, held until the
// close, means the name is still the spare's.
func (sp *spare) drop(s sys) error {
	err := s.remove(sp.d, sp.name)
	s.close(sp.f)
	sp.d.close()
	return err
}

// take returns a spare in the directory d, ready to be written over for
// the target (open as target, whose identity is old), or nil. Ready
// means: still alone, with old's owner and group, and without any
// extended attribute that target lacks or has with another value (those
// it has are set after the write, as for a new file); anything that
// cannot be made so drops the spare.
func (s *Spares) take(fs sys, d *dir, target *os.File, old Identity) *spare {
	if s == nil {
		return nil
	}
	did, err := statFile(d.f)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	var sp *spare
	if i := slices.IndexFunc(s.free, func(sp *spare) bool { return sp.dir.SameFile(did) }); i >= 0 {
		sp = s.free[i]
		s.free = slices.Delete(s.free, i, i+1)
	}
	s.mu.Unlock()
	if sp == nil {
		return nil
	}
	if err := sp.ready(fs, target, old); err != nil {
		sp.drop(fs)
		return nil
	}
	s.mu.Lock()
	s.reused++
	s.mu.Unlock()
	return sp
}

// ready makes sp fit to take target's new content; see take.
func (sp *spare) ready(s sys, target *os.File, old Identity) error {
	id, err := check(s, sp.d, sp.name, sp.f)
	if err != nil {
		return err
	}
	sp.size = id.Size
	// Until the new content has the target's mode (keepAttrs), nobody
	// else may read it, as a new temporary file's 0600.
	if err := s.chmod(sp.f, 0o600); err != nil {
		return err
	}
	now, err := statFile(sp.f)
	if err != nil {
		return err
	}
	if old.UID >= 0 && (now.UID != old.UID || now.GID != old.GID) {
		if err := s.chown(sp.f, old.UID, old.GID); err != nil {
			return err // a new file gets the warning, if any
		}
	}
	have, err := listXattrs(sp.f)
	if err != nil {
		return err
	}
	for _, n := range have {
		v, err := getXattr(target, n)
		if err == nil {
			w, werr := getXattr(sp.f, n)
			if werr == nil && bytes.Equal(v, w) {
				continue
			}
		}
		if err := s.removexattr(sp.f, n); err != nil {
			return err
		}
	}
	_, err = sp.f.Seek(0, 0)
	return err
}

// check reports whether f, locked by us, is still what a spare must be:
// the regular file named name in d, with that one name, open nowhere
// else. It returns f's identity.
func check(s sys, d *dir, name string, f *os.File) (Identity, error) {
	id, err := statFile(f)
	if err != nil {
		return id, err
	}
	if !id.Mode.IsRegular() || id.Nlink != 1 {
		return id, errShared
	}
	cur, err := s.stat(d, name)
	if err != nil {
		return id, err
	}
	if !cur.SameFile(id) {
		return id, ErrChanged
	}
	return id, s.alone(f)
}

// giveBack makes the file named name in d, which a replacement has just
// exchanged out of its place and which old (holding its lock) has open,
// a spare of s, or removes it. It closes old, and d unless the spare
// keeps it.
func (s *Spares) giveBack(fs sys, d *dir, name string, old *os.File) {
	f, err := fs.openRW(d, name)
	if err != nil { // read-only and not root, say: no spare
		fs.remove(d, name)
		fs.close(old)
		d.close()
		return
	}
	// Between this close and the lock below, another process may take
	// the file's lock: a CleanOrphans, which removes it, or a writer of
	// the target that opened it before the exchange and waited for its
	// lock, which lets it go on seeing that the name is no longer its
	// file. Either way the file is not a spare, and its name, which only
	// this package made and only ever removes, is removed (again).
	fs.close(old)
	if err := fs.lock(f, false); err != nil {
		fs.remove(d, name)
		fs.close(f)
		d.close()
		return
	}
	sp := &spare{d: d, name: name, f: f}
	_, err = check(fs, d, name, f)
	if errors.Is(err, ErrChanged) || errors.Is(err, os.ErrNotExist) {
		fs.close(f) // the name is someone else's now
		d.close()
		return
	}
	if err == nil {
		sp.dir, err = statFile(d.f)
	}
	if err == nil && s.put(fs, sp) {
		return
	}
	sp.drop(fs)
}

// put keeps sp, and reports whether it did: not once s is closed. When
// s is full the oldest spare gives way (and is removed): the newest is
// in the directory the batch is working in now, a recursive batch's
// oldest in one it may have left.
func (s *Spares) put(fs sys, sp *spare) bool {
	s.mu.Lock()
	if s.closed || s.max < 1 {
		s.mu.Unlock()
		return false
	}
	var old *spare
	if len(s.free) >= s.max {
		old = s.free[0]
		s.free = slices.Delete(s.free, 0, 1)
	}
	s.free = append(s.free, sp)
	s.mu.Unlock()
	if old != nil {
		old.drop(fs)
	}
	return true
}
