package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pixview/pixview/internal/fsx"
)

// store is where a batch's files live: commands open, list and write files
// only through it, never through package os, so that another place to keep
// files (object storage, issue #17) is one more implementation. Names are
// what the user typed: paths for the local store, URLs for others. Every
// method takes the run's context, for stores that talk to a network.
type store interface {
	// Stat describes the file or directory at name, following symbolic
	// links.
	Stat(ctx context.Context, name string) (fileInfo, error)
	// Open opens the file at name for reading. The reader's Info is the
	// identity of what is read, which a later Create may require
	// unchanged.
	Open(ctx context.Context, name string) (fileReader, error)
	// List calls fn for each entry below the directory or prefix dir, in
	// lexical order, descending into subdirectories when recursive. An
	// entry fn rejects with errSkipDir (a directory) is not entered; a
	// listing error of one entry is passed to fn with that entry. List
	// streams: it holds one directory (one page) at a time.
	List(ctx context.Context, dir string, recursive bool, fn func(name string, fi fileInfo, err error) error) error
	// Create writes the file at name with what write writes and commits
	// it whole, or not at all: if write fails, or the precondition of o
	// does not hold at the commit, nothing is written and no part or
	// temporary file is left. Missing parent directories are created.
	Create(ctx context.Context, name string, o createOptions, write func(io.Writer) error) (committed, error)
	// Glob returns the names that match a shell pattern, in lexical
	// order.
	Glob(ctx context.Context, pattern string) ([]string, error)
	// Lock takes an exclusive lock on the file at name, held until the
	// returned function is called; every other Lock and every Create with
	// a precondition on the same file waits for it.
	Lock(ctx context.Context, name string) (unlock func() error, err error)
}

// errSkipDir, returned by a List callback for a directory, skips it.
var errSkipDir = fs.SkipDir

// identity says which file a name held at one moment: device and inode for
// local files (an object store's version or ETag in version), with the
// size and modification time a change would move.
type identity struct {
	Dev, Ino uint64
	Version  string
	Size     int64
	ModTime  time.Time
	// ATime is the access time when known (local files), else zero: not
	// part of what unchanged compares, as reading a file moves it.
	ATime time.Time
}

// sameFile reports whether id and o are the same file, whatever happened
// to its content. Identities without a device, inode or version (a store
// that has none) are never the same file.
func (id identity) sameFile(o identity) bool {
	if id.Version != "" || o.Version != "" {
		return id.Version == o.Version
	}
	return (id.Dev != 0 || id.Ino != 0) && id.Dev == o.Dev && id.Ino == o.Ino
}

// unchanged reports whether o is id's file with the same size and
// modification time: the precondition of an in-place commit.
func (id identity) unchanged(o identity) bool {
	return id.sameFile(o) && id.Size == o.Size && id.ModTime.Equal(o.ModTime)
}

// fileInfo describes one file or directory of a store.
type fileInfo struct {
	// ID is the file's identity when it was looked at.
	ID identity
	// Mode holds the type bits (directory, regular) and, for local files,
	// the permissions.
	Mode fs.FileMode
}

// Size returns the size in bytes.
func (fi fileInfo) Size() int64 { return fi.ID.Size }

// IsDir reports whether fi is a directory (or a prefix with entries).
func (fi fileInfo) IsDir() bool { return fi.Mode.IsDir() }

// IsRegular reports whether fi is a plain file or object.
func (fi fileInfo) IsRegular() bool { return fi.Mode.IsRegular() }

// fileReader reads one file of a store from its start; Seek rewinds it.
type fileReader interface {
	io.ReadSeekCloser
	// Info is the identity of the file read, taken when it was opened.
	Info() fileInfo
}

