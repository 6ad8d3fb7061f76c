//go:build !cloud

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errNoDriver is wrapped by every access to a URL of object storage in a
// build without the cloud drivers: gocloud.dev and the service SDKs are
// linked only with -tags cloud.
var errNoDriver = errors.New("no driver for the URL scheme")

// noDriver returns the error of an access to name in a build without the
// cloud drivers, saying how to get them.
func noDriver(name string) error {
	scheme, _, _ := strings.Cut(name, "://")
	return fmt.Errorf("this pixtool was built without object storage (%s://); build it with -tags cloud: %w", scheme, errNoDriver)
}

// blobStore is the store of object storage URLs in a build without the
// cloud drivers: it links nothing of gocloud.dev, and every access fails
// with an error wrapping errNoDriver that says to build with -tags cloud
// (blob.go is the store of that build). URLs are still told from paths,
// so that s3://b/k fails with that error instead of as a missing local
// file "s3:/b/k".
type blobStore struct{}

// newBlobStore returns the store.
func newBlobStore() *blobStore { return &blobStore{} }

// Close does nothing: no bucket was opened.
func (s *blobStore) Close() error { return nil }

// Stat fails: no driver.
func (s *blobStore) Stat(_ context.Context, name string) (fileInfo, error) {
	return fileInfo{}, noDriver(name)
}

// Open fails: no driver.
func (s *blobStore) Open(_ context.Context, name string) (fileReader, error) {
	return nil, noDriver(name)
}

// List fails: no driver.
func (s *blobStore) List(_ context.Context, dir string, _ bool, _ func(string, fileInfo, error) error) error {
	return noDriver(dir)
}

// Create fails without calling write: no driver.
func (s *blobStore) Create(_ context.Context, name string, _ createOptions, _ func(io.Writer) error) (committed, error) {
	return committed{}, noDriver(name)
}

// Glob fails: no driver.
func (s *blobStore) Glob(_ context.Context, pattern string) ([]string, error) {
	return nil, noDriver(pattern)
}

// Lock fails: no driver.
func (s *blobStore) Lock(_ context.Context, name string) (func() error, error) {
	return nil, noDriver(name)
}

var _ store = (*blobStore)(nil)
