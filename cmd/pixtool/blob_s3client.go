//go:build cloud

package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
	"gocloud.dev/blob/s3blob"
)

// s3IdleConns is the number of idle connections per host the S3 client
// keeps for reuse: above any --jobs a batch runs with, so that no worker
// opens a new connection per request (the SDK keeps 10, Go's own default
// is 2). An idle connection costs a socket until the process ends.
const s3IdleConns = 64

// s3SharedParams are the URL parameters that configure an S3 client and
// nothing of a bucket: buckets whose URLs have the same ones (and no
// other) share one client. Any other parameter (ssetype, kmskeyid, one
// gocloud.dev adds later) opens the bucket by its URL alone.
var s3SharedParams = map[string]bool{
	"region": true, "endpoint": true, "use_path_style": true, "s3ForcePathStyle": true, "disable_https": true,
	"request_checksum_calculation": true, "response_checksum_validation": true, "profile": true,
	"dualstack": true, "fips": true, "rate_limiter_capacity": true, "anonymous": true, "hostname_immutable": true,
	"accelerate": true, "awssdk": true,
}

// openS3 opens the s3:// bucket of u on the client of its parameters,
// made once per store: loading the SDK's configuration parses the CA
// bundle of $AWS_CA_BUNDLE and the shared files again for every client,
// and each client has its own connections. The first bucket of the
// parameters is opened by its URL, as gocloud.dev does (so every
// parameter means what gocloud.dev documents); its client, with more idle
// connections kept, serves it and the buckets after it. ok is false when
// u is not an S3 URL whose parameters are all shared ones (then open it
// by its URL). s.mu is held.
func (s *blobStore) openS3(ctx context.Context, u objectURL) (b *blob.Bucket, ok bool, err error) {
	if !strings.HasPrefix(u.base, "s3://") {
		return nil, false, nil
	}
	q, err := url.ParseQuery(strings.TrimPrefix(u.query, "?"))
	if err != nil {
		return nil, false, nil
	}
	for k := range q {
		if !s3SharedParams[k] {
			return nil, false, nil
		}
	}
	client := s.s3Clients[u.query]
	if client == nil {
		first, err := blob.OpenBucket(ctx, u.bucketURL)
		if err != nil {
			return nil, true, err
		}
		var c *s3.Client
		ok := first.As(&c)
		first.Close()
		if !ok {
			return nil, false, nil
		}
		client = moreIdleConns(c)
		if s.s3Clients == nil {
			s.s3Clients = make(map[string]*s3.Client)
		}
		s.s3Clients[u.query] = client
	}
	// As OpenBucketURL: the transfer manager of multipart uploads does
	// not take the client's checksum setting.
	b, err = s3blob.OpenBucket(ctx, client, u.bucket(), &s3blob.Options{RequestChecksumCalculation: client.Options().RequestChecksumCalculation})
	return b, true, err
}

// moreIdleConns returns c with s3IdleConns idle connections per host kept,
// or c itself when its HTTP client is not the SDK's buildable one (a
// client configured otherwise is left as it is).
func moreIdleConns(c *s3.Client) *s3.Client {
	o := c.Options()
	bc, ok := o.HTTPClient.(*awshttp.BuildableClient)
	if !ok {
		return c
	}
	o.HTTPClient = bc.WithTransportOptions(func(tr *http.Transport) {
		tr.MaxIdleConnsPerHost = max(tr.MaxIdleConnsPerHost, s3IdleConns)
		tr.MaxIdleConns = max(tr.MaxIdleConns, s3IdleConns)
	})
	return s3.New(o)
}
