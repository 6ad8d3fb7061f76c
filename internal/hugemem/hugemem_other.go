//go:build !linux

package hugemem

// Map maps no memory outside Linux: callers use Go's heap there.
func Map(size int) []byte { return nil }

// Unmap does nothing where Map maps nothing.
func Unmap(mem []byte) {}
