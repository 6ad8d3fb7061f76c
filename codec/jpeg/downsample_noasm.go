//go:build !amd64 || purego

package jpeg

// The downsampling kernels the pixel encoder calls; this build has no
// assembly for them.

func downH2V1(dst, src []uint8)        { downH2V1Go(dst, src) }
func downH2V2(dst, src0, src1 []uint8) { downH2V2Go(dst, src0, src1) }
