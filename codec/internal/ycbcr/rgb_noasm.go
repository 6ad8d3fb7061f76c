//go:build purego || !amd64

package ycbcr

// simdRows converts nothing: this build has no assembly.
func simdRows(o0, o1, y0, y1, cb, cr []byte, hs uint, two bool) int { return 0 }

// simdName names the kernel rows uses: Go in this build.
func simdName() string { return "go" }
