//go:build !cloud

package main

import "testing"

// s3Bucket skips: s3:// needs the cloud drivers, which CI's `go test -tags
// cloud ./cmd/pixtool/` has (s3_test.go).
func s3Bucket(t *testing.T) bucket {
	t.Skip("s3:// needs the cloud drivers: go test -tags cloud")
	return bucket{}
}

// gsBucket skips: gs:// needs the cloud drivers (gcs_test.go).
func gsBucket(t *testing.T) bucket {
	t.Skip("gs:// needs the cloud drivers: go test -tags cloud")
	return bucket{}
}
