//go:build !purego

package refkern

import "golang.org/x/sys/cpu"

// The assembly kernels of kern_amd64.s. The read-modify-write kernels
// flip n bytes at p and n bytes at q, in lockstep; the copy kernels copy n
// bytes. n is a multiple of the kernel's step; pf is how far ahead of each
// step to prefetch, in bytes.
//
//go:noescape
func rmwAVX512(p, q *byte, n, pf int)

//go:noescape
func rmwAVX2(p, q *byte, n, pf int)

//go:noescape
func rmwSSE2(p, q *byte, n, pf int)

//go:noescape
func copyAVX512(dst, src *byte, n, pf int)

//go:noescape
func copyAVX2(dst, src *byte, n, pf int)

//go:noescape
func copySSE2(dst, src *byte, n, pf int)

// cpuid executes CPUID with EAX = leaf and ECX = sub.
func cpuid(leaf, sub uint32) (a, b, c, d uint32)

// kernels returns the kernels this CPU can run, widest first, the scalar
// pass last. x/sys/cpu reports AVX-512F and AVX2 only where the operating
// system saves the wider registers too. The kernels need no more than
// AVX-512F (VPXORQ, VMOVDQU64, VPBROADCASTQ from a general register).
func kernels() []kernel {
	var ks []kernel
	if cpu.X86.HasAVX512F {
		ks = append(ks, kernel{name: "AVX-512F", step: 256, rmw: rmwAVX512, copy: copyAVX512})
	}
	if cpu.X86.HasAVX2 {
		ks = append(ks, kernel{name: "AVX2", step: 128, rmw: rmwAVX2, copy: copyAVX2})
	}
	ks = append(ks, kernel{name: "SSE2", step: 64, rmw: rmwSSE2, copy: copySSE2})
	return append(ks, scalarKernel)
}

// memmoveStores describes the stores the Go runtime's memmove (Go 1.26,
// runtime/memmove_amd64.s and cpuflags_amd64.go) uses for a forward copy
// of n bytes between 64-byte aligned buffers that do not overlap.
func memmoveStores(n int) string {
	_, b, c, d := cpuid(0, 0)
	intel := b == 0x756e6547 && d == 0x49656e69 && c == 0x6c65746e // "GenuineIntel"
	_, _, _, d7 := cpuid(7, 0)
	fsrm := d7&(1<<4) != 0
	switch {
	case n <= 256:
		return "register moves"
	case intel && cpu.X86.HasERMS && fsrm && n >= 2048:
		return "REP MOVSQ (Intel with ERMS and FSRM; the CPU picks the store protocol)"
	case cpu.X86.HasAVX && n >= 1<<20:
		return "AVX loop with non-temporal stores (VMOVNTDQ, from 1 MiB up)"
	case cpu.X86.HasAVX:
		return "AVX loop, cached stores (below 1 MiB)"
	}
	return "REP MOVSQ or SSE moves, cached stores"
}
