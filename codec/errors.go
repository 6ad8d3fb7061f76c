package codec

import "github.com/pixview/pixview/pixbuf"

// The sentinel errors of package codec. They are the same values as their
// pixbuf namesakes, so errors.Is matches either spelling.
var (
	// ErrFormat reports malformed or truncated encoded data, an unknown file
	// format, or a zero width or height.
	ErrFormat = pixbuf.ErrFormat
	// ErrTooLarge reports dimensions beyond the pixel limit, or whose size
	// overflows.
	ErrTooLarge = pixbuf.ErrTooLarge
	// ErrUnsupported reports a valid input or request that codec does not
	// handle, such as saving as WebP.
	ErrUnsupported = pixbuf.ErrUnsupported
)
