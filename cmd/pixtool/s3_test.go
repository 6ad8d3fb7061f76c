//go:build cloud

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// fakeS3 starts gofakes3 in process on 127.0.0.1 (never another address)
// with one bucket and returns the query string that points s3:// URLs at it.
func fakeS3(t *testing.T, bucket string) string {
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
		"&use_path_style=true&disable_https=true&region=us-east-1&request_checksum_calculation=when_required"
}

// testPPM returns a small P6 image whose pixels depend on i.
func testPPM(i int) []byte {
	const w, h = 4, 2
	b := []byte(fmt.Sprintf("P6\n%d %d\n255\n", w, h))
	for p := 0; p < w*h*3; p++ {
		b = append(b, byte(i*31+p*7))
	}
	return b
}

// flipPPM mirrors a testPPM image left to right (its own inverse).
func flipPPM(b []byte) []byte {
	const w, h = 4, 2
	hdr := len(b) - w*h*3
	out := bytes.Clone(b)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			copy(out[hdr+(y*w+x)*3:][:3], b[hdr+(y*w+w-1-x)*3:][:3])
		}
	}
	return out
}

// flipBatch is the per-object work of `pixtool flip --horizontal` over a
// store, for the commands' wiring to replace (see the report): list src
// recursively, keep the shard's objects by key relative to src, and write
// each flipped into dst, or in place when dst is "". Stop, when set, is
// called inside each write and may cancel ctx mid-object (a kill).
func flipBatch(ctx context.Context, s *blobStore, src, dst string, sh shard, skipExisting bool, mark string, stop func(i int)) (done int, err error) {
	i := 0
	err = s.List(ctx, src, true, func(name string, fi fileInfo, err error) error {
		if err != nil {
			return err
		}
		key := relativeKey(src, name)
		if !sh.contains(key) {
			return nil
		}
		out := name
		if dst != "" {
			u, _ := parseObjectURL(dst)
			out = u.name(strings.TrimSuffix(u.key, "/") + "/" + key)
			if skipExisting {
				if _, err := s.Stat(ctx, out); err == nil {
					return nil
				}
			}
		} else if ok, err := s.alreadyApplied(ctx, name, mark); err != nil || ok {
			return err
		}
		r, err := s.Open(ctx, name)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return err
		}
		o := createOptions{MediaType: "image/x-portable-pixmap"}
		cctx := ctx
		if dst == "" {
			id := r.Info().ID
			o.Unchanged = &id
			cctx = withMark(ctx, mark)
		}
		flipped := flipPPM(data)
		_, err = s.Create(cctx, out, o, func(w io.Writer) error {
			// Write half, give the killer its moment, write the rest.
			if _, err := w.Write(flipped[:len(flipped)/2]); err != nil {
				return err
			}
			if stop != nil {
				stop(i)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			_, err := w.Write(flipped[len(flipped)/2:])
			return err
		})
		i++
		if err == nil {
			done++
		}
		return err
	})
	return done, err
}

// seed writes n testPPM objects under prefix and returns their contents
// by key relative to it.
func seed(t *testing.T, s *blobStore, prefix string, n int) map[string][]byte {
	t.Helper()
	u, _ := parseObjectURL(prefix)
	want := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		key := fmt.Sprintf("d%d/img%03d.ppm", i%3, i)
		putObject(t, s, u.name(strings.TrimSuffix(u.key, "/")+"/"+key), createOptions{}, testPPM(i))
		want[key] = testPPM(i)
	}
	return want
}

