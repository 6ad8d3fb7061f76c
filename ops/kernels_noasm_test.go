//go:build purego || !amd64

package ops

// withoutVBMI returns r: this build has no AVX-512 kernel.
func withoutVBMI(r rowReverser) rowReverser { return r }

// usesVBMI is false: this build has no AVX-512 kernel.
func usesVBMI(r rowReverser) bool { return false }

// hasVBMI is false: this build uses no assembly.
const hasVBMI = false
