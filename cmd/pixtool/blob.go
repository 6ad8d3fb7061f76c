//go:build cloud

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// Metadata keys of the mark an in-place edit leaves on the object it
// replaced: the operation with the run it belongs to, and the ETag of the
// object it was made from. A retried shard of the same run finds the mark
// and skips the object instead of applying the operation a second time.
const (
	markOpKey     = "pixview-op"
	markSourceKey = "pixview-source"
)

// markOf returns the mark withMark put in ctx.
func markOf(ctx context.Context) string {
	op, _ := ctx.Value(markKey{}).(string)
	return op
}

// blobStore is the store of object storage URLs (s3://, gs://, azblob://,
// mem://) through gocloud.dev/blob. A name is scheme://bucket/key?params:
// the parameters (region, endpoint, ...) are gocloud.dev's and open the
// bucket; every name the store returns carries them again, so it opens the
// same bucket. Buckets are opened once per store and kept until Close;
// S3 buckets with the same parameters share one client (openS3).
//
// Guarantees and their limits: an object is written whole or not at all
// (a failed write is aborted by cancelling its context, so the service
// discards it; an interrupted multipart upload stays invisible and
// billable until a lifecycle rule aborts it). Without Overwrite, Create
// asks the service to refuse an existing object (IfNotExist: S3's
// If-None-Match: *, GCS's ifGenerationMatch=0, Azure's If-None-Match); an
// in-place precondition compares ETags before writing, which object
// stores cannot make atomic with the write through gocloud.dev, so it
// narrows rather than closes the window (sharding gives each object one
// writer). There are no locks.
type blobStore struct {
	mu      sync.Mutex
	buckets map[string]*blob.Bucket // by scheme://bucket?params
	// s3Clients are the S3 clients the buckets share, by their URL's
	// parameters (openS3).
	s3Clients map[string]*s3.Client

	// bufs are the buffers of finished direct S3 uploads, reused by
	// the next ones.
	bufs putBufs
}

// newBlobStore returns an empty blobStore.
func newBlobStore() *blobStore {
	return &blobStore{buckets: make(map[string]*blob.Bucket)}
}

// Close closes the buckets the store opened.
func (s *blobStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	s.bufs.close()
	for k, b := range s.buckets {
		errs = append(errs, b.Close())
		delete(s.buckets, k)
	}
	return errors.Join(errs...)
}