// contents returns every object below prefix by relative key.
func contents(t *testing.T, s *blobStore, prefix string) map[string][]byte {
	t.Helper()
	got := make(map[string][]byte)
	err := s.List(context.Background(), prefix, true, func(name string, _ fileInfo, err error) error {
		if err != nil {
			return err
		}
		got[relativeKey(prefix, name)] = readObject(t, s, name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// checkFlipped says whether got holds exactly the flipped image of each of
// orig, each once and whole.
func checkFlipped(t *testing.T, orig, got map[string][]byte) {
	t.Helper()
	if len(got) != len(orig) {
		t.Errorf("%d objects, want %d", len(got), len(orig))
	}
	for k, b := range orig {
		if !bytes.Equal(got[k], flipPPM(b)) {
			t.Errorf("%s: %d bytes, not the flipped input (flipped twice or partial?)", k, len(got[k]))
		}
	}
}

func TestS3FlipPrefixFourShards(t *testing.T) {
	q := fakeS3(t, "photos")
	s := newBlobStore()
	defer s.Close()
	src, dst := "s3://photos/in/"+q, "s3://photos/out/"+q
	orig := seed(t, s, src, 200)
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for k := 0; k < 4; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := flipBatch(context.Background(), s, src, dst, shard{k, 4}, false, "", nil)
			if err != nil {
				t.Errorf("shard %d: %v", k, err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	// Four shards without --skip-existing would refuse a second write of
	// any object: 200 commits and 200 outputs mean each exactly once.
	if total != 200 {
		t.Errorf("shards wrote %d objects, want 200", total)
	}
	checkFlipped(t, orig, contents(t, s, dst))
	if got := contents(t, s, src); len(got) != 200 {
		t.Errorf("inputs: %d", len(got))
	}
}

func TestS3KilledShardRetriedWithSkipExisting(t *testing.T) {
	q := fakeS3(t, "photos")
	s := newBlobStore()
	defer s.Close()
	src, dst := "s3://photos/in"+q, "s3://photos/out"+q
	orig := seed(t, s, src, 60)
	for trial := 0; trial < 3; trial++ {
		u, _ := parseObjectURL(dst)
		b, _, _ := s.open(context.Background(), dst)
		for k := range orig {
			if err := b.Delete(context.Background(), u.key+"/"+k); err != nil && trial > 0 {
				t.Fatalf("delete %s: %v", k, err)
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		at := rand.IntN(len(orig))
		// The kill lands in the middle of an object's upload.
		done, err := flipBatch(ctx, s, src, dst, shard{}, true, "", func(i int) {
			if i == at {
				cancel()
			}
		})
		cancel()
		if !errors.Is(err, context.Canceled) || done != at {
			t.Fatalf("killed run: %d done, err %v; want %d and Canceled (trial %d)", done, err, at, trial)
		}
		if got := contents(t, s, dst); len(got) != at {
			t.Fatalf("after the kill at %d: %d outputs (a partial one committed?)", at, len(got))
		}
		done2, err := flipBatch(context.Background(), s, src, dst, shard{}, true, "", nil)
		if err != nil || done+done2 != len(orig) {
			t.Fatalf("retry: %d more, %v", done2, err)
		}
		checkFlipped(t, orig, contents(t, s, dst))
	}
}

func TestS3InPlaceKilledAndRetriedFlipsOnce(t *testing.T) {
	q := fakeS3(t, "photos")
	s := newBlobStore()
	defer s.Close()
	src := "s3://photos/in/" + q
	orig := seed(t, s, src, 60)
	ctx, cancel := context.WithCancel(context.Background())
	at := 10 + rand.IntN(40)
	done, err := flipBatch(ctx, s, src, "", shard{}, false, "flip-h@job1", func(i int) {
		if i == at {
			cancel()
		}
	})
	cancel()
	if !errors.Is(err, context.Canceled) || done != at {
		t.Fatalf("killed run: %d done, %v", done, err)
	}
	// The retry of the same job skips what it flipped; a second retry
	// does nothing.
	for retry := 0; retry < 2; retry++ {
		n, err := flipBatch(context.Background(), s, src, "", shard{}, false, "flip-h@job1", nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{len(orig) - at, 0}[retry]; n != want {
			t.Errorf("retry %d flipped %d, want %d", retry, n, want)
		}
	}
	checkFlipped(t, orig, contents(t, s, src))
}

func TestS3ConditionalCreate(t *testing.T) {
	q := fakeS3(t, "photos")
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
