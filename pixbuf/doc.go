// Package pixbuf casts a flat slice of samples to a [height, width, channels]
// strided view, the way Python's memoryview.cast('B', shape=[h, w, 3]) does,
// and makes every geometric selection of it a view too.
//
// # The view model
//
// A [View] is a small value: a backing slice, the index of sample (0, 0, 0)
// in it, a shape (h, w, c) and three strides (sy, sx, sc), counted in
// samples. Sample (y, x, c) lives at
//
//	buf[off + y*sy + x*sx + c*sc]
//
// Crops, rows, columns, channels, flips, transposes and rotations only
// change off, the shape and the strides: they are O(1), allocate nothing and
// share the pixels with their parent, so a write through one is seen through
// all. Strides may be negative (a flipped view) or swapped (a transposed one).
// Every index a view can reach is proven inside its buffer once, when the view
// is made, so element access needs no check beyond Go's own bounds check.
//
// Pixels move only when a method says so by name: [View.Clone],
// [View.CopyFrom], [View.Bytes], [View.Contiguous], [View.Fill], and
// [View.Set]. Package ops moves pixels in place at memory speed.
//
// # Aliasing
//
// Views of one buffer may overlap. [View.CopyFrom] is correct whatever the
// overlap of source and destination (a view copied onto its own flipped twin
// ends up flipped): when their memory ranges meet, the source is first copied
// aside. Concurrent writes to overlapping views from several goroutines are a
// data race, as with any shared slice.
//
// # Errors
//
// Constructors and copies report bad input as errors wrapping the sentinels
// [ErrShape], [ErrBounds], [ErrReadOnly] and [ErrTooLarge], testable with
// errors.Is: a buffer whose length does not match a shape (ErrShape), a
// negative size (ErrShape), a size whose arithmetic overflows (ErrShape and
// ErrTooLarge), strides that reach outside the buffer (ErrBounds), a write
// to a read-only view (ErrReadOnly). An index out of range in At, Set, Row,
// Col, Channel, ChannelRange or RowSlice is a programming error and panics,
// like a slice index, with a message naming the index and the view's shape;
// so does Set on a read-only view.
package pixbuf
