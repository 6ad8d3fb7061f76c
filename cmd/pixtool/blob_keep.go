//go:build cloud

package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"cloud.google.com/go/storage"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	azblobblob "github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	tmtypes "github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
)

// serviceAttrs is what an in-place edit keeps of the replaced object
// beyond gocloud.dev's portable attributes, read from the service's own
// API: see keepServiceAttrs.
type serviceAttrs struct {
	s3Class   string            // S3 storage class; "" for STANDARD
	s3Tagging string            // S3 tags, URL-encoded as x-amz-tagging takes them
	gcsClass  string            // GCS storage class; "" for the bucket's default
	azTier    string            // Azure access tier; "" for the account's default
	azTags    map[string]string // Azure blob index tags
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
//   - Azure: the access tier, when it was set on the blob rather than
//     inferred from the account's default (GetProperties'
//     x-ms-access-tier-inferred), and the blob index tags (asked with Get
//     Blob Tags only when x-ms-tag-count says there are some). Both go on
//     the upload (x-ms-access-tier, x-ms-tags on its Put Block List).
//
// Tags that exist but cannot be read (no s3:GetObjectTagging or Azure tag
// permission) fail the edit rather than drop them without a word. bucket is the
// bucket's name, which the S3 client needs; key is the object's key, which
// pixtool's keys (no control characters, no "..") give as gocloud.dev's
// s3blob would.
func keepServiceAttrs(ctx context.Context, b *blob.Bucket, bucket, key string, a *blob.Attributes) (serviceAttrs, error) {
	var gcs storage.ObjectAttrs
	if a.As(&gcs) {
		return serviceAttrs{gcsClass: gcs.StorageClass}, nil
	}
	var az azblobblob.GetPropertiesResponse
	if a.As(&az) {
		return keepAzure(ctx, b, key, az)
	}
	var head s3.HeadObjectOutput
	if !a.As(&head) {
		return serviceAttrs{}, nil // mem://
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
	case k.azTier != "" || len(k.azTags) > 0:
		return func(as func(any) bool) error {
			var o *azblob.UploadStreamOptions
			if !as(&o) {
				return fmt.Errorf("cannot keep the access tier %q and tags %v: the Azure driver's upload is not an UploadStream", k.azTier, k.azTags)
			}
			if k.azTier != "" {
				tier := azblobblob.AccessTier(k.azTier)
				o.AccessTier = &tier
			}
			if len(k.azTags) > 0 {
				o.Tags = k.azTags
			}
			return nil
		}
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

// keepAzure returns what an in-place edit keeps of the Azure blob key whose
// properties are p: see keepServiceAttrs.
func keepAzure(ctx context.Context, b *blob.Bucket, key string, p azblobblob.GetPropertiesResponse) (serviceAttrs, error) {
	var kept serviceAttrs
	if p.AccessTier != nil && (p.AccessTierInferred == nil || !*p.AccessTierInferred) {
		kept.azTier = *p.AccessTier
	}
	if p.TagCount == nil || *p.TagCount == 0 {
		return kept, nil
	}
	var c *container.Client
	if !b.As(&c) {
		return kept, fmt.Errorf("its %d tags cannot be read: no Azure container client", *p.TagCount)
	}
	tags, err := c.NewBlobClient(key).GetTags(ctx, nil)
	if err != nil {
		return kept, fmt.Errorf("reading its %d tags, to keep them: %w", *p.TagCount, err)
	}
	kept.azTags = make(map[string]string, len(tags.BlobTagSet))
	for _, t := range tags.BlobTagSet {
		if t != nil && t.Key != nil {
			kept.azTags[*t.Key] = deref(t.Value)
		}
	}
	return kept, nil
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

// readerIdentifies reports whether b's service says an object's ETag in
// the response to a read (S3's GetObject, Azure's Get Blob), so that
// Open needs no request for the attributes first: readerInfo takes it.
// GCS's reader does not carry the ETag, and mem:// has no service types.
func readerIdentifies(b *blob.Bucket) bool {
	var s3c *s3.Client
	var az *container.Client
	return b.As(&s3c) || b.As(&az)
}

// readerInfo returns the identity of the object r reads, as attrInfo
// gives it from the object's attributes (the same ETag, size and time),
// from the service's response to the read; false when r's service says
// none.
func readerInfo(r *blob.Reader) (fileInfo, bool) {
	var etag string
	var out s3.GetObjectOutput
	var az azblobblob.DownloadStreamResponse
	switch {
	case r.As(&out) && out.ETag != nil:
		etag = *out.ETag
	case r.As(&az) && az.ETag != nil:
		etag = string(*az.ETag)
	default:
		return fileInfo{}, false
	}
	return fileInfo{ID: identity{Version: etag, Size: r.Size(), ModTime: r.ModTime()}}, true
}
