//go:build unix

package main

import (
	"os"
	"syscall"
)

// maxRSS returns the peak resident set size of a finished process as
// wait4's rusage gives it (KiB on Linux), or 0 if it is not known.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) // int32 on 32-bit platforms
	}
	return 0
}
