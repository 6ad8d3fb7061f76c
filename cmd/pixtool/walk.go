package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// input is one file a command will process.
type input struct {
	// path is the file's path as given or found, for opening.
	path string
	// key is path cleaned and slash-separated: the stable name that
	// --shard hashes, the same on every machine that runs the same command
	// line.
	key string
	// rel is where the file lands under --out: its path relative to the
	// directory argument it was found in, or its base name when it was named
	// directly or matched by a glob.
	rel string
}

// inputError is an argument that named no file: a missing path or a glob
// that matched nothing. It counts as a failed file.
type inputError struct {
	path string
	err  error
	// dup marks a second name of a file listed before: reported, not a
	// failure.
	dup bool
}

// walkOptions say how arguments expand into files.
type walkOptions struct {
	// recursive descends into subdirectories of directory arguments.
	recursive bool
	// skipDir, if set, is an absolute directory that is never entered: the
	// --out directory, so that outputs are not taken for inputs.
	skipDir string
	// isImage says whether a directory walk picks up a file name; nil
	// means the extensions of the default format registry.
	isImage func(name string) bool
	// sameFile, when set, lists a file reached under two names (a hard
	// link, a symbolic link, two spellings of one path) once, by its
	// identity: an in-place batch must not transform one file twice.
	sameFile bool
	// skip, when set, receives each entry a directory walk leaves out,
	// with its kind and reason; nil leaves them out without a word (info
	// lists what it finds).
	skip func(skipped)
	// sniff, when set, decides from its content whether a walk picks up a
	// file without an extension: pick is true for an image, and for a
	// file that cannot be read (its processing then reports the error);
	// otherwise reason says what it is. Without sniff such files are not
	// images.
	sniff func(path string) (pick bool, reason string)
}

// isImageName reports whether a directory walk with the default formats
// picks up name: a known image extension, and not a hidden file.
func isImageName(name string) bool {
	return defaultFormats().isImageName(name)
}

// expand turns arguments into the files to process, in a deterministic order:
// arguments in the order given, the files of a directory in lexical order.
// An argument that does not exist is taken as a glob pattern when it holds
// glob characters. A file reached twice is listed once.
func expand(ctx context.Context, st store, args []string, o walkOptions) ([]input, []inputError) {
	var (
		ins  []input
		errs []inputError
		seen = map[string]bool{}
		ids  = map[identity]string{}
	)
	isImage := o.isImage
	if isImage == nil {
		isImage = isImageName
	}
	add := func(path, rel string) {
		key := filepath.ToSlash(filepath.Clean(path))
		if seen[key] {
			return
		}
		seen[key] = true
		if o.sameFile {
			// A file whose identity says nothing (no inode, no version) is
			// not the same file as any: sameFile of itself is false.
			if fi, err := st.Stat(ctx, path); err == nil && fi.ID.sameFile(fi.ID) {
				id := identity{Dev: fi.ID.Dev, Ino: fi.ID.Ino, Version: fi.ID.Version}
				if first, dup := ids[id]; dup {
					errs = append(errs, inputError{path: path, err: fmt.Errorf("%w %s, left out", errSameFile, first), dup: true})
					return
				}
				ids[id] = path
			}
		}
		ins = append(ins, input{path: path, key: key, rel: filepath.Clean(rel)})
	}
	for _, arg := range args {
		if isBlobURL(arg) {
			// Object storage (walkurl.go): objects have one name each,
			// so no identity check.
			_ = walkURL(ctx, st, arg, o, func(in input) error {
				if !seen[in.path] {
					seen[in.path] = true
					ins = append(ins, in)
				}
				return nil
			}, func(e inputError, _ string) { errs = append(errs, e) })
			continue
		}
		fi, err := st.Stat(ctx, arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(arg, "*?[") {
				matches, gerr := st.Glob(ctx, arg)
				if gerr != nil {
					errs = append(errs, inputError{path: arg, err: fmt.Errorf("bad pattern: %w", gerr)})
					continue
				}
				n := 0
				for _, m := range matches {
					if mfi, err := st.Stat(ctx, m); err == nil && mfi.IsRegular() {
						add(m, filepath.Base(m))
						n++
					}
				}
				if n == 0 {
					errs = append(errs, inputError{path: arg, err: errors.New("no file matches the pattern")})
				}
				continue
			}
			errs = append(errs, inputError{path: arg, err: err})
			continue
		}
		if !fi.IsDir() {
			add(arg, filepath.Base(arg))
			continue
		}
		werr := st.List(ctx, arg, o.recursive, func(path string, fi fileInfo, err error) error {
			if errors.Is(err, errNotFile) {
				o.skipped(skipped{path: path, kind: skipNotFile, reason: err.Error()})
				return nil
			}
			if err != nil {
				errs = append(errs, inputError{path: path, err: err})
				return nil
			}
			name := filepath.Base(path)
			if fi.IsDir() {
				if o.skipDir != "" {
					if abs, err := filepath.Abs(path); err == nil && abs == o.skipDir {
						return errSkipDir // the outputs: not an input, not worth a word
					}
				}
				switch {
				case strings.HasPrefix(name, "."):
					o.skipped(skipped{path: path, kind: skipHidden, reason: "a hidden directory, not entered"})
					return errSkipDir
				case !o.recursive:
					o.skipped(skipped{path: path, kind: skipDirectory, reason: "a subdirectory, entered with --recursive"})
					return errSkipDir
				}
				return nil
			}
			if !isImage(name) {
				s := classifyName(name)
				if s.kind == "" {
					// No extension: the content decides, as for a file
					// named on the command line.
					if o.sniff == nil {
						s = skipped{kind: skipNotImage, reason: "no extension"}
					} else if pick, reason := o.sniff(path); !pick {
						s = skipped{kind: skipNotImage, reason: reason}
					}
				}
				if s.kind != "" {
					s.path = path
					o.skipped(s)
					return nil
				}
			}
			rel, err := filepath.Rel(arg, path)
			if err != nil {
				rel = name
			}
			add(path, rel)
			return nil
		})
		if werr != nil {
			errs = append(errs, inputError{path: arg, err: werr})
		}
	}
	return ins, errs
}

// skipped reports s when the walk reports what it leaves out.
func (o walkOptions) skipped(s skipped) {
	if o.skip != nil {
		o.skip(s)
	}
}

// errSameFile is the error of an input that is a file listed before under
// another name, left out of an in-place batch.
var errSameFile = errors.New("the same file as")

// readList reads a --files-from list: one path a line, or NUL-separated
// when nul is set. Empty entries are skipped; with lines, a trailing "\r" is
// dropped too.
func readList(r io.Reader, nul bool) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	if nul {
		sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
			if i := bytes.IndexByte(data, 0); i >= 0 {
				return i + 1, data[:i], nil
			}
			if atEOF && len(data) > 0 {
				return len(data), data, nil
			}
			return 0, nil, nil
		})
	}
	var out []string
	for sc.Scan() {
		s := sc.Text()
		if !nul {
			s = strings.TrimSuffix(s, "\r")
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return slices.Clip(out), sc.Err()
}
