package fsx

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Options say what a replacement requires and keeps. The zero value (or a
// nil *Options) replaces any regular, writable file or creates a new one,
// keeping owner, group, mode and extended attributes but not the
// modification time.
type Options struct {
	// Want, when set, is the precondition: the target must still be the
	// file Want describes, unchanged ([Identity.Unchanged]) — checked when
	// the lock is taken and again right before the rename. Otherwise the
	// replacement fails with ErrChanged and writes nothing. A target that
	// does not exist fails it too.
	Want *Identity
	// Force replaces a read-only target (one with no write permission bit
	// for anyone, mode 000 included), as cp -f does. Without it such a
	// target gives ErrReadOnly. The check reads the mode bits, not
	// access(2), so it says the same for root as for the owner.
	Force bool
	// PreserveTimes gives the new file the old one's modification and
	// access times (as exiftran -p and exiftool -P do). The access time is
	// Want's when Want has one — the caller's identity from before it read
	// the file, which a read may have moved (relatime) — else the locked
	// file's.
	PreserveTimes bool

	// DeferDirSync leaves out the last step, the directory fsync, for a
	// caller that replaces many files in one directory and then calls
	// [SyncDir] once. Atomicity does not depend on it — the new file's
	// data are flushed before the rename, so a power loss still leaves
	// the old file or the new one, whole — only durability does: until
	// SyncDir returns, a power loss may bring the old file back.
	DeferDirSync bool

	// Spares, when set, recycles replaced files (see [Spares]): the new
	// content is written over a spare, if one fits, instead of into a new
	// temporary file, and the commit exchanges the two names
	// (renameat2 RENAME_EXCHANGE) instead of renaming, so that the file
	// replaced is left under the temporary name. It becomes a spare if
	// nobody else has it — once the replacement has returned, or for
	// [Lock.Replace] once the Lock is closed (it is the Lock's file until
	// then) — or is removed. Ignored with DeferDirSync: a spare is written
	// over only after the directory fsync that made its exchange durable,
	// else a power loss could bring back, under the target's name, a file
	// already being overwritten.
	Spares *Spares

	// named makes the temporary file a named one from the start, as on
	// systems without O_TMPFILE (tests use it to cover that path on Linux).
	named bool
}

// Result describes a replacement that was committed.
type Result struct {
	// Old is the identity of the file replaced, as locked, or the zero
	// Identity when the file was created. Old.Nlink > 1 means the file had
	// other names: they keep the old content, only the name replaced gets
	// the new file.
	Old Identity
	// Created reports that no file existed at the name.
	Created bool
	// Warnings lists what of the old file the new one does not have — an
	// owner that only root may give, an extended attribute (an ACL, a
	// security label) the file system refused — each wrapping ErrNotKept.
	Warnings []error
}

// Replace replaces the file at path with what write writes, so that
// readers, and the file system after a crash or kill at any moment, see
// the old file or the complete new one, never a part; see the package
// documentation for the steps and what they cost. If path is a symbolic
// link, the file it points to is replaced. While it works, Replace holds
// the lock of [LockFile] on the existing file, so it waits for another
// holder and excludes others; do not call it on a path whose Lock you
// hold (it would wait for itself): use [Lock.Replace].
//
// An error from write is returned as it is, unless it is (or wraps) an
// error of the temporary file's own writes; that and any other error has
// the form "fsx: replace PATH: STEP: cause". On any error before the commit the
// old file, or no file, is left, and no temporary file; if only the final
// directory flush fails the error wraps ErrNotDurable.
func Replace(path string, write func(io.Writer) error, opts *Options) (Result, error) {
	p, err := resolve(path)
	if err != nil {
		return Result{}, err
	}
	d, err := openDir(filepath.Dir(p))
	if err != nil {
		return Result{}, &opError{op: "replace", path: p, step: "open directory", err: err}
	}
	defer d.close()
	return replaceAt(osSys{}, d, filepath.Base(p), p, nil, write, opts)
}

// ReplaceIn is [Replace] for the file name inside root: no component of
// name is followed out of root (a symbolic link that leads out, or "..",
// fails with the os.Root error), and a symbolic link as the last
// component is refused with ErrNotRegular rather than followed or
// replaced. It is meant for outputs under a directory that others can
// write to (pixtool's --out). Missing directories are not created; use
// root.MkdirAll.
func ReplaceIn(root *os.Root, name string, write func(io.Writer) error, opts *Options) (Result, error) {
	display := filepath.Join(root.Name(), name)
	sub, err := root.OpenRoot(filepath.Dir(name))
	if err != nil {
		return Result{}, &opError{op: "replace", path: display, step: "open directory", err: err}
	}
	d, err := dirOfRoot(sub)
	if err != nil {
		return Result{}, &opError{op: "replace", path: display, step: "open directory", err: err}
	}
	defer d.close()
	return replaceAt(osSys{}, d, filepath.Base(name), display, nil, write, opts)
}

// SyncDir flushes the directory dir, making the renames done in it
// durable: the step [Options.DeferDirSync] leaves out. On Windows it does
// nothing.
func SyncDir(dir string) error {
	d, err := openDir(dir)
	if err != nil {
		return &opError{op: "sync", path: dir, err: err}
	}
	defer d.close()
	if err := syncDir(d); err != nil {
		return &opError{op: "sync", path: dir, err: err}
	}
	return nil
}

// resolve follows symbolic links in path. A path that does not exist is
// returned as it is — unless it is a dangling symbolic link, which the
// rename would replace instead of following.
func resolve(path string) (string, error) {
	p, err := filepath.EvalSymlinks(path)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", &opError{op: "replace", path: path, step: "resolve", err: err}
	}
	if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return "", &opError{op: "replace", path: path, step: "resolve", err: fmt.Errorf("dangling symbolic link: %w", ErrNotRegular)}
	}
	return path, nil
}

