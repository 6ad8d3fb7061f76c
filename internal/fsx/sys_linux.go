package fsx

import (
	"io/fs"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// openAnon opens an unnamed file in d with O_TMPFILE. A kill before link
// leaves nothing behind: the kernel frees an unnamed inode with its last
// descriptor. It needs /proc to be named later (linkat through
// /proc/self/fd needs no privilege, AT_EMPTY_PATH does), so without /proc,
// or on a file system without O_TMPFILE, it returns errNoAnon and the
// caller falls back to a named file.
func openAnon(d *dir, perm fs.FileMode) (*os.File, error) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		return nil, errNoAnon
	}
	fd, err := unix.Openat(int(d.f.Fd()), ".", unix.O_RDWR|unix.O_TMPFILE|unix.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		switch err {
		case unix.EOPNOTSUPP, unix.EISDIR, unix.EINVAL, unix.ENOENT:
			return nil, errNoAnon
		}
		return nil, &os.PathError{Op: "open O_TMPFILE", Path: d.f.Name(), Err: err}
	}
	return os.NewFile(uintptr(fd), d.f.Name()+" (unnamed temporary file)"), nil
}

// linkAnon gives the unnamed file f the name name in d.
func linkAnon(d *dir, f *os.File, name string) error {
	err := unix.Linkat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(int(f.Fd())), int(d.f.Fd()), name, unix.AT_SYMLINK_FOLLOW)
	if err != nil {
		return &os.LinkError{Op: "linkat", Old: f.Name(), New: name, Err: err}
	}
	return nil
}

// setTimes sets f's access time to at (left as it is when at is 0) and
// its modification time to mt, to the nanosecond (futimes would round to
// microseconds).
func setTimes(f *os.File, at, mt int64) error {
	ts := []unix.Timespec{{Nsec: unix.UTIME_OMIT}, unix.NsecToTimespec(mt)}
	if at != 0 {
		ts[0] = unix.NsecToTimespec(at)
	}
	err := unix.UtimesNanoAt(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(int(f.Fd())), ts, 0)
	if err == unix.ENOENT { // no /proc
		if at == 0 {
			at = mt
		}
		err = unix.Futimes(int(f.Fd()), []unix.Timeval{unix.NsecToTimeval(at), unix.NsecToTimeval(mt)})
	}
	if err != nil {
		return &os.PathError{Op: "utimensat", Path: f.Name(), Err: err}
	}
	return nil
}

func syncDir(d *dir) error { return d.f.Sync() }

// exchange swaps oldname and newname in d with renameat2(RENAME_EXCHANGE):
// both names exist before and after, so the replaced file is left under
// the temporary name instead of being freed. Kernels before 3.15 (ENOSYS)
// and file systems without it (EINVAL) give errNoExchange.
func exchange(d *dir, oldname, newname string) error {
	fd := int(d.f.Fd())
	err := unix.Renameat2(fd, oldname, fd, newname, unix.RENAME_EXCHANGE)
	switch err {
	case nil:
		return nil
	case unix.EINVAL, unix.ENOSYS:
		return errNoExchange
	}
	return &os.LinkError{Op: "renameat2 exchange", Old: oldname, New: newname, Err: err}
}

// alone takes a write lease on f and releases it at once. The kernel
// grants a write lease only when the caller's descriptor is the file's
// only open one (check_conflicting_open: every other open, read or
// write, and every mapping counts), and only to the file's owner or a
// holder of CAP_LEASE.
func alone(f *os.File) error {
	fd := int(f.Fd())
	_, err := unix.FcntlInt(uintptr(fd), unix.F_SETLEASE, unix.F_WRLCK)
	if err == unix.EAGAIN || err == unix.EBUSY {
		return errShared
	}
	if err != nil {
		return &os.PathError{Op: "fcntl F_SETLEASE", Path: f.Name(), Err: err}
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETLEASE, unix.F_UNLCK); err != nil {
		return &os.PathError{Op: "fcntl F_SETLEASE unlock", Path: f.Name(), Err: err}
	}
	return nil
}
