//go:build !purego

package jpeg

import "golang.org/x/sys/cpu"

// fdctHasAVX2 is whether the CPU has AVX2; it is read once at start-up.
var fdctHasAVX2 = cpu.X86.HasAVX2

// fdctAVX2 is fdctIslow with AVX2, bit for bit.
//
//go:noescape
func fdctAVX2(d *[64]int32)

// fdct is the accurate integer FDCT, in assembly where the CPU allows.
func fdct(d *[64]int32) {
	if fdctHasAVX2 {
		fdctAVX2(d)
		return
	}
	fdctIslow(d)
}

// quantAVX2 is quantizeGo with AVX2, bit for bit.
//
//go:noescape
func quantAVX2(b *Block, d *[64]int32, t *quantDivisors)

// quantize divides by the table as quantizeGo does, in assembly where
// the CPU allows.
func quantize(b *Block, d *[64]int32, t *quantDivisors) {
	if fdctHasAVX2 {
		quantAVX2(b, d, t)
		return
	}
	quantizeGo(b, d, t)
}
