package pixbuf

import "errors"

// The sentinel errors of views. Errors returned by pixbuf and ops wrap one
// of these with context; test for them with errors.Is. The file-format
// sentinels (ErrFormat, ErrUnsupported) live in codec/codecerr, which
// shares ErrTooLarge with this package: a view too large to address and a
// file too large to decode are the same failure.
var (
	// ErrShape reports a buffer whose length does not match a shape, two views
	// of different shapes, or a layout an operation cannot take.
	ErrShape = errors.New("pixbuf: shape mismatch")
	// ErrBounds reports a strided layout that reaches outside its buffer, or
	// a rectangle outside an image.
	ErrBounds = errors.New("pixbuf: out of bounds")
	// ErrReadOnly reports a write to a read-only view.
	ErrReadOnly = errors.New("pixbuf: read-only view")
	// ErrTooLarge reports dimensions beyond a pixel limit, or whose size
	// overflows.
	ErrTooLarge = errors.New("pixview: image too large")
)
