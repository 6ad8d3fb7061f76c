//go:build purego || !amd64

package jpeg

// idct8Fast is idct8: this build has no assembly.
func idct8Fast(b *Block, q *dequant, dst []byte, stride int) { idct8(b, q, dst, stride) }

// yccToRGBFast is yccToRGB: this build has no assembly.
func yccToRGBFast(dst, y, cb, cr []byte) { yccToRGB(dst, y, cb, cr) }
