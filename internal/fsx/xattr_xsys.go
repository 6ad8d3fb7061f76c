//go:build linux || darwin

package fsx

import (
	"bytes"
	"os"

	"golang.org/x/sys/unix"
)

// listXattrs returns the names of f's extended attributes. A file system
// without them gives none.
func listXattrs(f *os.File) ([]string, error) {
	fd := int(f.Fd())
	for {
		n, err := unix.Flistxattr(fd, nil)
		if err == unix.ENOTSUP || err == unix.EOPNOTSUPP {
			return nil, nil
		}
		if err != nil {
			return nil, &os.PathError{Op: "flistxattr", Path: f.Name(), Err: err}
		}
		if n == 0 {
			return nil, nil
		}
		buf := make([]byte, n)
		n, err = unix.Flistxattr(fd, buf)
		if err == unix.ERANGE { // grew meanwhile
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "flistxattr", Path: f.Name(), Err: err}
		}
		var names []string
		for _, b := range bytes.Split(buf[:n], []byte{0}) {
			if len(b) > 0 {
				names = append(names, string(b))
			}
		}
		return names, nil
	}
}

func getXattr(f *os.File, name string) ([]byte, error) {
	fd := int(f.Fd())
	for {
		n, err := unix.Fgetxattr(fd, name, nil)
		if err != nil {
			return nil, &os.PathError{Op: "fgetxattr " + name, Path: f.Name(), Err: err}
		}
		buf := make([]byte, n)
		n, err = unix.Fgetxattr(fd, name, buf)
		if err == unix.ERANGE {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "fgetxattr " + name, Path: f.Name(), Err: err}
		}
		return buf[:n], nil
	}
}

func setXattr(f *os.File, name string, value []byte) error {
	if err := unix.Fsetxattr(int(f.Fd()), name, value, 0); err != nil {
		return &os.PathError{Op: "fsetxattr " + name, Path: f.Name(), Err: err}
	}
	return nil
}

func removeXattr(f *os.File, name string) error {
	if err := unix.Fremovexattr(int(f.Fd()), name); err != nil {
		return &os.PathError{Op: "fremovexattr " + name, Path: f.Name(), Err: err}
	}
	return nil
}
