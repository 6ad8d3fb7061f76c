//go:build cloud

package main

// The drivers of the URL schemes pixtool takes (issue #17), linked only
// into a build with -tags cloud, with gocloud.dev/blob itself (blob.go).
// They are not in the default build because of what they cost every run,
// local or not: their package initialisers (the AWS SDK's endpoint tables,
// Azure's and Google's clients with gRPC and OpenTelemetry) took `pixtool
// --version` from about 40 to 85 ms of CPU and the binary from 22 to 81 MB
// (measured at 2026-11-30 under load; the ratio held over six alternated
// runs), a cost a one-photo `pixtool flip` pays in full beside jpegtran's
// ~100 ms. gocloud.dev/blob's core and memblob alone still brought gRPC,
// OpenTelemetry and protobuf (about 150 packages initialised at every
// start), so mem:// is here too.
//
// The file driver is left out on purpose: plain paths and file:// stay on
// localStore, whose replace keeps the in-place guarantees that the file
// driver (with its .attrs sidecars) would lose.
import (
	_ "gocloud.dev/blob/azureblob"
	_ "gocloud.dev/blob/gcsblob"
	_ "gocloud.dev/blob/memblob"
	_ "gocloud.dev/blob/s3blob"
)
