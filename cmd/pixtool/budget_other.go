//go:build !linux

package main

// memoryAvailable returns 0: outside Linux pixtool does not read what the
// system allows, and a batch has no memory budget but --max-memory.
func memoryAvailable() (int64, string) { return 0, "" }
