//go:build !unix

package jpeg

import "time"

// trProcessCPU is not measured here: the benchmarks report wall time only.
func trProcessCPU() time.Duration { return 0 }
