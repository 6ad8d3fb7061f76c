//go:build darwin || ios || freebsd || netbsd

package fsx

import "syscall"

// atime returns the access time of a stat result, in nanoseconds.
func atime(st *syscall.Stat_t) int64 { return st.Atimespec.Nano() }