// createOptions say what Create may replace and what it writes with the
// data.
type createOptions struct {
	// Unchanged, when set, is the precondition of an in-place edit: name
	// must still be that file, unchanged since it was read, at the commit
	// (else the error wraps errChanged).
	Unchanged *identity
	// Overwrite lets Create replace a file that exists, even one without
	// write permission (--force). Without it and without Unchanged an
	// existing file is refused with an error wrapping errExists, and a
	// read-only one is not replaced in place.
	Overwrite bool
	// MediaType is the content type of the data, for stores that keep one.
	MediaType string
	// PreserveTimes keeps a replaced file's modification and access times
	// (--preserve-times), those of Unchanged when it is set; for stores
	// that have them.
	PreserveTimes bool
	// Root, when set, is a local directory that name lies under (--out)
	// and that the write must not leave: no symbolic link below Root is
	// followed out of it, and a symbolic link as the output's own name is
	// refused rather than written through (outroot.go).
	Root string
}

// committed says what Create wrote.
type committed struct {
	// Size is the number of bytes committed.
	Size int64
	// Warnings lists what of a replaced file the new one does not keep
	// (an owner, an extended attribute).
	Warnings []error
}

// errChanged is wrapped by a Create whose precondition failed: the file
// was replaced or modified by someone else after it was read.
var errChanged = errors.New("changed since it was read")

// localStore is the store of local paths. Replacing and locking go through
// internal/fsx: a replaced file is the old or the new one after any crash,
// keeps its owner, group, mode and extended attributes, and two writers of
// one file take turns.
type localStore struct{}

// Stat returns the identity of the file at name, following symbolic links.
// A regular file is opened for it, as Windows gives a file's index only
// through an open handle.
func (localStore) Stat(_ context.Context, name string) (fileInfo, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return fileInfo{}, err
	}
	if !fi.Mode().IsRegular() {
		return fileInfo{ID: identity{Size: fi.Size(), ModTime: fi.ModTime()}, Mode: fi.Mode()}, nil
	}
	id, err := fsx.Stat(name)
	if err != nil {
		return fileInfo{}, err
	}
	return localInfo(id), nil
}

// localInfo converts fsx's identity of a file.
func localInfo(id fsx.Identity) fileInfo {
	fi := fileInfo{
		ID:   identity{Dev: id.Dev, Ino: id.Ino, Size: id.Size, ModTime: time.Unix(0, id.ModTime)},
		Mode: id.Mode,
	}
	if id.ATime != 0 {
		fi.ID.ATime = time.Unix(0, id.ATime)
	}
	return fi
}

// localFile is an open local file with the identity it had when opened.
type localFile struct {
	*os.File
	info fileInfo
}

// underlying returns the *os.File under a local file reader, and r itself
// otherwise: codec reads a file's size from it (for its limits) and maps
// it instead of reading it (Netpbm's transform).
func underlying(r io.Reader) io.Reader {
	if f, ok := r.(interface{ osFile() *os.File }); ok {
		return f.osFile()
	}
	return r
}

// osFile returns the open file.
func (f localFile) osFile() *os.File { return f.File }

// Info returns the identity taken when the file was opened.
func (f localFile) Info() fileInfo { return f.info }

// Open opens the file at name and takes its identity from the open file,
// so that it describes what is read even if the name is replaced.
func (localStore) Open(_ context.Context, name string) (fileReader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	id, err := fsx.StatFile(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if !id.Mode.IsRegular() {
		f.Close()
		return nil, errors.New("not a regular file")
	}
	return localFile{File: f, info: localInfo(id)}, nil
}

// List walks the directory dir in lexical order. A symbolic link is
// reported with what it points to, so a link to an image counts as one.
func (localStore) List(_ context.Context, dir string, recursive bool, fn func(string, fileInfo, error) error) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if path == dir && err == nil {
			return nil
		}
		if err != nil {
			return fn(path, fileInfo{}, err)
		}
		var fi fileInfo
		if d.IsDir() {
			fi.Mode = fs.ModeDir
			if !recursive {
				if ferr := fn(path, fi, nil); ferr != nil && ferr != errSkipDir {
					return ferr
				}
				return fs.SkipDir
			}
			return fn(path, fi, nil)
		}
		if !d.Type().IsRegular() {
			// A symbolic link counts as what it points to; anything else
			// (a device, a FIFO, a dangling link) is not a file to read,
			// and the walk says so.
			st, serr := os.Stat(path)
			if serr != nil || !st.Mode().IsRegular() {
				return fn(path, fileInfo{}, notFile(d.Type(), st, serr))
			}
		}
		return fn(path, fi, nil)
	})
}

