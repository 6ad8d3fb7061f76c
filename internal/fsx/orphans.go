package fsx

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
)

// tempMark is what names a temporary file of this package:
// ".NAME.pixview-tmp-" and 16 hexadecimal digits.
const tempMark = ".pixview-tmp-"

// maxBase bounds the part of the target's name kept in a temporary name,
// so the whole stays within the 255 bytes most file systems allow.
const maxBase = 200

// tempName returns a fresh temporary name for the file base.
func tempName(base string) string {
	if len(base) > maxBase {
		base = base[:maxBase]
	}
	return fmt.Sprintf(".%s%s%016x", base, tempMark, rand.Uint64())
}

// IsTemp reports whether name (a base name) is a temporary file of this
// package, live or orphaned.
func IsTemp(name string) bool {
	i := strings.LastIndex(name, tempMark)
	if !strings.HasPrefix(name, ".") || i < 1 {
		return false
	}
	hex := name[i+len(tempMark):]
	if len(hex) != 16 {
		return false
	}
	for _, c := range hex {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// CleanOrphans removes the temporary files that killed processes left in
// the directory dir (not below it) and returns their paths. A temporary
// file is locked by its writer from creation to commit, so one whose lock
// can be taken has no writer left: it is removed; one whose lock is held
// belongs to a live process and is left alone. Files whose names only
// look alike (symbolic links, directories) are not touched. A temporary
// file it cannot open (mode 000, not root) is left and reported in the
// error, which joins every failure; the other files are still cleaned.
func CleanOrphans(dir string) ([]string, error) {
	d, err := openDir(dir)
	if err != nil {
		return nil, &opError{op: "clean", path: dir, err: err}
	}
	defer d.close()
	entries, err := d.f.ReadDir(-1)
	if err != nil {
		return nil, &opError{op: "clean", path: dir, err: err}
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !IsTemp(e.Name()) {
			continue
		}
		ok, err := cleanOne(osSys{}, d, e.Name())
		if err != nil {
			errs = append(errs, &opError{op: "clean", path: filepath.Join(dir, e.Name()), err: err})
		}
		if ok {
			removed = append(removed, filepath.Join(dir, e.Name()))
		}
	}
	return removed, errors.Join(errs...)
}

// cleanOne removes the temporary file name in d if no process holds its
// lock, and reports whether it did.
func cleanOne(s sys, d *dir, name string) (bool, error) {
	st, err := s.stat(d, name)
	if err != nil || !st.Mode.IsRegular() {
		return false, nil // gone meanwhile, or not ours
	}
	f, err := d.root.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	if err := s.lock(f, false); errors.Is(err, errLocked) {
		return false, nil // live
	} else if err != nil {
		return false, err
	}
	// Under the lock, the name must still be the file locked: a writer
	// renames its temporary file only while holding the lock, so the
	// check cannot go stale before the remove.
	id, err := statFile(f)
	if err != nil {
		return false, err
	}
	cur, err := s.stat(d, name)
	if err != nil || !cur.SameFile(id) {
		return false, nil
	}
	if err := s.remove(d, name); err != nil {
		return false, err
	}
	return true, nil
}
