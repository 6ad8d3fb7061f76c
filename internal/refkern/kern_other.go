//go:build purego || !amd64

package refkern

// kernels returns the scalar pass alone: this build has no assembly.
func kernels() []kernel { return []kernel{scalarKernel} }

// memmoveStores does not describe the runtime's copy on this build: its
// choice of stores is known here only for amd64.
func memmoveStores(n int) string { return "runtime memmove (not described for this build)" }
