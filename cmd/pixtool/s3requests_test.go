//go:build cloud

package main

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// s3Counter is a reverse proxy in front of gofakes3 that counts the
// requests it passes, by method and path (/bucket/key).
type s3Counter struct {
	rp    *httputil.ReverseProxy
	mu    sync.Mutex
	n     map[string]int    // "GET /photos/in/a.jpg" -> requests
	sse   map[string]string // by path: an upload's x-amz-server-side-encryption
	exp   map[string]string // by path: an upload's Expect header
	conns int               // connections accepted
}

// countS3 starts an s3Counter on 127.0.0.1 in front of the gofakes3 that
// q's endpoint names, and returns q pointing at the counter.
func countS3(t *testing.T, q string) (string, *s3Counter) {
	t.Helper()
	v, err := url.ParseQuery(strings.TrimPrefix(q, "?"))
	if err != nil {
		t.Fatal(err)
	}
	target, err := url.Parse(v.Get("endpoint"))
	if err != nil {
		t.Fatal(err)
	}
	c := &s3Counter{rp: httputil.NewSingleHostReverseProxy(target), n: map[string]int{}, sse: map[string]string{}, exp: map[string]string{}}
	srv := httptest.NewUnstartedServer(c) // on 127.0.0.1
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			c.mu.Lock()
			c.conns++
			c.mu.Unlock()
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	v.Set("endpoint", srv.URL)
	return "?" + v.Encode(), c
}

// ServeHTTP counts the request and passes it on.
func (c *s3Counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.n[r.Method+" "+r.URL.Path]++
	if r.Method == http.MethodPut {
		c.sse[r.URL.Path] = r.Header.Get("X-Amz-Server-Side-Encryption")
		c.exp[r.URL.Path] = r.Header.Get("Expect")
	}
	c.mu.Unlock()
	c.rp.ServeHTTP(w, r)
}

// take returns the request counts and the connections so far and starts
// again from zero.
func (c *s3Counter) take() (map[string]int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, conns := c.n, c.conns
	c.n, c.conns = map[string]int{}, 0
	return n, conns
}

