//go:build !purego

package ops

import "unsafe"

// transposeStrip3SSSE3 transposes n blocks of 4 x 4 3-byte pixels along a
// strip of four destination rows dsy bytes apart, reading the block's
// columns ssx bytes apart from s, each as a 16-byte load.
//
//go:noescape
func transposeStrip3SSSE3(d *byte, dsy int, s *byte, ssx int, n int, masks *[2][16]byte)

// transposeStrip4SSSE3 is transposeStrip3SSSE3 for 4-byte pixels, whose
// column loads need only be put in order by mask.
//
//go:noescape
func transposeStrip4SSSE3(d *byte, dsy int, s *byte, ssx int, n int, mask *[16]byte)

// transposeStrip4Asm is transposeStrip3Asm for 4-byte pixels; its loads
// read only the pixels they use.
func transposeStrip4Asm(d []byte, dp pixGeom, s []byte, sp pixGeom, y, x, n int) int {
	if !hasSSSE3 || (sp.sy != 4 && sp.sy != -4) || n < 4 {
		return 0
	}
	mask := [16]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	si := sp.off + y*sp.sy + x*sp.sx
	if sp.sy < 0 {
		si -= 12
		mask = [16]byte{12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3}
	}
	k := n / 4
	di := dp.off + y*dp.sy + x*4
	transposeStrip4SSSE3((*byte)(unsafe.Pointer(&d[di])), dp.sy, (*byte)(unsafe.Pointer(&s[si])), sp.sx, k, &mask)
	return 4 * k
}

// transposeStrip3Asm copies the pixels of rows [y, y+4) and columns
// [x, x+4k) of the source layout sp to the destination layout dp with
// SSSE3, for the largest k <= n/4 whose reads stay inside s, when the CPU
// has SSSE3 and the source's pixels run 3 bytes apart, either way, down its
// columns; it returns how many columns it did.
func transposeStrip3Asm(d []byte, dp pixGeom, s []byte, sp pixGeom, y, x, n int) int {
	if !hasSSSE3 || (sp.sy != 3 && sp.sy != -3) || n < 4 {
		return 0
	}
	// Spread four 3-byte pixels to four dwords, and pack them back. When
	// the column runs backwards, its four pixels are loaded from the
	// lowest address up, and spread in reverse.
	masks := [2][16]byte{
		{0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11, 0x80},
		{0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80},
	}
	si := sp.off + y*sp.sy + x*sp.sx
	if sp.sy < 0 {
		si -= 9
		masks[0] = [16]byte{9, 10, 11, 0x80, 6, 7, 8, 0x80, 3, 4, 5, 0x80, 0, 1, 2, 0x80}
	}
	// The 16-byte loads read 4 bytes past the 12 they use; the last block
	// of a strip whose loads would leave s is left to the caller.
	k := n / 4
	hi := si + 16
	if sp.sx > 0 {
		hi += (4*k - 1) * sp.sx
	}
	for k > 0 && hi > len(s) {
		k--
		if sp.sx > 0 {
			hi -= 4 * sp.sx
		}
	}
	if k == 0 || hi > len(s) {
		return 0
	}
	di := dp.off + y*dp.sy + x*3
	transposeStrip3SSSE3((*byte)(unsafe.Pointer(&d[di])), dp.sy, (*byte)(unsafe.Pointer(&s[si])), sp.sx, k, &masks)
	return 4 * k
}
