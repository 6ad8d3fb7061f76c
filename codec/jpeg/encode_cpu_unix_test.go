//go:build unix

package jpeg

import (
	"syscall"
	"time"
)

// wrCPUTime is the CPU time the process has used, its threads together.
func wrCPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
