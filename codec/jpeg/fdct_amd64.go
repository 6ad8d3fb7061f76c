//go:build !purego

package jpeg

import "golang.org/x/sys/cpu"

// encHasAVX2 is whether the CPU has AVX2; it is read once at start-up.
var encHasAVX2 = cpu.X86.HasAVX2

// fdctAVX2 is fdctIslow with AVX2, bit for bit.
//
//go:noescape
func fdctAVX2(d *[64]int32)

// fdctSamplesAVX2 loads the 8x8 samples at src, rows stride bytes
// apart, and transforms them as fdctSamples does.
//
//go:noescape
func fdctSamplesAVX2(d *[64]int32, src *byte, stride int)

// fdctSamples transforms the 8x8 samples at buf[off:], rows stride bytes
// apart, into d.
func fdctSamples(d *[64]int32, buf []uint8, off, stride int) {
	if encHasAVX2 {
		_ = buf[off+7*stride+7]
		fdctSamplesAVX2(d, &buf[off], stride)
		return
	}
	fdctLoad(d, buf, off, stride)
	fdctIslow(d)
}

// fdct is the accurate integer FDCT, in assembly where the CPU allows.
func fdct(d *[64]int32) {
	if encHasAVX2 {
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
	if encHasAVX2 {
		quantAVX2(b, d, t)
		return
	}
	quantizeGo(b, d, t)
}
