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
