package main

import "golang.org/x/sys/unix"

// fsType names the kind of file system path is on, as statfs(2) says:
// "tmpfs", "ramfs" or "disk" (anything else), or "" when it cannot be
// told.
func fsType(path string) string {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return ""
	}
	switch uint32(st.Type) { // int32 on 32-bit platforms, where RAMFS_MAGIC overflows it
	case unix.TMPFS_MAGIC:
		return "tmpfs"
	case unix.RAMFS_MAGIC:
		return "ramfs"
	}
	return "disk"
}
