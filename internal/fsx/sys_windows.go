//go:build windows

package fsx

import (
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

func openAnon(*dir, fs.FileMode) (*os.File, error) { return nil, errNoAnon }

func linkAnon(*dir, *os.File, string) error { return errNoAnon }

// setTimes sets f's last access time to at (left as it is when at is 0)
// and its last write time to mt.
func setTimes(f *os.File, at, mt int64) error {
	var pa *windows.Filetime
	if at != 0 {
		a := windows.NsecToFiletime(at)
		pa = &a
	}
	ft := windows.NsecToFiletime(mt)
	if err := windows.SetFileTime(windows.Handle(f.Fd()), nil, pa, &ft); err != nil {
		return &os.PathError{Op: "SetFileTime", Path: f.Name(), Err: err}
	}
	return nil
}

// syncDir does nothing: Windows cannot open a directory for flushing, and
// NTFS journals the rename itself.
func syncDir(*dir) error { return nil }

// Windows has no extended attributes in the POSIX sense (alternate data
// streams are not copied).
func listXattrs(*os.File) ([]string, error)     { return nil, nil }
func getXattr(*os.File, string) ([]byte, error) { return nil, nil }
func setXattr(*os.File, string, []byte) error   { return nil }

// exchange: Windows has no atomic swap of two names; a replacement renames
// and frees the replaced file (no spares).
func exchange(*dir, string, string) error { return errNoExchange }

// alone is never asked on Windows (no exchange, no spare).
func alone(*os.File) error { return errNoExchange }

func removeXattr(*os.File, string) error { return nil }
