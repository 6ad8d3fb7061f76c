// Package hugememtest helps tests check that memory mapped outside Go's
// heap (package hugemem) is given back: it reads the process's address
// space size, which the garbage collector's counters do not see.
package hugememtest

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// VMSize returns the process's virtual memory size in KiB, from
// /proc/self/status; the test is skipped where there is none (not Linux).
func VMSize(t testing.TB) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmSize:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skip("no VmSize in /proc/self/status")
	return 0
}
