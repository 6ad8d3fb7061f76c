//go:build unix && !linux && !pnm_nommap

package pnm

import "golang.org/x/sys/unix"

// mapFlags are the flags of the shared mapping Map makes.
const mapFlags = unix.MAP_SHARED
