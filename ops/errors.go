package ops

import (
	"fmt"

	"github.com/pixview/pixview/pixbuf"
)

// ErrOverlap reports a destination that shares memory with its source in a
// way the operation cannot honour. It wraps pixbuf.ErrShape, so
// errors.Is(err, pixbuf.ErrShape) holds for it too.
var ErrOverlap = fmt.Errorf("ops: destination overlaps source (%w)", pixbuf.ErrShape)

// errShape reports a view whose shape does not fit the others of the call.
func errShape(op string, want, got [3]int) error {
	return fmt.Errorf("ops: %s: shape %v, want %v: %w", op, got, want, pixbuf.ErrShape)
}

// errReadOnly reports a read-only destination.
func errReadOnly(op string) error {
	return fmt.Errorf("ops: %s into a read-only view: %w", op, pixbuf.ErrReadOnly)
}

// errOverlap reports a destination overlapping its source.
func errOverlap(op string) error {
	return fmt.Errorf("ops: %s: %w", op, ErrOverlap)
}

// errChannel reports a channel index out of range.
func errChannel(op string, i, c int) error {
	return fmt.Errorf("ops: %s: channel %d out of range [0:%d]: %w", op, i, c, pixbuf.ErrBounds)
}
