//go:build !amd64 || purego

package jpeg

// rgbToYCC converts as rgbToYCCGo; this build has no assembly for it.
func rgbToYCC(y, cb, cr, src []uint8, step int) { rgbToYCCGo(y, cb, cr, src, step) }

// rgbToGray converts as rgbToGrayGo.
func rgbToGray(y, src []uint8, step int) { rgbToGrayGo(y, src, step) }
