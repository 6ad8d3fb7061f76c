//go:build purego || !amd64

package jpeg

// idct8Fast is idct8: this build has no assembly.
func idct8Fast(b *Block, q *dequant, dst []byte, stride int) { idct8(b, q, dst, stride) }

// idct8Row is idct8 for each block of row, block i into out[8*i:].
func idct8Row(row []Block, q *dequant, out []byte, stride int) {
	for i := range row {
		idct8(&row[i], q, out[8*i:], stride)
	}
}

// yccToRGBFast is yccToRGB: this build has no assembly.
func yccToRGBFast(dst, y, cb, cr []byte) { yccToRGB(dst, y, cb, cr) }

// upH2V2Fast is colSum and upH2V2Row: this build has no assembly.
func upH2V2Fast(dst, near, far []byte, dw, x0, lo, hi int, cs []int32, tmp []byte) {
	colSum(cs, near, far, lo, hi)
	upH2V2Row(dst, cs, dw, x0, tmp)
}

// upH2V1Fast is upH2V1Row: this build has no assembly.
func upH2V1Fast(dst, src []byte, dw, x0 int, tmp []byte) { upH2V1Row(dst, src, dw, x0, tmp) }
