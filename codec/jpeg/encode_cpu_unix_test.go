//go:build unix

package jpeg

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, its threads together.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
