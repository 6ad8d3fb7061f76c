//go:build !linux

package main

// allowedCPUs returns nil: where there is no taskset the report pins
// nothing.
func allowedCPUs() []int { return nil }
