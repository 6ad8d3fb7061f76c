//go:build unix && !linux

package fsx

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// openAnon: only Linux has O_TMPFILE; elsewhere the temporary file is
// named from the start.
func openAnon(*dir, fs.FileMode) (*os.File, error) { return nil, errNoAnon }

func linkAnon(*dir, *os.File, string) error { return errNoAnon }

// setMtime sets f's access and modification times to ns, to the
// microsecond (futimes; these systems lack a portable futimens in x/sys).
func setMtime(f *os.File, ns int64) error {
	tv := unix.NsecToTimeval(ns)
	if err := unix.Futimes(int(f.Fd()), []unix.Timeval{tv, tv}); err != nil {
		return &os.PathError{Op: "futimes", Path: f.Name(), Err: err}
	}
	return nil
}

func syncDir(d *dir) error { return d.f.Sync() }
