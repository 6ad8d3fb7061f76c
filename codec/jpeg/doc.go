// Package jpeg reads and writes JPEG files at the level of quantized DCT
// coefficients, and transforms them without loss: the eight orientations
// of the square and crops on the iMCU grid, as jpegtran does, in pure Go.
//
// It is a leaf format package like codec/pnm: it imports pixbuf and
// codec's shared sentinels (codec/codecerr) but never codec itself; a small
// file in codec registers it.
package jpeg
