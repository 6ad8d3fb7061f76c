//go:build !unix

package main

import "os"

// maxRSS returns 0: this system has no rusage, and the report shows no
// peak RSS.
func maxRSS(ps *os.ProcessState) int64 { return 0 }
