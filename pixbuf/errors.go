package pixbuf

import "errors"

// The sentinel errors of pixview. Errors returned by pixbuf and the packages
// built on it wrap one of these with context; test for them with errors.Is.
// They live here, at the bottom of the dependency graph, so that codec and
// codec/pnm share the same values.
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
	// ErrFormat reports malformed encoded data.
	ErrFormat = errors.New("pixview: invalid format")
	// ErrUnsupported reports a valid input that pixview does not handle.
	ErrUnsupported = errors.New("pixview: unsupported")
)
