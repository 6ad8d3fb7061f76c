//go:build unix && !linux && !darwin

package fsx

import "os"

// The BSDs' extattr interface is not wired; their files' extended
// attributes are not copied (and not reported: none are listed).
func listXattrs(*os.File) ([]string, error)     { return nil, nil }
func getXattr(*os.File, string) ([]byte, error) { return nil, nil }
func setXattr(*os.File, string, []byte) error   { return nil }
func removeXattr(*os.File, string) error        { return nil }