// open returns the bucket and key of name.
func (s *blobStore) open(ctx context.Context, name string) (*blob.Bucket, objectURL, error) {
	u, err := parseObjectURL(name)
	if err != nil {
		return nil, u, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.buckets[u.bucketURL]; ok {
		return b, u, nil
	}
	b, ok, err := s.openS3(ctx, u)
	if !ok {
		b, err = blob.OpenBucket(ctx, u.bucketURL)
	}
	if err != nil {
		return nil, u, err
	}
	s.buckets[u.bucketURL] = b
	return b, u, nil
}

// notExist turns a service's "not found" into an error matching
// fs.ErrNotExist, which the commands test for.
func notExist(err error) error {
	if err != nil && gcerrors.Code(err) == gcerrors.NotFound && !errors.Is(err, fs.ErrNotExist) {
		return &trimmedError{msg: "no such object", err: errors.Join(err, fs.ErrNotExist)}
	}
	return err
}

// attrInfo is the fileInfo of an object's attributes.
func attrInfo(a *blob.Attributes) fileInfo {
	return fileInfo{ID: identity{Version: a.ETag, Size: a.Size, ModTime: a.ModTime}}
}

// Stat describes the object at name, or the prefix name/ when there is no
// such object but objects below it (a directory).
func (s *blobStore) Stat(ctx context.Context, name string) (fileInfo, error) {
	b, u, err := s.open(ctx, name)
	if err != nil {
		return fileInfo{}, err
	}
	if u.key != "" && !strings.HasSuffix(u.key, "/") {
		a, err := b.Attributes(ctx, u.key)
		if err == nil {
			return attrInfo(a), nil
		}
		if gcerrors.Code(err) != gcerrors.NotFound {
			return fileInfo{}, err
		}
		u.key += "/"
	}
	page, _, err := b.ListPage(ctx, blob.FirstPageToken, 1, &blob.ListOptions{Prefix: u.key})
	if err != nil {
		return fileInfo{}, err
	}
	if len(page) == 0 && u.key != "" {
		return fileInfo{}, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fileInfo{Mode: fs.ModeDir}, nil
}

// blobReader streams one object with one read request, however often the
// commands rewind it: the first bytes it read (up to headMax) are kept,
// so that sniffing the format and reading the header, each followed by a
// rewind, are served from memory and the stream goes on where it was. A
// service's reader would send a new range request for every rewind (and
// drop the connection of the one before, whose body was not read to its
// end): three GETs of every photo of a batch. A seek past what is kept
// still sends a range request. The stream is opened by Open (S3, Azure:
// the read request also says the object's identity) or at the first Read
// (an object opened and then left, under a mark, costs its attributes
// only). Len tells the decoders how many bytes are left, as a local
// file's size does: their limits refuse a header that promises more
// pixels than the object can hold before anything is allocated.
type blobReader struct {
	ctx context.Context
	b   *blob.Bucket
	key string
	r   *blob.Reader // nil until the stream is opened
	// spos is where the stream is in the object; head holds the
	// object's bytes [0, spos) while headOK (the stream started at 0
	// and has not passed headMax).
	spos   int64
	head   []byte
	headOK bool
	pos    int64
	info   fileInfo
}

// headMax is the most a blobReader keeps of an object's first bytes for
// rewinds: more than the format sniffers and header readers read before
// they rewind (a JPEG's header with its EXIF, ICC and XMP segments), small
// beside the objects pixtool reads.
const headMax = 256 << 10

// newBlobReader returns the reader of key in b whose identity is info, on
// the stream r (nil: opened at the first Read).
func newBlobReader(ctx context.Context, b *blob.Bucket, key string, r *blob.Reader, info fileInfo) *blobReader {
	return &blobReader{ctx: ctx, b: b, key: key, r: r, headOK: true, info: info}
}

// Info returns the identity of the object read.
func (r *blobReader) Info() fileInfo { return r.info }

// Len returns the number of bytes left to read.
func (r *blobReader) Len() int { return int(min(max(0, r.info.ID.Size-r.pos), math.MaxInt)) }

// Read reads from the kept first bytes while the position is in them, else
// from the stream, which it moves first if it is elsewhere.
func (r *blobReader) Read(p []byte) (int, error) {
	if r.headOK && r.pos < int64(len(r.head)) {
		n := copy(p, r.head[r.pos:])
		r.pos += int64(n)
		return n, nil
	}
	if r.r == nil || r.spos != r.pos {
		if r.pos >= r.info.ID.Size && r.r != nil {
			return 0, io.EOF // past the end: no range request
		}
		if err := r.restream(); err != nil {
			return 0, err
		}
	}
	n, err := r.r.Read(p)
	if r.headOK {
		if len(r.head)+n <= headMax {
			r.head = append(r.head, p[:n]...)
		} else {
			r.head, r.headOK = nil, false
		}
	}
	r.pos += int64(n)
	r.spos = r.pos
	return n, err
}

// restream opens the stream at r.pos, or moves it there (a range request).
func (r *blobReader) restream() error {
	if r.r == nil {
		br, err := r.b.NewReader(r.ctx, r.key, nil)
		if err != nil {
			return notExist(err)
		}
		r.r, r.spos = br, 0
		if r.pos == 0 {
			return nil
		}
	}
	if _, err := r.r.Seek(r.pos, io.SeekStart); err != nil {
		return err
	}
	r.spos = r.pos
	r.head, r.headOK = nil, false // the stream no longer follows head
	return nil
}

// Seek moves the read position; the stream follows at the next Read that
// the kept first bytes do not serve.
func (r *blobReader) Seek(offset int64, whence int) (int64, error) {
	pos := offset
	switch whence {
	case io.SeekCurrent:
		pos += r.pos
	case io.SeekEnd:
		pos += r.info.ID.Size
	}
	if pos < 0 {
		return r.pos, errors.New("seek before the start of the object")
	}
	r.pos = pos
	return pos, nil
}

// Close ends the stream, if one was opened.
func (r *blobReader) Close() error {
	if r.r == nil {
		return nil
	}
	return r.r.Close()
}

// Open opens the object at name for streaming. Its identity (the ETag,
// size and time the service reports) is taken before anything is read:
// on S3 and Azure from the read request itself, which Open sends (one
// request per object); on other services from the object's attributes,
// the read request following at the first Read. Under a mark (withMark:
// an in-place batch), the attributes are asked first and an object that
// already carries the mark is refused with errAlreadyApplied: a retried
// shard does not read, nor transform again, what it transformed before.
func (s *blobStore) Open(ctx context.Context, name string) (fileReader, error) {
	b, u, err := s.open(ctx, name)
	if err != nil {
		return nil, err
	}
	mark := markOf(ctx)
	if mark == "" && readerIdentifies(b) {
		br, err := b.NewReader(ctx, u.key, nil)
		if err != nil {
			return nil, notExist(err)
		}
		info, ok := readerInfo(br)
		if !ok {
			br.Close()
			return nil, fmt.Errorf("reading %s: the service's reader says no ETag", name)
		}
		return newBlobReader(ctx, b, u.key, br, info), nil
	}
	a, err := b.Attributes(ctx, u.key)
	if err != nil {
		return nil, notExist(err)
	}
	if mark != "" && a.Metadata[markOpKey] == mark {
		return nil, errAlreadyApplied
	}
	return newBlobReader(ctx, b, u.key, nil, attrInfo(a)), nil
}

// listPageSize is the number of objects asked for per listing request:
// a batch holds one page at a time, whatever the size of the prefix.
const listPageSize = 1000

// List walks the objects below the prefix dir/ in lexical order (the
// order of the services' listings), one page at a time. Without
// recursive, a common prefix is reported as a directory.
func (s *blobStore) List(ctx context.Context, dir string, recursive bool, fn func(string, fileInfo, error) error) error {
	b, u, err := s.open(ctx, dir)
	if err != nil {
		return err
	}
	prefix := u.key
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	opts := &blob.ListOptions{Prefix: prefix}
	if !recursive {
		opts.Delimiter = "/"
	}
	token := blob.FirstPageToken
	for {
		page, next, err := b.ListPage(ctx, token, listPageSize, opts)
		if err != nil {
			return err
		}
		for _, o := range page {
			fi := fileInfo{ID: identity{Size: o.Size, ModTime: o.ModTime}}
			if o.MD5 != nil {
				fi.ID.Version = fmt.Sprintf("%x", o.MD5)
			}
			if o.IsDir {
				fi = fileInfo{Mode: fs.ModeDir}
			} else if strings.HasSuffix(o.Key, "/") {
				continue // a "folder" placeholder object
			}
			if err := fn(u.name(strings.TrimSuffix(o.Key, "/")), fi, nil); err != nil && err != errSkipDir {
				return err
			}
		}
		if len(next) == 0 {
			return nil
		}
		token = next
	}
}

// Create writes the object at name from write and commits it at the
// writer's Close; a write that fails is aborted by cancelling the
// writer's context, so nothing is committed. See blobStore for what the
// options guarantee on object storage.
func (s *blobStore) Create(ctx context.Context, name string, o createOptions, write func(io.Writer) error) (committed, error) {
	b, u, err := s.open(ctx, name)
	if err != nil {
		return committed{}, err
	}
	wo := &blob.WriterOptions{ContentType: o.MediaType}
	var kept serviceAttrs
	switch {
	case o.Unchanged != nil:
		// In place: keep what describes the object, mark the result.
		a, err := b.Attributes(ctx, u.key)
		if err != nil {
			return committed{}, fmt.Errorf("%w; left as it is", errChanged)
		}
		mark := markOf(ctx)
		if mark != "" && a.Metadata[markOpKey] == mark {
			return committed{}, errAlreadyApplied
		}
		if o.Unchanged.Version != "" && a.ETag != o.Unchanged.Version || a.Size != o.Unchanged.Size {
			return committed{}, fmt.Errorf("%w; left as it is", errChanged)
		}
		if a.ContentType != "" {
			wo.ContentType = a.ContentType
		}
		wo.CacheControl = a.CacheControl
		wo.ContentDisposition = a.ContentDisposition
		wo.ContentEncoding = a.ContentEncoding
		wo.ContentLanguage = a.ContentLanguage
		wo.Metadata = make(map[string]string, len(a.Metadata)+2)
		for k, v := range a.Metadata {
			wo.Metadata[k] = v
		}
		if mark != "" {
			wo.Metadata[markOpKey] = mark
			wo.Metadata[markSourceKey] = a.ETag
		}
		kept, err = keepServiceAttrs(ctx, b, u.bucket(), u.key, a)
		if err != nil {
			return committed{}, fmt.Errorf("%w; left as it is", err)
		}
		wo.BeforeWrite = kept.beforeWrite()
	case !o.Overwrite:
		// Ask first for a clear error and for services without
		// conditional writes; IfNotExist closes the window where the
		// service supports it.
		if ok, err := b.Exists(ctx, u.key); err == nil && ok {
			return committed{}, existsError(name)
		}
		wo.IfNotExist = true
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	open := func() (*blob.Writer, error) { return b.NewWriter(wctx, u.key, wo) }
	if put := s.directS3(b, u, wo); put != nil {
		return put.create(wctx, cancel, name, wo, kept, open, write)
	}
	w, err := open()
	if err != nil {
		return committed{}, err
	}
	cw := &countWriter{w: w}
	if err := write(cw); err != nil {
		cancel() // abort: the writer discards what it has
		w.Close()
		return committed{}, err
	}
	if err := closeWriter(w, name, wo); err != nil {
		return committed{}, err
	}
	return committed{Size: cw.n}, nil
}

// closeWriter commits the upload of w, turning a conditional create's
// refusal into errExists.
func closeWriter(w *blob.Writer, name string, wo *blob.WriterOptions) error {
	err := w.Close()
	if err != nil && wo.IfNotExist && gcerrors.Code(err) == gcerrors.FailedPrecondition {
		return existsError(name)
	}
	return err
}

// existsError is the error of an output that exists, without --force.
func existsError(name string) error {
	return fmt.Errorf("output %s %w; use --force to overwrite it", name, errExists)
}

// Glob matches pattern against the keys below the pattern's longest
// prefix without a wildcard, with path.Match (a * does not cross a /).
func (s *blobStore) Glob(ctx context.Context, pattern string) ([]string, error) {
	b, u, err := s.open(ctx, pattern)
	if err != nil {
		return nil, err
	}
	if _, err := path.Match(u.key, ""); err != nil {
		return nil, err
	}
	prefix := u.key
	if i := strings.IndexAny(prefix, `*?[\`); i >= 0 {
		prefix = prefix[:i]
	}
	var out []string
	it := b.List(&blob.ListOptions{Prefix: prefix})
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if ok, _ := path.Match(u.key, o.Key); ok {
			out = append(out, u.name(o.Key))
		}
	}
}

// Lock does nothing: object stores have no locks. One writer per object
// comes from sharding, and an in-place commit checks the ETag it read.
func (s *blobStore) Lock(context.Context, string) (func() error, error) {
	return func() error { return nil }, nil
}

// alreadyApplied reports whether the object at name carries mark, the
// mark an in-place edit of this run leaves: a retried shard skips it
// before reading it.
func (s *blobStore) alreadyApplied(ctx context.Context, name, mark string) (bool, error) {
	b, u, err := s.open(ctx, name)
	if err != nil {
		return false, err
	}
	a, err := b.Attributes(ctx, u.key)
	if err != nil {
		return false, notExist(err)
	}
	return mark != "" && a.Metadata[markOpKey] == mark, nil
}

var _ store = (*blobStore)(nil)
