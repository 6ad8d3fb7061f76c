//go:build unix

package fsx

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// identityOf reads the identity out of fi, which must come from a stat on
// this system.
func identityOf(fi fs.FileInfo) (Identity, error) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return Identity{}, fmt.Errorf("fsx: %s: no stat data", fi.Name())
	}
	return Identity{
		Dev:     uint64(st.Dev),
		Ino:     uint64(st.Ino),
		Size:    fi.Size(),
		ModTime: fi.ModTime().UnixNano(),
		ATime:   atime(st),
		Mode:    fi.Mode(),
		UID:     int(st.Uid),
		GID:     int(st.Gid),
		Nlink:   uint64(st.Nlink),
	}, nil
}

func statFile(f *os.File) (Identity, error) {
	fi, err := f.Stat()
	if err != nil {
		return Identity{}, err
	}
	return identityOf(fi)
}

// statAt returns the identity of name in d without following a symbolic
// link at name.
func statAt(d *dir, name string) (Identity, error) {
	fi, err := d.root.Lstat(name)
	if err != nil {
		return Identity{}, err
	}
	return identityOf(fi)
}

func stat(path string) (Identity, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Identity{}, err
	}
	return identityOf(fi)
}
