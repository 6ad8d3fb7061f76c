// Package hugemem maps large buffers outside Go's heap, asking the kernel
// to back them with transparent huge pages, for the memory pixview reuses
// from one file of a batch to the next: a lossless JPEG transform's
// coefficient planes and file buffer (codec/jpeg's Scratch) and pixtool's
// upload buffers.
//
// Why: a buffer of megabytes from Go's heap is faulted in 4 KiB at a time
// on first touch, and a page fault is dear on the virtual machines pixview
// runs on (several microseconds each, more in the kernel's and the
// hypervisor's bookkeeping than in zeroing). The 36 MB of planes of a
// 12 MP photo take about 18 faults in huge pages instead of 9,000, which
// measured a tenth of a whole lossless flip; pixtool's upload buffers
// mapped this way cut 6% of its CPU in a batch of photos sent to S3.
//
// On Linux the "madvise" setting of
// /sys/kernel/mm/transparent_hugepage/enabled, the common default, honours
// the advice; where huge pages are off or none is free, the kernel maps
// 4 KiB pages as it would have. Elsewhere Map returns nil and callers
// use the heap.
//
// Memory from Map is not the garbage collector's: it must be given back
// with Unmap exactly once, after the last use of every slice of it.
package hugemem

// Size is the size of a transparent huge page on the architectures Linux
// runs pixview on (x86-64, and arm64 with 4 KiB base pages). Map rounds
// sizes up to whole multiples of it.
const Size = 2 << 20
