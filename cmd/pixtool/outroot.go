package main

// Outputs under --out never leave it through a symbolic link (issue #16):
// an output directory may hold links planted by someone else, and a link
// to /etc/passwd named like an output must not make pixtool write there.
// The local store writes below --out DIR through an os.Root
// (fsx.ReplaceIn), which follows no link out of DIR and refuses a link as
// the output's own name. --follow-symlinks restores writing through links.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pixview/pixview/internal/fsx"
)

// outRoot returns the directory that outputs must stay under: --out for a
// local batch, unless --follow-symlinks; "" for none.
func (r *runner) outRoot() string {
	if r.f.out == "" || r.f.followSymlinks || !r.local(r.f.out) {
		return ""
	}
	return r.f.out
}

// createUnder commits name, a path below the directory root, through
// fsx.ReplaceIn, creating the directories between them without leaving
// root. Without overwrite an existing name (a symbolic link included) is
// refused.
func createUnder(root, name string, overwrite bool, write func(io.Writer) error, opts *fsx.Options) (committed, error) {
	rel, err := filepath.Rel(root, name)
	if err != nil || !filepath.IsLocal(rel) {
		return committed{}, fmt.Errorf("output %s is not under --out %s", name, root)
	}
	if err := os.MkdirAll(root, 0o777); err != nil {
		return committed{}, err
	}
	rt, err := os.OpenRoot(root)
	if err != nil {
		return committed{}, err
	}
	defer rt.Close()
	if dir := filepath.Dir(rel); dir != "." {
		if err := rt.MkdirAll(dir, 0o777); err != nil {
			return committed{}, outsideHint(name, err)
		}
	}
	if !overwrite {
		if _, err := rt.Lstat(rel); err == nil {
			return committed{}, fmt.Errorf("output %s %w; use --force to overwrite it", name, errExists)
		}
	}
	res, err := fsx.ReplaceIn(rt, rel, write, opts)
	if errors.Is(err, fsx.ErrNotRegular) {
		if fi, lerr := rt.Lstat(rel); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return committed{}, fmt.Errorf("output %s is a symbolic link, which pixtool does not write through under --out (--follow-symlinks does): %w", name, err)
		}
	}
	if err != nil {
		return committed{}, outsideHint(name, unwrapFSX(name, err))
	}
	return committed{Warnings: res.Warnings}, nil
}

// outsideHint adds to an error of a path that leads out of --out what
// would let it through.
func outsideHint(name string, err error) error {
	if strings.Contains(err.Error(), "escapes") {
		return fmt.Errorf("output %s: a symbolic link under --out leads out of it (--follow-symlinks follows it): %w", name, err)
	}
	return err
}
