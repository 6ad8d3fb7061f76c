package codec

import (
	"fmt"

	"github.com/pixview/pixview/codec/codecerr"
)

// The sentinel errors of package codec: the values of codec/codecerr,
// which the format packages share, so errors.Is matches whichever package
// reported the error.
var (
	// ErrFormat reports malformed or truncated encoded data, an unknown file
	// format, or a zero width or height.
	ErrFormat = codecerr.ErrFormat
	// ErrTooLarge reports dimensions beyond the pixel limit, or whose size
	// overflows.
	ErrTooLarge = codecerr.ErrTooLarge
	// ErrUnsupported reports a valid input or request that codec does not
	// handle, such as saving as WebP.
	ErrUnsupported = codecerr.ErrUnsupported
)

// codecError is an error whose message says what happened in codec's own
// words, once, and that matches errs under errors.Is and errors.As: a
// sentinel whose text would only repeat the message ("invalid format"),
// and the error it was caused by, whose text the message already holds.
type codecError struct {
	msg  string
	errs []error
}

func (e *codecError) Error() string   { return e.msg }
func (e *codecError) Unwrap() []error { return e.errs }

// tagged returns an error with the formatted message that matches
// sentinel, which the message does not repeat.
func tagged(sentinel error, format string, args ...any) error {
	return &codecError{msg: fmt.Sprintf(format, args...), errs: []error{sentinel}}
}

// prefixed returns err with prefix before its message, matching what err
// matches.
func prefixed(prefix string, err error) error {
	return &codecError{msg: prefix + err.Error(), errs: []error{err}}
}
