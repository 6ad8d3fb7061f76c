//go:build cloud

package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"cloud.google.com/go/storage"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	tmtypes "github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
)

// serviceAttrs is what an in-place edit keeps of the replaced object
// beyond gocloud.dev's portable attributes, read from the service's own
// API: see keepServiceAttrs.
type serviceAttrs struct {
	s3Class   string // S3 storage class; "" for STANDARD
	s3Tagging string // S3 tags, URL-encoded as x-amz-tagging takes them
	gcsClass  string // GCS storage class; "" for the bucket's default
}

// keepServiceAttrs returns what an in-place edit keeps of the object
// that gocloud.dev's portable attributes do not carry but the service's
// own API does:
//
//   - S3: the storage class (HeadObject's x-amz-storage-class, absent for
//     STANDARD) and the object's tags (asked with GetObjectTagging only
//     when HeadObject's x-amz-tagging-count says there are some, so an
//     untagged object costs no request and needs no tagging permission).
//     Both go on the upload's request (x-amz-storage-class, x-amz-tagging),
//     single-part or multipart.
//   - GCS: the storage class (storage.ObjectAttrs, set on the
//     storage.Writer); GCS objects have no tags.
//   - Azure: the access tier and blob index tags need azblob's client types;
//     not done (Azurite tests cover the portable attributes only).
//
// Tags that exist but cannot be read (no s3:GetObjectTagging permission)
// fail the edit rather than drop them without a word. bucket is the
// bucket's name, which the S3 client needs; key is the object's key, which
// pixtool's keys (no control characters, no "..") give as gocloud.dev's
// s3blob would.
func keepServiceAttrs(ctx context.Context, b *blob.Bucket, bucket, key string, a *blob.Attributes) (serviceAttrs, error) {
	var gcs storage.ObjectAttrs
	if a.As(&gcs) {
		return serviceAttrs{gcsClass: gcs.StorageClass}, nil
	}
	var head s3.HeadObjectOutput
	if !a.As(&head) {
		return serviceAttrs{}, nil // neither S3 nor GCS
	}
	kept := serviceAttrs{s3Class: string(head.StorageClass)}
	if head.TagCount != nil && *head.TagCount > 0 {
		var client *s3.Client
		if !b.As(&client) {
			return kept, fmt.Errorf("its %d tags cannot be read: no S3 client", *head.TagCount)
		}
		out, err := client.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: &bucket, Key: &key})
		if err != nil {
			return kept, fmt.Errorf("reading its %d tags, to keep them: %w", *head.TagCount, err)
		}
		v := url.Values{}
		for _, t := range out.TagSet {
			if t.Key != nil {
				v.Add(*t.Key, deref(t.Value))
			}
		}
		kept.s3Tagging = v.Encode()
	}
	return kept, nil
}

// beforeWrite returns the WriterOptions.BeforeWrite that puts k on an
// upload through gocloud.dev's driver, or nil when there is nothing to
// keep.
func (k serviceAttrs) beforeWrite() func(func(any) bool) error {
	switch {
	case k.gcsClass != "":
		return keepGCSClass(k.gcsClass)
	case k.s3Class != "" || k.s3Tagging != "":
		return func(as func(any) bool) error {
			var in *transfermanager.UploadObjectInput
			if !as(&in) {
				return fmt.Errorf("cannot keep the storage class %q and tags %q: the S3 driver's upload is not a transfer manager's", k.s3Class, k.s3Tagging)
			}
			if k.s3Class != "" {
				in.StorageClass = tmtypes.StorageClass(k.s3Class)
			}
			if k.s3Tagging != "" {
				in.Tagging = &k.s3Tagging
			}
			return nil
		}
	}
	return nil
}

// keepGCSClass returns the BeforeWrite that gives a GCS upload the storage
// class class, or nil for none (the bucket's default then applies, as it
// did to the source).
func keepGCSClass(class string) func(func(any) bool) error {
	if class == "" {
		return nil
	}
	return func(as func(any) bool) error {
		var w *storage.Writer
		if !as(&w) {
			return fmt.Errorf("cannot keep the storage class %q: the GCS driver's writer is not a storage.Writer", class)
		}
		w.StorageClass = class
		return nil
	}
}

// bucket returns the bucket's name.
func (u objectURL) bucket() string {
	_, rest, _ := strings.Cut(u.base, "://")
	return strings.TrimSuffix(rest, "/")
}

// deref returns *p, or "" for nil.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
