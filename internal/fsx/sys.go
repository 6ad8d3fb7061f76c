package fsx

import (
	"io/fs"
	"os"
)

// dir is an open directory that a replacement works in: every name is
// resolved relative to it (through os.Root, so never outside it), and it
// stays the same directory if its path is renamed or replaced meanwhile.
type dir struct {
	root *os.Root
	f    *os.File // the directory itself: fsync, and the base of linkat
}

func openDir(path string) (*dir, error) {
	r, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	return dirOfRoot(r)
}

func dirOfRoot(r *os.Root) (*dir, error) {
	f, err := r.Open(".")
	if err != nil {
		r.Close()
		return nil, err
	}
	return &dir{root: r, f: f}, nil
}

// clone returns a second handle on d, to be closed on its own.
func (d *dir) clone() (*dir, error) {
	r, err := d.root.OpenRoot(".")
	if err != nil {
		return nil, err
	}
	return dirOfRoot(r)
}

func (d *dir) close() {
	d.f.Close()
	d.root.Close()
}

// sys is the file-system layer a replacement runs on: one method per
// system call whose order or failure matters. The code calls nothing
// else that changes the file system, so a test that substitutes a
// recording, failing sys sees, and can break, every step.
type sys interface {
	// createTemp creates the temporary file: with anon, an unnamed file
	// in d (O_TMPFILE), which link names later; otherwise name, created
	// with O_EXCL. It returns errNoAnon when anon is not possible here.
	createTemp(d *dir, name string, anon bool, perm fs.FileMode) (*os.File, error)
	lock(f *os.File, block bool) error
	write(f *os.File, p []byte) (int, error)
	chown(f *os.File, uid, gid int) error
	chmod(f *os.File, mode fs.FileMode) error
	setxattr(f *os.File, name string, value []byte) error
	setTimes(f *os.File, atime, mtime int64) error
	sync(f *os.File) error
	link(d *dir, f *os.File, name string) error
	stat(d *dir, name string) (Identity, error)
	rename(d *dir, oldname, newname string) error
	syncDir(d *dir) error
	remove(d *dir, name string) error
	close(f *os.File) error

	// The steps of a replacement that recycles (spares.go).

	// exchange swaps the files named oldname and newname in d atomically
	// (renameat2 RENAME_EXCHANGE); errNoExchange where the system or the
	// file system cannot.
	exchange(d *dir, oldname, newname string) error
	// openRW opens name in d for reading and writing, following no
	// symbolic link out of d.
	openRW(d *dir, name string) (*os.File, error)
	// alone checks that f is the only open of its file in the whole
	// system (no other descriptor, no mapping): it takes a write lease
	// and gives it back at once. errShared when it is not alone, another
	// error when the lease cannot be taken at all.
	alone(f *os.File) error
	truncate(f *os.File, size int64) error
	removexattr(f *os.File, name string) error
}

// osSys is the real layer.
type osSys struct{}

var _ sys = osSys{}

func (osSys) createTemp(d *dir, name string, anon bool, perm fs.FileMode) (*os.File, error) {
	if anon {
		return openAnon(d, perm)
	}
	return d.root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
}
func (osSys) lock(f *os.File, block bool) error                { return flock(f, block) }
func (osSys) write(f *os.File, p []byte) (int, error)          { return f.Write(p) }
func (osSys) chown(f *os.File, uid, gid int) error             { return f.Chown(uid, gid) }
func (osSys) chmod(f *os.File, mode fs.FileMode) error         { return f.Chmod(mode) }
func (osSys) setxattr(f *os.File, name string, v []byte) error { return setXattr(f, name, v) }
func (osSys) setTimes(f *os.File, at, mt int64) error          { return setTimes(f, at, mt) }
func (osSys) sync(f *os.File) error                            { return f.Sync() }
func (osSys) link(d *dir, f *os.File, name string) error       { return linkAnon(d, f, name) }
func (osSys) stat(d *dir, name string) (Identity, error)       { return statAt(d, name) }
func (osSys) rename(d *dir, oldname, newname string) error     { return d.root.Rename(oldname, newname) }
func (osSys) syncDir(d *dir) error                             { return syncDir(d) }
func (osSys) remove(d *dir, name string) error                 { return d.root.Remove(name) }
func (osSys) close(f *os.File) error                           { return f.Close() }
func (osSys) exchange(d *dir, o, n string) error               { return exchange(d, o, n) }
func (osSys) openRW(d *dir, name string) (*os.File, error) {
	return d.root.OpenFile(name, os.O_RDWR, 0)
}
func (osSys) alone(f *os.File) error                    { return alone(f) }
func (osSys) truncate(f *os.File, size int64) error     { return f.Truncate(size) }
func (osSys) removexattr(f *os.File, name string) error { return removeXattr(f, name) }
