//go:build !purego

package ops

import "unsafe"

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

// extract3SSSE3NT is extract3SSSE3 with non-temporal stores, which skip
// reading the destination into the cache; dst must be 16-byte aligned.
//
//go:noescape
func extract3SSSE3NT(dst, src *byte, n, i int) int

// extract4SSSE3NT is extract4SSSE3 with non-temporal stores; dst must be
// 16-byte aligned.
//
//go:noescape
func extract4SSSE3NT(dst, src *byte, n, i int) int

// extractBytesAsm copies channel i of the c-byte pixels of src to dst, one
// byte per pixel, with SSSE3 when the CPU has it and c is 3 or 4, and
// returns how many pixels it did; the caller does the rest. With nt set,
// for a destination too large to stay in cache, it stores around the cache.
func extractBytesAsm(dst, src []byte, c, i int, nt bool) int {
	n := len(dst)
	if !hasSSSE3 || n < 16 || len(src) < n*c || (c != 3 && c != 4) {
		return 0
	}
	if nt && n >= 64 {
		// Align the destination for MOVNTDQ, moving the first pixels in Go.
		head := int(-uintptr(unsafe.Pointer(&dst[0])) & 15)
		for x := 0; x < head; x++ {
			dst[x] = src[x*c+i]
		}
		if c == 3 {
			return head + extract3SSSE3NT(&dst[head], &src[head*c], n-head, i)
		}
		return head + extract4SSSE3NT(&dst[head], &src[head*c], n-head, i)
	}
	if c == 3 {
		return extract3SSSE3(&dst[0], &src[0], n, i)
	}
	return extract4SSSE3(&dst[0], &src[0], n, i)
}