// sysWriter writes to f through the layer s and keeps the first error,
// so that a file-system error that comes back through the caller's write
// function is reported as this package's.
type sysWriter struct {
	s   sys
	f   *os.File
	err error
	n   int64 // bytes written
}

func (w *sysWriter) Write(p []byte) (int, error) {
	n, err := w.s.write(w.f, p)
	w.n += int64(n)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// writeBuffer is the size of the buffer that gathers small writes.
const writeBuffer = 256 << 10

// lazyWriter buffers the writes to w, writeBuffer bytes at a time, but
// takes its buffer only when a write smaller than that comes: a caller
// that writes in large pieces (the band-at-a-time Netpbm edit writes a
// megabyte at a time) has its bytes go straight to the file, neither
// copied nor faulted into a fresh buffer for every file replaced.
type lazyWriter struct {
	w  io.Writer
	bw *bufio.Writer // nil until a small write comes
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if l.bw == nil {
		if len(p) >= writeBuffer {
			return l.w.Write(p)
		}
		l.bw = bufio.NewWriterSize(l.w, writeBuffer)
	}
	return l.bw.Write(p)
}

// ReadFrom reads r into the buffer, as bufio.Writer does, so that io.Copy
// into the file takes no buffer of its own.
func (l *lazyWriter) ReadFrom(r io.Reader) (int64, error) {
	if l.bw == nil {
		l.bw = bufio.NewWriterSize(l.w, writeBuffer)
	}
	return l.bw.ReadFrom(r)
}

// Flush writes out what is buffered.
func (l *lazyWriter) Flush() error {
	if l.bw == nil {
		return nil
	}
	return l.bw.Flush()
}

// keepMode is the part of a mode that chmod sets.
const keepMode = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// replaceAt replaces base in d. held, when set, is the caller's lock on
// the target. The steps, in order: lock the target, create and lock the
// temporary file, write, copy attributes, fsync, name the temporary file
// (O_TMPFILE only), check the precondition, rename, fsync the directory.
func replaceAt(s sys, d *dir, base, display string, held *Lock, write func(io.Writer) error, opts *Options) (res Result, err error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	fail := func(step string, err error) (Result, error) {
		return res, &opError{op: "replace", path: display, step: step, err: err}
	}

	// The target, locked: its identity now is what the commit checks.
	var target *os.File
	var locked Identity
	st, err := s.stat(d, base)
	exists := err == nil
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if held != nil || o.Want != nil {
			return fail("stat", ErrChanged)
		}
	case err != nil:
		return fail("stat", err)
	case st.Mode&fs.ModeSymlink != 0:
		return fail("stat", fmt.Errorf("symbolic link: %w", ErrNotRegular))
	case !st.Mode.IsRegular():
		return fail("stat", fmt.Errorf("%v: %w", st.Mode.Type(), ErrNotRegular))
	case held != nil:
		if !st.Unchanged(held.id) {
			return fail("stat", ErrChanged)
		}
		target, locked = held.f, held.id
	default:
		target, locked, err = lockAt(s, d, base)
		if errors.Is(err, fs.ErrNotExist) {
			err = ErrChanged // removed while we waited
		}
		if err != nil {
			return fail("lock", err)
		}
		defer target.Close()
	}
	if exists {
		switch {
		case !locked.Mode.IsRegular():
			return fail("lock", ErrNotRegular)
		case o.Want != nil && !locked.Unchanged(*o.Want):
			return fail("lock", ErrChanged)
		case locked.Mode&0o222 == 0 && !o.Force:
			return fail("policy", ErrReadOnly)
		}
		res.Old = locked
	} else {
		res.Created = true
	}

	// A spare, when one fits, or a new temporary file, locked from birth
	// to commit so that CleanOrphans in another process never takes it
	// for an orphan.
	recycle := exists && o.Spares != nil && !o.DeferDirSync
	var sp *spare
	if recycle {
		if sp = o.Spares.take(s, d, target, locked); sp != nil {
			defer sp.d.close()
		}
	}
	perm := fs.FileMode(0o666) // less the umask, as os.Create
	if exists {
		perm = 0o600 // until the old mode is copied
	}
	anon := !o.named
	tmp := tempName(base)
	var f *os.File
	if sp != nil {
		f, tmp, anon = sp.f, sp.name, false
	}
	for attempt := 0; sp == nil; attempt++ {
		if attempt == 100 {
			return fail("create", errors.New("no free temporary name"))
		}
		f, err = s.createTemp(d, tmp, anon, perm)
		if anon && errors.Is(err, errNoAnon) {
			anon = false
			continue
		}
		if errors.Is(err, fs.ErrExist) {
			tmp = tempName(base)
			continue
		}
		if err != nil {
			return fail("create", err)
		}
		if err := s.lock(f, true); err != nil {
			if !anon {
				s.remove(d, tmp)
			}
			s.close(f)
			return fail("lock temporary", err)
		}
		if anon {
			break
		}
		// Between create and lock a CleanOrphans may have locked the new
		// file and removed its name; then start again under a new name.
		id, err := statFile(f)
		cur, serr := s.stat(d, tmp)
		if err == nil && serr == nil && cur.SameFile(id) {
			break
		}
		if err == nil && serr != nil && !errors.Is(serr, fs.ErrNotExist) {
			err = serr
		}
		if err != nil {
			s.remove(d, tmp) // still ours: the name was not taken over
			s.close(f)
			return fail("create", err)
		}
		s.close(f)
		tmp = tempName(base)
	}
	named := !anon
	committed := false
	defer func() { // also when write panics
		if !committed {
			if named {
				s.remove(d, tmp)
			}
			s.close(f)
		}
	}()

	sw := &sysWriter{s: s, f: f}
	bw := &lazyWriter{w: sw}
	if err := write(bw); err != nil {
		if sw.err != nil && errors.Is(err, sw.err) {
			return fail("write", sw.err)
		}
		return res, err
	}
	if err := bw.Flush(); err != nil {
		return fail("write", err)
	}
	// A spare longer than the new content loses its tail. An empty
	// content is truncated too, which gives it a new modification time,
	// as a write would.
	if sp != nil && (sw.n < sp.size || sw.n == 0) {
		if err := s.truncate(f, sw.n); err != nil {
			return fail("truncate", err)
		}
	}

	if exists {
		if err := keepAttrs(s, f, target, locked, o, &res); err != nil {
			return fail("attributes", err)
		}
	}
	if err := s.sync(f); err != nil {
		return fail("sync", err)
	}
	if !named {
		if err := s.link(d, f, tmp); err != nil {
			return fail("link", err)
		}
		named = true
	}

	// The precondition, under both locks, right before the commit.
	cur, err := s.stat(d, base)
	switch {
	case exists && errors.Is(err, fs.ErrNotExist), exists && err == nil && !cur.Unchanged(locked),
		!exists && err == nil:
		return fail("check", ErrChanged)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fail("check", err)
	}

	// The commit: an exchange when recycling, which leaves the file
	// replaced under tmp, else a rename, which frees it.
	exchanged := false
	if recycle {
		err = s.exchange(d, tmp, base)
		exchanged = err == nil
		if errors.Is(err, errNoExchange) {
			err = s.rename(d, tmp, base)
		}
	} else {
		err = s.rename(d, tmp, base)
	}
	if err != nil {
		return fail("rename", err)
	}
	committed = true
	if !o.DeferDirSync {
		err = s.syncDir(d)
	}
	s.close(f) // releases the temporary file's lock; the data are flushed
	if exchanged {
		// The file replaced, still locked by target, may become a spare
		// only now that the exchange is durable.
		switch {
		case err != nil:
			s.remove(d, tmp)
		case held != nil:
			held.spares, held.spareName = o.Spares, tmp
		default:
			if kd, cerr := d.clone(); cerr == nil {
				o.Spares.giveBack(s, kd, tmp, target)
			} else {
				s.remove(d, tmp)
			}
		}
	}
	if err != nil {
		return fail("sync directory", fmt.Errorf("%w: %w", ErrNotDurable, err))
	}
	return res, nil
}

