package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/pixview/pixview/pixbuf"
)

// A batch names its files either by local paths or by object storage URLs
// (blob.go); the functions here do with a name what package filepath does
// with a path, whichever it is, so that planning outputs does not care.
// A URL keeps its query (the bucket's parameters, such as an S3 endpoint)
// on every name derived from it, so that the name opens the same bucket.

// localName returns the local path a file:// URL names, and any other name
// as it is: a batch keeps local files as plain paths, which the local
// store, memory maps and hard-link counts take.
func localName(name string) string {
	if !strings.HasPrefix(name, "file://") {
		return name
	}
	if u, err := url.Parse(name); err == nil && (u.Host == "" || u.Host == "localhost") {
		return filepath.FromSlash(u.Path)
	}
	return strings.TrimPrefix(name, "file://")
}

// nameDir returns the directory of name: the key's parent prefix for a URL,
// filepath.Dir for a path.
func nameDir(name string) string {
	if !isBlobURL(name) {
		return filepath.Dir(name)
	}
	u, err := parseObjectURL(name)
	if err != nil {
		return name
	}
	d := path.Dir(u.key)
	if d == "." || d == "/" {
		d = ""
	}
	return u.name(d)
}

// nameJoin returns the name of rel, a relative path (slash- or
// OS-separated), below dir: a key under the prefix dir for a URL,
// filepath.Join for a path.
func nameJoin(dir, rel string) string {
	if !isBlobURL(dir) {
		return filepath.Join(dir, filepath.FromSlash(rel))
	}
	u, err := parseObjectURL(dir)
	if err != nil {
		return dir
	}
	rel = filepath.ToSlash(rel)
	if rel == "." || rel == "" {
		return u.name(u.key)
	}
	key := strings.TrimSuffix(u.key, "/")
	if key != "" {
		key += "/"
	}
	return u.name(key + rel)
}

// namePath returns the part of name that says what the file is called: the
// key of a URL (without bucket and parameters), the path itself otherwise.
// Extensions are read from it.
func namePath(name string) string {
	if !isBlobURL(name) {
		return name
	}
	if u, err := parseObjectURL(name); err == nil {
		return u.key
	}
	return name
}

// nameID returns what tells two names of one file apart from two files:
// the absolute path of a local name, and a URL without its parameters
// (which choose how to reach the bucket, not which object).
func nameID(name string) (string, error) {
	if !isBlobURL(name) {
		return filepath.Abs(name)
	}
	u, err := parseObjectURL(name)
	if err != nil {
		return "", err
	}
	return u.base + u.key, nil
}

// local reports whether the file at name is a local one: one the raster
// path reads itself, whose in-place edits are locked and whose hard links
// can be counted.
func (r *runner) local(name string) bool {
	switch st := r.st.(type) {
	case localStore:
		return true
	case *urlStore:
		_, ok := st.local.(localStore)
		return ok && !isBlobURL(name)
	}
	return false
}

// validRelKey reports whether rel, an object's key relative to the listed
// prefix, is a clean relative path that a name can be built from: no empty,
// "." or ".." element, no leading slash. A key such as "in/../../x" would
// otherwise lead an output out of --out.
func validRelKey(rel string) bool {
	return rel != "." && rel != "" && !strings.Contains(rel, `\`) && pathValid(rel)
}

// pathValid is fs.ValidPath: slash-separated elements, none empty, "." or
// "..".
func pathValid(p string) bool {
	for _, e := range strings.Split(p, "/") {
		if e == "" || e == "." || e == ".." {
			return false
		}
	}
	return true
}

// runID returns the identifier of the job this run belongs to, for the
// mark an in-place edit on object storage leaves: given (--run-id), else
// the scheduler's job ID, the same in every attempt of a retried task
// (AWS Batch's $AWS_BATCH_JOB_ID, Slurm's $SLURM_ARRAY_JOB_ID or
// $SLURM_JOB_ID; Kubernetes exports none: its example passes the Job's
// UID as --run-id), else a new random one, which the summary prints so
// that a retry by hand can pass it.
func runID(given string, getenv func(string) string) (id string, generated bool) {
	if given != "" {
		return given, false
	}
	for _, v := range []string{"AWS_BATCH_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_JOB_ID"} {
		if id := getenv(v); id != "" {
			return id, false
		}
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:]), true
}

// opMark returns the mark of an in-place edit: the command, what it does
// to every file, and the run it belongs to. Two runs of one command (a
// flip undone on purpose) differ by their run; two attempts of one task
// do not.
func opMark(name string, t transform, run string) string {
	op := []string{name}
	switch {
	case t.exif:
		op = append(op, "exif")
	case t.orient != pixbuf.Identity:
		op = append(op, t.orient.String())
	}
	if t.crop {
		op = append(op, fmt.Sprintf("crop=%d,%d,%d,%d", t.rect.Min.X, t.rect.Min.Y, t.rect.Dx(), t.rect.Dy()))
	}
	if t.channel != "" {
		op = append(op, "channel="+t.channel)
	}
	if t.swap() {
		op = append(op, "swap="+t.from+">"+t.to)
	}
	return strings.Join(op, " ") + "@" + run
}

// urlStore is the store of a command: object storage URLs go to a
// blobStore, file:// URLs and plain paths to the local store, so the
// commands hold one store whatever they are given.
type urlStore struct {
	local store
	blob  *blobStore
}

// newURLStore returns a urlStore over local; Close it to close the
// buckets it opened.
func newURLStore(local store) *urlStore {
	return &urlStore{local: local, blob: newBlobStore()}
}

// pick returns the store of name and the name it knows it by.
func (s *urlStore) pick(name string) (store, string) {
	if isBlobURL(name) {
		return s.blob, name
	}
	if p, ok := strings.CutPrefix(name, "file://"); ok {
		if u, err := url.Parse(name); err == nil && (u.Host == "" || u.Host == "localhost") {
			return s.local, u.Path
		}
		return s.local, p
	}
	return s.local, name
}

// Close closes the buckets opened.
func (s *urlStore) Close() error { return s.blob.Close() }

// Stat describes name in its store.
func (s *urlStore) Stat(ctx context.Context, name string) (fileInfo, error) {
	st, n := s.pick(name)
	return st.Stat(ctx, n)
}

// Open opens name in its store.
func (s *urlStore) Open(ctx context.Context, name string) (fileReader, error) {
	st, n := s.pick(name)
	return st.Open(ctx, n)
}

// List lists dir in its store.
func (s *urlStore) List(ctx context.Context, dir string, recursive bool, fn func(string, fileInfo, error) error) error {
	st, n := s.pick(dir)
	return st.List(ctx, n, recursive, fn)
}

// Create writes name in its store.
func (s *urlStore) Create(ctx context.Context, name string, o createOptions, write func(io.Writer) error) (committed, error) {
	st, n := s.pick(name)
	return st.Create(ctx, n, o, write)
}

// Glob expands pattern in its store.
func (s *urlStore) Glob(ctx context.Context, pattern string) ([]string, error) {
	st, n := s.pick(pattern)
	return st.Glob(ctx, n)
}

// Lock locks name in its store.
func (s *urlStore) Lock(ctx context.Context, name string) (func() error, error) {
	st, n := s.pick(name)
	return st.Lock(ctx, n)
}

var _ store = (*urlStore)(nil)
