//go:build !cloud

package main

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestNoCloudDriver checks that a build without -tags cloud says how to get
// the driver of a cloud URL instead of failing obscurely, for every cloud
// scheme, while mem:// still works.
func TestNoCloudDriver(t *testing.T) {
	s := newBlobStore()
	defer s.Close()
	ctx := context.Background()
	for _, u := range []string{"s3://bucket/k.png", "gs://bucket/k.png", "azblob://bucket/k.png"} {
		_, err := s.Stat(ctx, u)
		if !errors.Is(err, errNoDriver) || !strings.Contains(err.Error(), "-tags cloud") {
			t.Errorf("Stat(%s) = %v, want an error wrapping errNoDriver that names -tags cloud", u, err)
		}
	}
	if _, err := s.Stat(ctx, "mem://bucket/none.png"); errors.Is(err, errNoDriver) {
		t.Errorf("mem:// has no driver: %v", err)
	}
}
