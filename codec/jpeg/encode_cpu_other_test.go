//go:build !unix

package jpeg

import "time"

// wrCPUTime is not measured here; the benchmark's cpu-ms/op reads 0.
func wrCPUTime() time.Duration { return 0 }
