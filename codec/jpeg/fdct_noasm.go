//go:build !amd64 || purego

package jpeg

// fdct is the accurate integer FDCT; this build has no assembly for it.
func fdct(d *[64]int32) { fdctIslow(d) }

// quantize divides by the table as quantizeGo does.
func quantize(b *Block, d *[64]int32, t *quantDivisors) { quantizeGo(b, d, t) }

// fdctSamples transforms the 8x8 samples at buf[off:], rows stride bytes
// apart, into d.
func fdctSamples(d *[64]int32, buf []uint8, off, stride int) {
	fdctLoad(d, buf, off, stride)
	fdctIslow(d)
}
