//go:build unix

package jpeg

import (
	"syscall"
	"time"
)

// trProcessCPU returns the CPU time (user and system) the process has
// used so far, every thread counted; 0 where it cannot be read.
func trProcessCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
