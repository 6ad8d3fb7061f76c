//go:build !amd64 || purego

package jpeg

// fdct is the accurate integer FDCT; this build has no assembly for it.
func fdct(d *[64]int32) { fdctIslow(d) }

// quantize divides by the table as quantizeGo does.
func quantize(b *Block, d *[64]int32, t *quantDivisors) { quantizeGo(b, d, t) }
