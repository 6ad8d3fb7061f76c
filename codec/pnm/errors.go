package pnm

import (
	"fmt"
	"github.com/pixview/pixview/codec/codecerr"
	"io"
)

// A FormatError reports that the input is not a valid Netpbm image. It
// matches [codecerr.ErrFormat] under errors.Is.
type FormatError string

// Error returns the message with the package prefix.
func (e FormatError) Error() string { return "pnm: invalid format: " + string(e) }

// Is reports whether target is [codecerr.ErrFormat], so that errors.Is finds
// the shared sentinel.
func (e FormatError) Is(target error) bool { return target == codecerr.ErrFormat }

// An UnsupportedError reports that the input is a valid Netpbm image that
// this package does not handle, such as a PAM with more than four channels.
// It matches [codecerr.ErrUnsupported] under errors.Is.
type UnsupportedError string

// Error returns the message with the package prefix.
func (e UnsupportedError) Error() string { return "pnm: unsupported feature: " + string(e) }

// Is reports whether target is [codecerr.ErrUnsupported], so that errors.Is
// finds the shared sentinel.
func (e UnsupportedError) Is(target error) bool { return target == codecerr.ErrUnsupported }

// truncated returns the error for input that ends after got of want bytes
// of what: it matches both io.ErrUnexpectedEOF and codecerr.ErrFormat.
func truncated(what string, got, want int64) error {
	return fmt.Errorf("pnm: %s truncated after %d of %d bytes: %w: %w", what, got, want, io.ErrUnexpectedEOF, codecerr.ErrFormat)
}

// tooLarge returns the error for an image whose size exceeds a limit or
// overflows; it matches codecerr.ErrTooLarge.
func tooLarge(h Header, limit int) error {
	return fmt.Errorf("pnm: %dx%d image with %d channels exceeds the limit of %d pixels: %w",
		h.Width, h.Height, h.Channels, limit, codecerr.ErrTooLarge)
}
