//go:build windows

package fsx

import (
	"os"
	"time"

	"golang.org/x/sys/windows"
)

func statFile(f *os.File) (Identity, error) {
	fi, err := f.Stat()
	if err != nil {
		return Identity{}, err
	}
	var d windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(windows.Handle(f.Fd()), &d); err != nil {
		return Identity{}, &os.PathError{Op: "GetFileInformationByHandle", Path: f.Name(), Err: err}
	}
	mt := time.Unix(0, d.LastWriteTime.Nanoseconds())
	return Identity{
		Dev:     uint64(d.VolumeSerialNumber),
		Ino:     uint64(d.FileIndexHigh)<<32 | uint64(d.FileIndexLow),
		Size:    int64(d.FileSizeHigh)<<32 | int64(d.FileSizeLow),
		ModTime: mt.UnixNano(),
		ATime:   d.LastAccessTime.Nanoseconds(),
		Mode:    fi.Mode(),
		UID:     -1,
		GID:     -1,
		Nlink:   uint64(d.NumberOfLinks),
	}, nil
}

// statAt returns the identity of name in d. Windows has no inode in a
// directory entry, so the file is opened; a symbolic link is reported by
// its mode from Lstat.
func statAt(d *dir, name string) (Identity, error) {
	fi, err := d.root.Lstat(name)
	if err != nil {
		return Identity{}, err
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		return Identity{Mode: fi.Mode()}, nil
	}
	f, err := d.root.Open(name)
	if err != nil {
		return Identity{}, err
	}
	defer f.Close()
	return statFile(f)
}

// stat opens the file: Windows keeps the file index in the file, not in
// the directory entry.
func stat(path string) (Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return Identity{}, err
	}
	defer f.Close()
	return statFile(f)
}
