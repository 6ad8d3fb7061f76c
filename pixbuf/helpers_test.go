package pixbuf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// panics reports whether f panics.
func panics(f func()) (did bool) {
	defer func() {
		if recover() != nil {
			did = true
		}
	}()
	f()
	return false
}

// panicMessage returns the value f panics with, formatted, or "" and false
// if it does not panic.
func panicMessage(f func()) (msg string, did bool) {
	defer func() {
		if r := recover(); r != nil {
			msg, did = fmt.Sprint(r), true
		}
	}()
	f()
	return "", false
}

// mustPanic fails t unless f panics with a message containing every one of
// want.
func mustPanic(t *testing.T, name string, f func(), want ...string) {
	t.Helper()
	msg, did := panicMessage(f)
	if !did {
		t.Errorf("%s did not panic", name)
		return
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s panicked with %q, want it to mention %q", name, msg, w)
		}
	}
}

// isReadOnlyErr reports whether err wraps ErrReadOnly.
func isReadOnlyErr(err error) bool { return errors.Is(err, ErrReadOnly) }

// uintptrOf returns the address of *p.
func uintptrOf[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }
