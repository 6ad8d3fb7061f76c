//go:build !purego

package ycbcr

// The SSE2 kernel is tested and measured on every amd64 machine, AVX2 or
// not, as rows would use it without AVX2.
func init() {
	kernels = append(kernels, struct {
		name string
		f    func(o0, o1, y0, y1, cb, cr []byte, hs uint, ox int, two bool)
	}{"rows-sse2", func(o0, o1, y0, y1, cb, cr []byte, hs uint, ox int, two bool) {
		rowsWith(func(o0, o1, y0, y1, cb, cr []byte, hs uint, two bool) int {
			return asmRows(false, o0, o1, y0, y1, cb, cr, hs, two)
		}, o0, o1, y0, y1, cb, cr, hs, ox, two)
	}})
}
