//go:build cloud

package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http/httptest"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// fakeS3 starts gofakes3 in process on 127.0.0.1 (never another address)
// with one bucket and returns the query string that points s3:// URLs at
// it, and its backend, which a test may fill directly.
func fakeS3(t *testing.T, bucket string) (string, *s3mem.Backend) {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(gofakes3.New(backend).Server())
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return "?endpoint=http://" + l.Addr().String() +
		"&use_path_style=true&disable_https=true&region=us-east-1&request_checksum_calculation=when_required&response_checksum_validation=when_required", backend
}

// s3Bucket returns a bucket on a new gofakes3 server.
func s3Bucket(t *testing.T) bucket {
	q, _ := fakeS3(t, "photos")
	s := newURLStore(localStore{})
	t.Cleanup(func() { s.Close() })
	return bucket{root: "s3://photos", query: q, check: s}
}

// The pixtool binary the tests run as a child gets the cloud drivers too.
func init() { binaryTags = "cloud" }

func TestS3AbortedWriteCommitsNothing(t *testing.T) {
	q, _ := fakeS3(t, "photos")
	s := newBlobStore()
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	name := "s3://photos/out/x.ppm" + q
	// The run is cancelled (a signal, a kill of the context) in the
	// middle of the upload: the service never commits the object.
	_, err := s.Create(ctx, name, createOptions{}, func(w io.Writer) error {
		if _, err := w.Write(bytes.Repeat([]byte("a"), 1<<16)); err != nil {
			return err
		}
		cancel()
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled write: %v", err)
	}
	if _, err := s.Stat(context.Background(), name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a cancelled upload left an object: %v", err)
	}
}

func TestS3ConditionalCreate(t *testing.T) {
	q, _ := fakeS3(t, "photos")
	s := newBlobStore()
	defer s.Close()
	ctx := context.Background()
	name := "s3://photos/out/x.ppm" + q
	putObject(t, s, name, createOptions{}, []byte("first"))
	if _, err := s.Create(ctx, name, createOptions{}, func(io.Writer) error { return nil }); !errors.Is(err, errExists) {
		t.Errorf("existing output: %v, want errExists", err)
	}
	// Another writer creates the object after Create's own check: the
	// service's If-None-Match: * refuses the upload.
	race := "s3://photos/out/race.ppm" + q
	_, err := s.Create(ctx, race, createOptions{}, func(w io.Writer) error {
		putObject(t, s, race, createOptions{}, []byte("other"))
		_, err := w.Write([]byte("mine"))
		return err
	})
	if !errors.Is(err, errExists) {
		t.Errorf("output created by another writer meanwhile: %v, want errExists", err)
	}
	if got := readObject(t, s, race); string(got) != "other" {
		t.Errorf("the other writer's object was replaced: %q", got)
	}
	if _, err := s.Stat(ctx, "s3://photos/out/none"+q); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing object: %v", err)
	}
}
