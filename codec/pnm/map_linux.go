//go:build linux && !pnm_nommap

package pnm

import "golang.org/x/sys/unix"

// mapFlags prefaults the whole mapping in one pass (MAP_POPULATE), which
// on Linux is cheaper than faulting 4 KiB pages in one at a time as the
// first pass over the pixels touches them. The pages are populated for
// reading only: marking them all dirty up front (MADV_POPULATE_WRITE)
// would make Sync write back the whole raster after a small edit.
const mapFlags = unix.MAP_SHARED | unix.MAP_POPULATE
