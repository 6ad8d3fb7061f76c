package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Object storage names and what the builds with and without the cloud
// drivers share: which names are URLs of object storage, how one splits
// into bucket and key, and the mark an in-place edit leaves. The store
// itself is in blob.go (built with -tags cloud) or blob_nocloud.go.

// blobSchemes are the URL schemes that name objects of a blobStore.
var blobSchemes = []string{"s3", "gs", "azblob", "mem"}

// isBlobURL reports whether name is a URL of object storage rather than a
// local path (file:// URLs are local).
func isBlobURL(name string) bool {
	scheme, _, ok := strings.Cut(name, "://")
	if !ok {
		return false
	}
	for _, s := range blobSchemes {
		if scheme == s {
			return true
		}
	}
	return false
}

// errAlreadyApplied is wrapped by a Create of an in-place edit whose
// object already carries the edit's mark: a retried shard reached an
// object it had transformed before it was stopped.
var errAlreadyApplied = errors.New("already transformed by this run")

// markKey is the context key of an in-place edit's mark.
type markKey struct{}

// withMark returns a context under which a blobStore's in-place Create
// marks the object it writes with op (such as "flip-horizontal@RUN", the
// operation and an identifier of the job, so that a new job may apply it
// again while a retried shard of the same job does not).
func withMark(ctx context.Context, op string) context.Context {
	return context.WithValue(ctx, markKey{}, op)
}

// objectURL is a parsed name of the store.
type objectURL struct {
	bucketURL string // scheme://bucket?params, what blob.OpenBucket takes
	key       string // the object's key, without a leading slash
	base      string // scheme://bucket/
	query     string // "?params" or ""
}

// name returns the store's name of key in the same bucket.
func (u objectURL) name(key string) string { return u.base + key + u.query }

// parseObjectURL splits name into its bucket and key.
func parseObjectURL(name string) (objectURL, error) {
	p, err := url.Parse(name)
	if err != nil {
		return objectURL{}, err
	}
	if p.Host == "" && p.Scheme != "mem" {
		return objectURL{}, fmt.Errorf("%s: no bucket in the URL", name)
	}
	q := ""
	if p.RawQuery != "" {
		q = "?" + p.RawQuery
	}
	return objectURL{
		bucketURL: p.Scheme + "://" + p.Host + q,
		key:       strings.TrimPrefix(p.Path, "/"),
		base:      p.Scheme + "://" + p.Host + "/",
		query:     q,
	}, nil
}

// relativeKey returns the key of the object name relative to the listed
// prefix dir (both names of the store), the shard key of an object.
func relativeKey(dir, name string) string {
	d, derr := parseObjectURL(dir)
	n, nerr := parseObjectURL(name)
	if derr != nil || nerr != nil {
		return name
	}
	p := strings.TrimSuffix(d.key, "/")
	if p == "" {
		return n.key
	}
	if rest, ok := strings.CutPrefix(n.key, p+"/"); ok {
		return rest
	}
	return n.key
}
