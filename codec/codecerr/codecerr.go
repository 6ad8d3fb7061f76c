// Package codecerr holds the sentinel errors that package codec and the
// format packages under it (codec/pnm, codec/jpeg) share, so that
// errors.Is matches one value whichever package reported the error. It is
// a leaf: format packages import it without importing codec.
package codecerr

import (
	"errors"

	"github.com/pixview/pixview/pixbuf"
)

// The file-format sentinels. Errors from codec and its format packages wrap
// one of these with context; test for them with errors.Is.
var (
	// ErrFormat reports malformed or truncated encoded data.
	ErrFormat = errors.New("invalid format")
	// ErrUnsupported reports a valid input or request that pixview does not
	// handle.
	ErrUnsupported = errors.New("unsupported")
	// ErrTooLarge reports dimensions beyond a pixel limit, or whose size
	// overflows. It is pixbuf's own value: a view too large to address is
	// the same failure.
	ErrTooLarge = pixbuf.ErrTooLarge
)
