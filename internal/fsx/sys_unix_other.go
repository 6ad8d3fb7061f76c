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

// setTimes sets f's access time to at (to mt when at is 0) and its
// modification time to mt, to the microsecond (futimes; these systems
// lack a portable futimens in x/sys).
func setTimes(f *os.File, at, mt int64) error {
	if at == 0 {
		at = mt
	}
	tv := []unix.Timeval{unix.NsecToTimeval(at), unix.NsecToTimeval(mt)}
	if err := unix.Futimes(int(f.Fd()), tv); err != nil {
		return &os.PathError{Op: "futimes", Path: f.Name(), Err: err}
	}
	return nil
}

func syncDir(d *dir) error { return d.f.Sync() }

// exchange: renameat2 is Linux's; elsewhere a replacement renames and
// frees the replaced file (no spares).
func exchange(*dir, string, string) error { return errNoExchange }

// alone is never asked elsewhere (no exchange, no spare).
func alone(*os.File) error { return errNoExchange }
