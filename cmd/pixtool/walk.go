package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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
}

// walkOptions say how arguments expand into files.
type walkOptions struct {
	// recursive descends into subdirectories of directory arguments.
	recursive bool
	// skipDir, if set, is an absolute directory that is never entered: the
	// --out directory, so that outputs are not taken for inputs.
	skipDir string
}

// imageExts lists the extensions that a directory walk picks up. Files named
// explicitly are tried whatever their extension.
var imageExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".bmp": true,
	".tif": true, ".tiff": true, ".webp": true,
	".pbm": true, ".pgm": true, ".ppm": true, ".pnm": true, ".pam": true,
}

// isImageName reports whether a directory walk should pick up name.
func isImageName(name string) bool {
	return imageExts[strings.ToLower(filepath.Ext(name))] && !strings.HasPrefix(name, ".")
}

// expand turns arguments into the files to process, in a deterministic order:
// arguments in the order given, the files of a directory in lexical order.
// An argument that does not exist is taken as a glob pattern when it holds
// glob characters. A file reached twice is listed once.
func expand(args []string, o walkOptions) ([]input, []inputError) {
	var (
		ins  []input
		errs []inputError
		seen = map[string]bool{}
	)
	add := func(path, rel string) {
		key := filepath.ToSlash(filepath.Clean(path))
		if seen[key] {
			return
		}
		seen[key] = true
		ins = append(ins, input{path: path, key: key, rel: filepath.Clean(rel)})
	}
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(arg, "*?[") {
				matches, gerr := filepath.Glob(arg)
				if gerr != nil {
					errs = append(errs, inputError{arg, fmt.Errorf("bad pattern: %w", gerr)})
					continue
				}
				n := 0
				for _, m := range matches {
					if mfi, err := os.Stat(m); err == nil && mfi.Mode().IsRegular() {
						add(m, filepath.Base(m))
						n++
					}
				}
				if n == 0 {
					errs = append(errs, inputError{arg, errors.New("no file matches the pattern")})
				}
				continue
			}
			errs = append(errs, inputError{arg, err})
			continue
		}
		if !fi.IsDir() {
			add(arg, filepath.Base(arg))
			continue
		}
		werr := filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, inputError{path, err})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path == arg {
					return nil
				}
				if !o.recursive || strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				if o.skipDir != "" {
					if abs, err := filepath.Abs(path); err == nil && abs == o.skipDir {
						return fs.SkipDir
					}
				}
				return nil
			}
			if !isImageName(d.Name()) {
				return nil
			}
			if !d.Type().IsRegular() {
				// A symbolic link to an image counts; anything else is left out.
				if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
					return nil
				}
			}
			rel, err := filepath.Rel(arg, path)
			if err != nil {
				rel = d.Name()
			}
			add(path, rel)
			return nil
		})
		if werr != nil {
			errs = append(errs, inputError{arg, werr})
		}
	}
	return ins, errs
}

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
