//go:build !purego

package jpeg

//go:noescape
func downH2V1AVX2(dst, src *byte, n int)

//go:noescape
func downH2V2AVX2(dst, src0, src1 *byte, n int)

//go:noescape
func downH2V1SSE2(dst, src *byte, n int)

//go:noescape
func downH2V2SSE2(dst, src0, src1 *byte, n int)

// downH2V1 is downH2V1Go, in assembly: AVX2 where the CPU has it, else
// SSE2, which every amd64 CPU has.
func downH2V1(dst, src []uint8) {
	downH2V1With(dst, src, encHasAVX2)
}

// downH2V1With is downH2V1 with the choice of kernel given, for tests.
func downH2V1With(dst, src []uint8, avx2 bool) {
	if k := len(dst) &^ 15; avx2 && k > 0 {
		_ = src[2*k-1]
		downH2V1AVX2(&dst[0], &src[0], k)
		dst, src = dst[k:], src[2*k:]
	}
	if k := len(dst) &^ 7; k > 0 {
		_ = src[2*k-1]
		downH2V1SSE2(&dst[0], &src[0], k)
		dst, src = dst[k:], src[2*k:]
	}
	downH2V1Go(dst, src)
}

// downH2V2 is downH2V2Go, in assembly as downH2V1 is.
func downH2V2(dst, src0, src1 []uint8) {
	downH2V2With(dst, src0, src1, encHasAVX2)
}

// downH2V2With is downH2V2 with the choice of kernel given, for tests.
func downH2V2With(dst, src0, src1 []uint8, avx2 bool) {
	if k := len(dst) &^ 15; avx2 && k > 0 {
		_, _ = src0[2*k-1], src1[2*k-1]
		downH2V2AVX2(&dst[0], &src0[0], &src1[0], k)
		dst, src0, src1 = dst[k:], src0[2*k:], src1[2*k:]
	}
	if k := len(dst) &^ 7; k > 0 {
		_, _ = src0[2*k-1], src1[2*k-1]
		downH2V2SSE2(&dst[0], &src0[0], &src1[0], k)
		dst, src0, src1 = dst[k:], src0[2*k:], src1[2*k:]
	}
	downH2V2Go(dst, src0, src1)
}
