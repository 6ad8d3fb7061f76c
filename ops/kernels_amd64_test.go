//go:build !purego

package ops

// withoutVBMI returns r with its AVX-512 kernel switched off, so that the
// tests reach the SSSE3 kernel on long rows too.
func withoutVBMI(r rowReverser) rowReverser {
	r.vbmi = false
	return r
}

// usesVBMI is whether r reverses with the AVX-512 kernel.
func usesVBMI(r rowReverser) bool { return r.vbmi }
