package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// walkURL expands one object storage argument into inputs as it goes: an
// object, a prefix (listed page by page, never whole; see blobStore.List)
// or a glob pattern (matched against the keys below its literal part).
// emit gets each input as it is found; an error it returns stops the walk
// and is returned. fail gets what names no file: argument errors (a
// missing object, a listing that broke off) with key "", which every
// shard reports, and an entry's error with the entry's shard key.
//
// An object found below a prefix has the key relative to the prefix as
// both its shard key and its place under --out, as a file found in a
// directory has its relative path; an object named directly or matched by
// a pattern lands under --out by its base name and is sharded by its key.
// As in a directory walk, keys with a hidden element (".cache/x.png"),
// names without an image extension and, without --recursive, common
// prefixes are left out and reported (o.skip); the --out prefix (o.skipDir,
// a URL without parameters ending in "/"), whose objects the listing may
// reach while the batch writes them, is passed over without a word.
func walkURL(ctx context.Context, st store, arg string, o walkOptions, emit func(input) error, fail func(e inputError, key string)) error {
	isImage := o.isImage
	if isImage == nil {
		isImage = isImageName
	}
	fi, err := st.Stat(ctx, arg)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(namePath(arg), "*?[") {
			return globURL(ctx, st, arg, emit, fail)
		}
		fail(inputError{path: arg, err: err}, "")
		return nil
	}
	if !fi.IsDir() {
		key := namePath(arg)
		return emit(input{path: arg, key: key, rel: path.Base(key)})
	}
	var stop error
	werr := st.List(ctx, arg, o.recursive, func(name string, fi fileInfo, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			fail(inputError{path: name, err: err}, "")
			return nil
		}
		if fi.IsDir() {
			// A common prefix of a listing without --recursive.
			o.skipped(skipped{path: name, kind: skipDirectory, reason: "a prefix, entered with --recursive"})
			return errSkipDir
		}
		if o.skipDir != "" {
			if id, err := nameID(name); err == nil && strings.HasPrefix(id, o.skipDir) {
				return nil
			}
		}
		rel := relativeKey(arg, name)
		if hiddenKey(rel) {
			o.skipped(skipped{path: name, kind: skipHidden, reason: "a key with a hidden element"})
			return nil
		}
		if base := path.Base(rel); !isImage(base) {
			// Objects are not sniffed: that would cost a read of each.
			sk := classifyName(base)
			if sk.kind == "" {
				sk = skipped{kind: skipNotImage, reason: "no extension"}
			}
			sk.path = name
			o.skipped(sk)
			return nil
		}
		if !validRelKey(rel) {
			fail(inputError{path: name, err: errors.New("its key below the listed prefix has an empty, . or .. element, which names no output")}, rel)
			return nil
		}
		if err := emit(input{path: name, key: rel, rel: rel}); err != nil {
			stop = err
			return err
		}
		return nil
	})
	switch {
	case stop != nil:
		return stop
	case werr != nil && ctx.Err() != nil:
		return ctx.Err()
	case werr != nil:
		fail(inputError{path: arg, err: fmt.Errorf("listing: %w", werr)}, "")
	}
	return nil
}

// globURL expands a pattern of object keys. The matches of one pattern are
// held at once, to be reported in order; a prefix with --recursive is the
// way to take a large set.
func globURL(ctx context.Context, st store, arg string, emit func(input) error, fail func(inputError, string)) error {
	matches, err := st.Glob(ctx, arg)
	if err != nil {
		fail(inputError{path: arg, err: fmt.Errorf("bad pattern: %w", err)}, "")
		return nil
	}
	if len(matches) == 0 {
		fail(inputError{path: arg, err: errors.New("no object matches the pattern")}, "")
		return nil
	}
	for _, m := range matches {
		key := namePath(m)
		if err := emit(input{path: m, key: key, rel: path.Base(key)}); err != nil {
			return err
		}
	}
	return nil
}

// hiddenKey reports whether a relative key has an element that starts with
// a dot, which a directory walk would not enter or pick up.
func hiddenKey(rel string) bool {
	for _, e := range strings.Split(rel, "/") {
		if strings.HasPrefix(e, ".") && e != "." && e != ".." {
			return true
		}
	}
	return false
}
