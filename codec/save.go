package codec

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"github.com/pixview/pixview/pixbuf"
)

// Save encodes v into the file at path with [Default], as [Registry.Save]
// does.
func Save[T uint8 | uint16](path string, v pixbuf.View[T], opts *EncodeOptions) error {
	return defaultRegistry.Save(path, v, opts)
}

// Save encodes p, as [Registry.Encode] does, into the file at path, in
// opts.Format or, when that is empty, the format of path's extension
// (.pgm, .ppm and .pam choose the Netpbm variant). It replaces the file
// atomically with [WriteFileAtomic]: a failure leaves the old file, or
// none, and no temporary file. An unknown extension, a format without an
// encoder, or a view the format does not accept, wraps ErrUnsupported and
// creates no file. Errors name the path once.
func (reg *Registry) Save(path string, p Pixels, opts *EncodeOptions) error {
	if err := reg.save(path, p, opts); err != nil {
		return prefixed("codec: save "+path+": ", err)
	}
	return nil
}

func (reg *Registry) save(path string, p Pixels, opts *EncodeOptions) error {
	name := ""
	if opts != nil {
		name = opts.Format
	}
	if name == "" {
		f := reg.ByExtension(filepath.Ext(path))
		if f == nil || filepath.Ext(path) == "" {
			return tagged(ErrUnsupported, "no image format for the extension %q", filepath.Ext(path))
		}
		name = f.Name
	}
	f, err := reg.encoder(name, opts)
	if err != nil {
		return err
	}
	// Refuse what the format cannot write before touching the file
	// system.
	if p != nil {
		if h, w, c := p.Shape(); h > 0 && w > 0 && !f.Writes.Accepts(depthOf(p), c) {
			return encodeWith(io.Discard, f, p, opts)
		}
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		return encodeWith(w, f, p, opts)
	})
}

// WriteFileAtomic replaces the file at path with what write writes, so that
// readers, and the file system after a crash, see either the old file or
// the complete new one, never a part.
//
// write's output goes, buffered, to a new temporary file in the same
// directory, which is then flushed, fsynced, closed, given the permission
// bits of the file it replaces (a new file gets 0666 less the umask, as
// with os.Create) and renamed over path; then the directory is fsynced. If
// path is a symbolic link, the file it points to is replaced. If write, or
// any step, fails — or write panics — the temporary file is removed and
// path is left untouched.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	exists := false
	var perm fs.FileMode
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return &fs.PathError{Op: "save", Path: path, Err: errors.New("not a regular file")}
	case err == nil:
		exists, perm = true, st.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := createTemp(dir, base)
	if err != nil {
		return err
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if exists {
		// A replaced file keeps its permission bits, mode 000 included.
		if err := f.Chmod(perm); err != nil {
			return err
		}
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	done = true
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: some systems cannot sync a directory
		d.Close()
	}
	return nil
}

// createTemp creates a new file named after base in dir, with mode 0666
// less the umask (os.CreateTemp would give 0600).
func createTemp(dir, base string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(rand.Uint64()%1e12, 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("cannot create a temporary file in %s", dir)
}
