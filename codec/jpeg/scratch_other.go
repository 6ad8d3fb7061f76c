//go:build !linux

package jpeg

// mapMemory maps no memory outside Linux: a Scratch's memory comes from
// Go's heap there.
func mapMemory(size int) []byte { return nil }

// unmapMemory does nothing where mapMemory maps nothing.
func unmapMemory(mem []byte) {}