// Create commits the file at name through fsx.Replace: a temporary file
// beside it, fsynced and renamed over it. Without Overwrite or Unchanged,
// an existing name is refused first; that check and the rename are not
// one step, so a file created in between by another program is replaced
// (fsx has no exclusive create).
func (localStore) Create(_ context.Context, name string, o createOptions, write func(io.Writer) error) (committed, error) {
	// Overwrite (--force) also replaces a file without write permission,
	// as cp -f does; without it fsx refuses one.
	opts := fsx.Options{Force: o.Overwrite, PreserveTimes: o.PreserveTimes}
	var n int64
	counted := func(w io.Writer) error {
		cw := &countWriter{w: w}
		err := write(cw)
		n = cw.n
		return err
	}
	if o.Root != "" && o.Unchanged == nil {
		c, err := createUnder(o.Root, name, o.Overwrite, counted, &opts)
		c.Size = n
		return c, err
	}
	if dir := filepath.Dir(name); dir != "." {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return committed{}, err
		}
	}
	switch {
	case o.Unchanged != nil:
		want := fsx.Identity{Dev: o.Unchanged.Dev, Ino: o.Unchanged.Ino, Size: o.Unchanged.Size, ModTime: o.Unchanged.ModTime.UnixNano()}
		if !o.Unchanged.ATime.IsZero() {
			want.ATime = o.Unchanged.ATime.UnixNano()
		}
		opts.Want = &want
	case !o.Overwrite:
		if _, err := os.Lstat(name); err == nil {
			return committed{}, fmt.Errorf("output %s %w; use --force to overwrite it", name, errExists)
		}
	}
	res, err := fsx.Replace(name, counted, &opts)
	if errors.Is(err, fsx.ErrChanged) {
		return committed{}, fmt.Errorf("%w; left as it is", errChanged)
	}
	if err != nil {
		return committed{}, unwrapFSX(name, err)
	}
	return committed{Size: n, Warnings: res.Warnings}, nil
}

// Glob expands pattern with filepath.Glob.
func (localStore) Glob(_ context.Context, pattern string) ([]string, error) {
	return filepath.Glob(pattern)
}

// Lock takes fsx's exclusive lock on the file at name.
func (localStore) Lock(_ context.Context, name string) (func() error, error) {
	l, err := fsx.LockFile(name)
	if err != nil {
		return nil, unwrapFSX(name, err)
	}
	return l.Close, nil
}

// unwrapFSX drops fsx's "fsx: OP PATH: " from an error about the file at
// name, which the CLI names once itself, leaving the step and the cause
// ("policy: read-only file"); errors.Is and errors.As still see the
// original. fsx names the path with symbolic links resolved.
func unwrapFSX(name string, err error) error {
	msg := err.Error()
	paths := []string{name}
	if p, perr := filepath.EvalSymlinks(name); perr == nil {
		paths = append(paths, p)
	}
	for _, op := range []string{"replace", "lock"} {
		for _, p := range paths {
			if rest, ok := strings.CutPrefix(msg, "fsx: "+op+" "+p+": "); ok {
				if errors.Is(err, fsx.ErrReadOnly) {
					rest += "; use --force to replace it"
				}
				return &trimmedError{msg: rest, err: err}
			}
		}
	}
	return err
}

// trimmedError is an error with a shorter message that still matches its
// original with errors.Is and errors.As.
type trimmedError struct {
	msg string
	err error
}

func (e *trimmedError) Error() string { return e.msg }
func (e *trimmedError) Unwrap() error { return e.err }

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
