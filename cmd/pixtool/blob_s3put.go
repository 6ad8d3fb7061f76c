//go:build cloud

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"gocloud.dev/blob"
)

// s3PutMax is the largest output sent to S3 with one PutObject from
// memory: the S3 transfer manager's own multipart threshold (16 MiB), so
// an output goes single-part or multipart exactly as it did through
// gocloud.dev's writer. Larger outputs spill into that writer.
//
// Why not the writer for all: the transfer manager reads the first part
// of every upload with io.ReadAll into a buffer grown from 512 bytes (and
// cleared at each growth) before it decides, whatever the body; that was
// 7.5% of pixtool's CPU in a batch over S3 (session 12's profile). Here
// the output is written once into a buffer the store reuses.
const s3PutMax = 16 << 20

// s3Put is the direct single-part upload of one object to S3.
type s3Put struct {
	s      *blobStore
	client *s3.Client
	bucket string // the bucket's name
	key    string // the object's key, as the driver would send it
	meta   map[string]string
}

// directS3 returns the direct upload of the object u through b's S3
// client, or nil when gocloud.dev's writer must do it: another service,
// a bucket URL that asks for server-side encryption (the driver adds its
// headers), or a key or metadata that the driver would escape (pixtool's
// own keys and marks never need it; a source's user metadata might).
func (s *blobStore) directS3(b *blob.Bucket, u objectURL, wo *blob.WriterOptions) *s3Put {
	var client *s3.Client
	if !b.As(&client) {
		return nil
	}
	if q, err := url.ParseQuery(strings.TrimPrefix(u.query, "?")); err != nil || q.Has("ssetype") || q.Has("kmskeyid") {
		return nil
	}
	if !utf8.ValidString(u.key) || strings.Contains(u.key, "../") || !driverPlain(u.key) {
		return nil
	}
	meta := make(map[string]string, len(wo.Metadata))
	for k, v := range wo.Metadata {
		ek := url.PathEscape(k)
		if strings.ContainsAny(ek, "@:=") || !driverPlain(ek) {
			return nil
		}
		meta[ek] = url.PathEscape(v)
	}
	return &s3Put{s: s, client: client, bucket: u.bucket(), key: u.key, meta: meta}
}

// driverPlain reports whether s3blob would send s as it is: no control
// characters and nothing its hex escaping would take for an escape
// sequence.
func driverPlain(s string) bool {
	if strings.Contains(s, "__0x") {
		return false
	}
	for _, c := range s {
		if c < 32 {
			return false
		}
	}
	return true
}

// create writes the object from write into a reused buffer and sends it
// with one PutObject carrying what gocloud.dev's writer would have sent
// (content type, the caching and encoding headers, user metadata,
// If-None-Match: * for IfNotExist) and kept's storage class and tags. An
// output that grows past s3PutMax spills into the writer open returns
// (multipart, with wo's BeforeWrite), whose context cancel cancels. A
// failed write sends nothing or aborts the spilled upload; a PutObject
// cancelled with ctx commits nothing.
func (p *s3Put) create(ctx context.Context, cancel context.CancelFunc, name string, wo *blob.WriterOptions, kept serviceAttrs,
	open func() (*blob.Writer, error), write func(io.Writer) error) (committed, error) {
	sw := &spillWriter{bufs: &p.s.bufs, open: open}
	defer sw.release()
	err := write(sw)
	if sw.w != nil {
		if err != nil {
			cancel() // abort: the writer discards what it has
			sw.w.Close()
			return committed{}, err
		}
		if err := closeWriter(sw.w, name, wo); err != nil {
			return committed{}, err
		}
		return committed{Size: sw.n}, nil
	}
	if err != nil {
		return committed{}, err
	}
	ct := wo.ContentType
	if ct == "" {
		ct = http.DetectContentType(sw.buf) // as gocloud.dev's writer does
	}
	in := &s3.PutObjectInput{
		Bucket:        &p.bucket,
		Key:           &p.key,
		Body:          bytes.NewReader(sw.buf),
		ContentLength: aws.Int64(int64(len(sw.buf))),
		ContentType:   &ct,
		Metadata:      p.meta,
	}
	for _, h := range []struct {
		to **string
		v  string
	}{{&in.CacheControl, wo.CacheControl}, {&in.ContentDisposition, wo.ContentDisposition},
		{&in.ContentEncoding, wo.ContentEncoding}, {&in.ContentLanguage, wo.ContentLanguage}} {
		if h.v != "" {
			*h.to = aws.String(h.v)
		}
	}
	if wo.IfNotExist {
		in.IfNoneMatch = aws.String("*")
	}
	if kept.s3Class != "" {
		in.StorageClass = types.StorageClass(kept.s3Class)
	}
	if kept.s3Tagging != "" {
		in.Tagging = aws.String(kept.s3Tagging)
	}
	// The buffer goes back to the store (to the next upload, or unmapped)
	// once PutObject returns: net/http may go on reading a request's body
	// after the response (a 412 before the body was sent), but the SDK
	// closes its wrapper of the body as each attempt returns, after which
	// it reads nothing (TestS3PutBodyNotReadAfter).
	_, err = p.client.PutObject(ctx, in, noContinue)
	if err != nil {
		var re *awshttp.ResponseError
		if wo.IfNotExist && errors.As(err, &re) && re.HTTPStatusCode() == http.StatusPreconditionFailed {
			return committed{}, existsError(name)
		}
		return committed{}, fmt.Errorf("writing %s: %w", name, err)
	}
	return committed{Size: int64(len(sw.buf))}, nil
}

// noContinue sends a direct upload's body with its headers, without
// "Expect: 100-continue", which the SDK adds to a PUT of 2 MB or more and
// which holds the body back until the server answers the headers: a
// round trip more per object, for a saving only when the server refuses
// the upload (an existing output under If-None-Match, bad credentials),
// of at most s3PutMax bytes. On a loopback server a round trip is
// almost nothing (the batch of 16 photos of 2.4 MB: 0.97 s against 0.99,
// within the noise); to a service across a network it is the network's
// latency, per object.
func noContinue(o *s3.Options) { o.ContinueHeaderThresholdBytes = -1 }