// keepAttrs gives the new file f the owner, group, extended attributes and
// mode of the old one (target, whose identity is old) and, with
// PreserveTimes, its modification and access times. The order matters: chown clears
// the set-user-ID bits and would make the chmod before it moot; an owner
// who is not root may no longer set an extended attribute once the mode
// has no write bit; setting an ACL rewrites the group bits, which the
// chmod then sets to the old mask again.
func keepAttrs(s sys, f, target *os.File, old Identity, o Options, res *Result) error {
	if old.UID >= 0 {
		now, err := statFile(f)
		if err != nil {
			return err
		}
		if now.UID != old.UID || now.GID != old.GID {
			if err := s.chown(f, old.UID, old.GID); errors.Is(err, fs.ErrPermission) {
				res.Warnings = append(res.Warnings, fmt.Errorf("%w: owner %d:%d (%v)", ErrNotKept, old.UID, old.GID, errors.Unwrap(err)))
			} else if err != nil {
				return err
			}
		}
	}
	names, err := listXattrs(target)
	if err != nil {
		res.Warnings = append(res.Warnings, fmt.Errorf("%w: extended attributes: %v", ErrNotKept, err))
	}
	for _, n := range names {
		v, err := getXattr(target, n)
		if err == nil {
			err = s.setxattr(f, n, v)
		}
		if err != nil {
			res.Warnings = append(res.Warnings, fmt.Errorf("%w: extended attribute %s: %v", ErrNotKept, n, rootCause(err)))
		}
	}
	if err := s.chmod(f, old.Mode&keepMode); err != nil {
		return err
	}
	// chmod drops the set-group-ID bit without an error when the caller
	// is not in the file's group (the chown above having failed).
	if now, err := statFile(f); err == nil && now.Mode&keepMode != old.Mode&keepMode {
		res.Warnings = append(res.Warnings, fmt.Errorf("%w: mode %v became %v", ErrNotKept, old.Mode&keepMode, now.Mode&keepMode))
	}
	if o.PreserveTimes {
		// The access time before the caller read the file, when it says
		// (Want was taken then): the read itself may have moved it.
		at := old.ATime
		if o.Want != nil && o.Want.ATime != 0 {
			at = o.Want.ATime
		}
		if err := s.setTimes(f, at, old.ModTime); err != nil {
			return err
		}
	}
	return nil
}

// opError is an error of this package: "fsx: OP PATH: STEP: cause". The
// cause's own operation and path (an *fs.PathError's) are left out of the
// message, which names them already, but stay in the chain for errors.Is
// and errors.As.
type opError struct {
	op, path, step string
	err            error
}

func (e *opError) Error() string {
	// One prefix: the sentinels' own "fsx: " goes wherever they are wrapped.
	msg := strings.TrimPrefix(strings.ReplaceAll(rootCause(e.err).Error(), ": fsx: ", ": "), "fsx: ")
	if e.step == "" {
		return "fsx: " + e.op + " " + e.path + ": " + msg
	}
	return "fsx: " + e.op + " " + e.path + ": " + e.step + ": " + msg
}

func (e *opError) Unwrap() error { return e.err }

// rootCause strips the operation and path of an *fs.PathError or
// *os.LinkError.
func rootCause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe) && pe == err:
		return pe.Err
	case errors.As(err, &le) && le == err:
		return le.Err
	}
	return err
}