// TestS3OneReadPerObject: a batch over S3 reads every input object with
// one GET, however often the commands rewind it (format sniffing, the
// memory budget's header read, the lossless path's DecodeConfig), on
// connections that are kept (a few for the whole batch), and --out asks
// for no attributes of the inputs (the GET says the object's identity); an in-place batch asks for them first (its marks), and still
// reads each object once. The outputs are byte for byte those of the
// same batch over local files, on the lossless JPEG path and the Netpbm
// raster path.
func TestS3OneReadPerObject(t *testing.T) {
	q0, _ := fakeS3(t, "photos")
	q, c := countS3(t, q0)
	b := bucket{root: "s3://photos", query: q, check: newURLStore(localStore{})}
	t.Cleanup(func() { b.check.Close() })
	raw := b.raw(t)
	ctx := context.Background()

	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, pattern(64, 48, 3, 8).image(), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{"c.ppm": ppm(pattern(7, 5, 3, 8))}
	for _, k := range []string{"a", "b", "d", "e", "f", "g", "h", "i"} {
		inputs[k+".jpg"] = photo.Bytes()
	}
	local := t.TempDir()
	for k, data := range inputs {
		if err := raw.WriteAll(ctx, "in/"+k, data, nil); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(local, k), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	localOut := filepath.Join(t.TempDir(), "out")
	if r := runStore(newURLStore(localStore{}), nil, "flip", "--horizontal", "--out", localOut, local); r.code != 0 {
		t.Fatalf("local batch: exit %d: %s", r.code, r.stderr)
	}
	c.take()

	r := runStore(b.store(t), nil, "flip", "--horizontal", "--jobs", "2", "--out", b.url("out/"), b.url("in/"))
	if r.code != 0 {
		t.Fatalf("--out: exit %d: %s", r.code, r.stderr)
	}
	n, conns := c.take()
	if conns > 6 { // two workers and the listing, each with a few at once: not one per object
		t.Errorf("--out: %d connections for %d objects with two workers (a new one per request?)", conns, len(inputs))
	}
	for k := range inputs {
		in := "/photos/in/" + k
		if n["GET "+in] != 1 || n["HEAD "+in] != 0 {
			t.Errorf("--out: %s: %d GETs and %d HEADs, want one GET", in, n["GET "+in], n["HEAD "+in])
		}
		want, err := os.ReadFile(filepath.Join(localOut, k))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := raw.ReadAll(ctx, "out/"+k); err != nil || !bytes.Equal(got, want) {
			t.Errorf("--out: %s: %d bytes (%v), not the %d bytes of the local batch", k, len(got), err, len(want))
		}
	}

	r = runStore(b.store(t), nil, "flip", "--horizontal", "--in-place", "--run-id", "r1", "--jobs", "2", b.url("in/"))
	if r.code != 0 {
		t.Fatalf("--in-place: exit %d: %s", r.code, r.stderr)
	}
	n, _ = c.take()
	for k := range inputs {
		in := "/photos/in/" + k
		if n["GET "+in] != 1 {
			t.Errorf("--in-place: %s: %d GETs, want one", in, n["GET "+in])
		}
		want, _ := os.ReadFile(filepath.Join(localOut, k))
		if got, err := raw.ReadAll(ctx, "in/"+k); err != nil || !bytes.Equal(got, want) {
			t.Errorf("--in-place: %s: %d bytes (%v), not the %d bytes of the local batch", k, len(got), err, len(want))
		}
	}
}

// TestS3PutSendsBodyAtOnce: a direct upload of 2 MB or more (where the
// SDK would add "Expect: 100-continue" and hold the body back for a round
// trip) goes without the header, and arrives whole.
func TestS3PutSendsBodyAtOnce(t *testing.T) {
	q0, _ := fakeS3(t, "photos")
	q, c := countS3(t, q0)
	b := bucket{root: "s3://photos", query: q, check: newURLStore(localStore{})}
	t.Cleanup(func() { b.check.Close() })
	ctx := context.Background()
	in := ppm(pattern(1024, 720, 3, 8)) // 2.2 MB
	if err := b.raw(t).WriteAll(ctx, "in/big.ppm", in, nil); err != nil {
		t.Fatal(err)
	}
	c.take()
	if r := runStore(b.store(t), nil, "flip", "--horizontal", "--out", b.url("out/"), b.url("in/")); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	n, _ := c.take()
	const out = "/photos/out/big.ppm"
	if n["PUT "+out] != 1 || c.exp[out] != "" {
		t.Errorf("%d PUTs of %s, Expect %q: want one, with no Expect", n["PUT "+out], out, c.exp[out])
	}
	got, err := b.raw(t).ReadAll(ctx, "out/big.ppm")
	if err != nil || len(got) != len(in) {
		t.Errorf("the output: %d bytes (%v), want %d", len(got), err, len(in))
	}
}

// TestBlobReaderRewinds: whatever the seeks and reads, an object's reader
// returns what a bytes.Reader over its content returns, on S3 (the stream
// opened by Open) and mem:// (opened at the first read): rewinds into
// the kept first bytes, seeks past them and back, reads that cross from
// the kept bytes into the stream, seeks past the end.
func TestBlobReaderRewinds(t *testing.T) {
	data := make([]byte, headMax*2+12345)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	for _, b := range []bucket{memBucket(t), s3Bucket(t)} {
		t.Run(strings.TrimSuffix(b.root, "://photos"), func(t *testing.T) {
			ctx := context.Background()
			if err := b.raw(t).WriteAll(ctx, "obj", data, nil); err != nil {
				t.Fatal(err)
			}
			for round := range 40 {
				f, err := b.check.Open(ctx, b.url("obj"))
				if err != nil {
					t.Fatal(err)
				}
				want := bytes.NewReader(data)
				var ops []string
				for range 12 {
					switch rng.IntN(4) {
					case 0: // a rewind
						f.Seek(0, io.SeekStart)
						want.Seek(0, io.SeekStart)
						ops = append(ops, "rewind")
					case 1: // anywhere, past the end too
						off := rng.Int64N(int64(len(data)) + 100)
						g, _ := f.Seek(off, io.SeekStart)
						w, _ := want.Seek(off, io.SeekStart)
						ops = append(ops, fmt.Sprint("seek ", off))
						if g != w {
							t.Fatalf("round %d %v: at %d, want %d", round, ops, g, w)
						}
					default: // a read of up to two kept heads
						p, q := make([]byte, rng.IntN(2*headMax)), make([]byte, 0, 2*headMax)
						n, err := io.ReadFull(f, p)
						m, werr := io.ReadFull(want, q[:len(p)])
						ops = append(ops, fmt.Sprint("read ", len(p)))
						if n != m || !bytes.Equal(p[:n], q[:m]) || (err == nil) != (werr == nil) {
							t.Fatalf("round %d %v: read %d bytes (%v), want %d (%v), same bytes: %v",
								round, ops, n, err, m, werr, bytes.Equal(p[:min(n, m)], q[:min(n, m)]))
						}
					}
				}
				if rest, _ := io.ReadAll(f); !bytes.Equal(rest, data[len(data)-want.Len():]) {
					t.Fatalf("round %d %v: the rest differs", round, ops)
				}
				f.Close()
			}
		})
	}
}

// TestReaderInfoIsAttributes: the identity Open takes from a read
// request (S3, Azure) is the one the attributes give, which an in-place
// commit compares (its precondition): the same ETag, size and time.
func TestReaderInfoIsAttributes(t *testing.T) {
	for name, mk := range map[string]func(*testing.T) bucket{"s3": s3Bucket, "azblob": azBucket} {
		t.Run(name, func(t *testing.T) {
			b := mk(t)
			ctx := context.Background()
			raw := b.raw(t)
			if err := raw.WriteAll(ctx, "obj.ppm", ppm(pattern(5, 3, 3, 8)), nil); err != nil {
				t.Fatal(err)
			}
			if !readerIdentifies(raw) {
				t.Fatalf("%s: the read request is not taken for the identity", name)
			}
			f, err := b.check.Open(ctx, b.url("obj.ppm"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			a, err := raw.Attributes(ctx, "obj.ppm")
			if err != nil {
				t.Fatal(err)
			}
			got, want := f.Info().ID, attrInfo(a).ID
			if got.Version == "" || got.Version != want.Version || got.Size != want.Size || !got.ModTime.Equal(want.ModTime) {
				t.Errorf("Open's identity %+v, the attributes' %+v", got, want)
			}
		})
	}
}

// TestS3BucketsShareClient: the buckets of one store with the same URL
// parameters share one S3 client (one configuration load, one pool of
// connections that keeps enough idle ones for the workers), a batch from
// one bucket into the other gives the local batch's bytes, and a bucket
// with other parameters, or with one that is not the client's
// (server-side encryption), gets a client of its own.
func TestS3BucketsShareClient(t *testing.T) {
	q, backend := fakeS3(t, "photos")
	qc, counter := countS3(t, q)
	if err := backend.CreateBucket("flipped"); err != nil {
		t.Fatal(err)
	}
	st := newURLStore(localStore{})
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	client := func(name string) *s3.Client {
		t.Helper()
		b, _, err := st.blob.open(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		var c *s3.Client
		if !b.As(&c) {
			t.Fatalf("%s: no S3 client", name)
		}
		return c
	}
	photos, flipped := client("s3://photos/"+q), client("s3://flipped/x"+q)
	if photos != flipped {
		t.Errorf("two buckets with the same parameters have two clients")
	}
	if bc, ok := photos.Options().HTTPClient.(*awshttp.BuildableClient); !ok || bc.GetTransport().MaxIdleConnsPerHost < s3IdleConns {
		t.Errorf("the shared client keeps too few idle connections (%T)", photos.Options().HTTPClient)
	}
	if c := client("s3://photos/" + q + "&region=eu-west-1"); c == photos {
		t.Errorf("a bucket with another region shares the client")
	}
	// Server-side encryption is the bucket's, not the client's: its
	// uploads ask for it.
	sse := "s3://flipped/sse.ppm" + qc + "&ssetype=AES256"
	if c := client(sse); c == photos {
		t.Errorf("a bucket with server-side encryption shares the client")
	}
	if _, err := st.Create(ctx, sse, createOptions{}, func(w io.Writer) error { _, err := w.Write(ppm(pattern(5, 3, 3, 8))); return err }); err != nil {
		t.Fatal(err)
	}
	if got := counter.sse["/flipped/sse.ppm"]; got != "AES256" {
		t.Errorf("an upload to a bucket with ssetype=AES256 asked for encryption %q", got)
	}

	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, pattern(64, 48, 3, 8).image(), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	local := t.TempDir()
	for _, k := range []string{"a.jpg", "b.jpg"} {
		if _, err := backend.PutObject("photos", "in/"+k, map[string]string{"Content-Type": "image/jpeg"}, bytes.NewReader(photo.Bytes()), int64(photo.Len()), nil); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(local, k), photo.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	localOut := filepath.Join(t.TempDir(), "out")
	if r := runStore(newURLStore(localStore{}), nil, "flip", "--horizontal", "--out", localOut, local); r.code != 0 {
		t.Fatalf("local batch: exit %d: %s", r.code, r.stderr)
	}
	if r := runStore(st, nil, "flip", "--horizontal", "--jobs", "2", "--out", "s3://flipped/out/"+q, "s3://photos/in/"+q); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, _, err := st.blob.open(ctx, "s3://flipped/"+q)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a.jpg", "b.jpg"} {
		want, _ := os.ReadFile(filepath.Join(localOut, k))
		if got, err := b.ReadAll(ctx, "out/"+k); err != nil || !bytes.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s: %d bytes (%v), not the %d bytes of the local batch", k, len(got), err, len(want))
		}
	}
}
