//go:build unix

package main

import (
	"os"
	"syscall"
)

// linkCount returns how many names the local file at path has, 1 when it
// cannot tell.
func linkCount(path string) uint64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 1
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
