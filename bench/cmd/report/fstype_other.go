//go:build !linux

package main

import "os"

// fsType names the kind of file system path is on: "disk" for any
// directory that exists, since only Linux's statfs is read here, and ""
// when path is not a directory.
func fsType(path string) string {
	if st, err := os.Stat(path); err != nil || !st.IsDir() {
		return ""
	}
	return "disk"
}
