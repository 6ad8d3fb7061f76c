//go:build !purego

package ops

// extract3SSSE3 copies channel i of the first n&^15 3-byte pixels at src
// to consecutive bytes at dst, sixteen pixels at a time, and returns how
// many pixels it did.
//
//go:noescape
func extract3SSSE3(dst, src *byte, n, i int) int

// extract4SSSE3 is extract3SSSE3 for 4-byte pixels.
//
//go:noescape
func extract4SSSE3(dst, src *byte, n, i int) int

// extractBytesAsm copies channel i of the c-byte pixels of src to dst, one
// byte per pixel, with SSSE3 when the CPU has it and c is 3 or 4, and
// returns how many pixels it did; the caller does the rest.
func extractBytesAsm(dst, src []byte, c, i int) int {
	n := len(dst)
	if !hasSSSE3 || n < 16 || len(src) < n*c {
		return 0
	}
	switch c {
	case 3:
		return extract3SSSE3(&dst[0], &src[0], n, i)
	case 4:
		return extract4SSSE3(&dst[0], &src[0], n, i)
	}
	return 0
}
