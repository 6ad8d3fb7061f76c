//go:build cloud

package main

import (
	"bytes"
	"context"
	be "encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pixview/pixview/codec"
	"gocloud.dev/blob"
)

// Batches over object storage, end to end through pixtool's run: the
// commands hold a urlStore and do not know which store a name is in.

// bucket is where an end-to-end test keeps its objects: mem:// (a bucket
// lives in the store that opened it, so every run of the test shares one
// store) or s3:// on gofakes3 (every run gets a new store, as separate
// processes would).
type bucket struct {
	root  string // scheme://bucket
	query string // the bucket's parameters, "" or "?..."
	// shared is the one store of a mem:// bucket; nil for s3://.
	shared *urlStore
	// check is the store the test itself reads and seeds through.
	check *urlStore
}

// memBucket returns a mem:// bucket.
func memBucket(t *testing.T) bucket {
	s := newURLStore(localStore{})
	t.Cleanup(func() { s.Close() })
	return bucket{root: "mem://b", shared: s, check: s}
}

// url returns the name of key in the bucket.
func (b bucket) url(key string) string { return b.root + "/" + key + b.query }

// store returns the store one run uses.
func (b bucket) store(t *testing.T) *urlStore {
	if b.shared != nil {
		return b.shared
	}
	s := newURLStore(localStore{})
	t.Cleanup(func() { s.Close() })
	return s
}

// raw returns the gocloud bucket under b, for attributes.
func (b bucket) raw(t *testing.T) *blob.Bucket {
	t.Helper()
	bk, _, err := b.check.blob.open(context.Background(), b.url(""))
	if err != nil {
		t.Fatal(err)
	}
	return bk
}

// runStore runs pixtool in process over st with env as its environment.
func runStore(st store, env map[string]string, args ...string) result {
	var stdout, stderr syncBuffer
	a := &app{fmts: defaultFormats(), st: st, stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return env[k] }}
	code := a.run(args)
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// ppm returns m as a binary 8-bit PPM.
func ppm(m img) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "P6\n%d %d\n255\n", m.w, m.h)
	for _, v := range m.pix {
		b.WriteByte(uint8(v))
	}
	return b.Bytes()
}

// seedImages writes n distinct small PPM images below prefix, in three
// "directories", and returns them by key relative to the prefix.
func seedImages(t *testing.T, b bucket, prefix string, n int, o *blob.WriterOptions) map[string]img {
	t.Helper()
	raw := b.raw(t)
	want := make(map[string]img, n)
	for i := range n {
		m := pattern(5, 3, 3, 8)
		m.pix[0], m.pix[1] = uint16(i%256), uint16(i/256)
		rel := fmt.Sprintf("d%d/img%04d.ppm", i%3, i)
		if err := raw.WriteAll(context.Background(), prefix+rel, ppm(m), o); err != nil {
			t.Fatal(err)
		}
		want[rel] = m
	}
	return want
}

// objects returns the content of every object below prefix, by key
// relative to it.
func objects(t *testing.T, b bucket, prefix string) map[string][]byte {
	t.Helper()
	raw := b.raw(t)
	got := map[string][]byte{}
	it := raw.List(&blob.ListOptions{Prefix: prefix})
	for {
		o, err := it.Next(context.Background())
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := raw.ReadAll(context.Background(), o.Key)
		if err != nil {
			t.Fatal(err)
		}
		got[strings.TrimPrefix(o.Key, prefix)] = data
	}
}

// checkOutputs says whether got holds exactly want's images, each whole,
// put through f once.
func checkOutputs(t *testing.T, want map[string]img, got map[string][]byte, f func(img) img) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d objects, want %d", len(got), len(want))
	}
	for rel, m := range want {
		data, ok := got[rel]
		if !ok {
			t.Errorf("%s: no output", rel)
			continue
		}
		g, err := decodePNM(data)
		if err != nil {
			t.Errorf("%s: %v (a partial object?)", rel, err)
			continue
		}
		if d := sameImage(g, f(m)); d != "" {
			t.Errorf("%s: %s", rel, d)
		}
	}
}

// forBuckets runs test on a mem:// bucket, an s3:// one on gofakes3, a
// gs:// one on fake-gcs-server and an azblob:// one on Azurite (an npm
// package; azBucket skips without it unless CI=true).
func forBuckets(t *testing.T, test func(t *testing.T, b bucket)) {
	t.Run("mem", func(t *testing.T) { test(t, memBucket(t)) })
	t.Run("s3", func(t *testing.T) { test(t, s3Bucket(t)) })
	t.Run("gs", func(t *testing.T) { test(t, gsBucket(t)) })
	t.Run("azblob", func(t *testing.T) { test(t, azBucket(t)) })
}

// TestURLFlipPrefixFourShards flips a prefix of 200 objects into another
// prefix in four shards, two named K/4 and two taken from a scheduler's
// environment by --shard auto: every object is done by exactly one shard,
// each shard's summary says which it was, and the outputs are the flipped
// inputs, typed by the format registry.
func TestURLFlipPrefixFourShards(t *testing.T) {
	forBuckets(t, func(t *testing.T, b bucket) {
		want := seedImages(t, b, "in/", 200, nil)
		raw := b.raw(t)
		ctx := context.Background()
		// Passed over as a directory walk passes them: not an image, a
		// hidden key.
		raw.WriteAll(ctx, "in/notes.txt", []byte("x"), nil)
		raw.WriteAll(ctx, "in/.cache/img.ppm", ppm(pattern(2, 2, 3, 8)), nil)
		seen, skips := map[string]int{}, map[string]int{}
		done := 0
		for k := range 4 {
			args := []string{"flip", "--horizontal", "-r", "--json", "--jobs", "3", "--out", b.url("out/"), b.url("in/")}
			env := map[string]string{}
			switch k {
			case 0, 1:
				args = append(args, "--shard", fmt.Sprintf("%d/4", k))
			case 2:
				env["JOB_COMPLETION_INDEX"] = "2"
				args = append(args, "--shard", "auto", "--shard-count", "4")
			case 3:
				// Slurm's --array=1-7:2: the fourth task.
				env = map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "4"}
				args = append(args, "--shard", "auto")
			}
			r := runStore(b.store(t), env, args...)
			if r.code != 0 {
				t.Fatalf("shard %d: exit %d\n%s\n%s", k, r.code, r.stdout, r.stderr)
			}
			recs, sum, err := parseStream([]byte(r.stdout))
			if err != nil {
				t.Fatal(err)
			}
			var files []record
			for _, rec := range recs {
				if rec.Status == statusSkipped {
					skips[relativeKey(b.url("in/"), rec.Input)]++
				} else {
					files = append(files, rec)
				}
			}
			if sum.Shard != fmt.Sprintf("%d/4", k) || sum.Done != len(files) || sum.Files != len(files) || sum.Failed != 0 {
				t.Errorf("shard %d: summary %+v for %d records", k, sum, len(files))
			}
			for _, rec := range files {
				rel := relativeKey(b.url("in/"), rec.Input)
				seen[rel]++
				if rec.Output != b.url("out/"+rel) || rec.Status != statusDone {
					t.Errorf("shard %d: record %+v", k, rec)
				}
				if !(shard{k, 4}).contains(rel) {
					t.Errorf("shard %d took %s, which hashes elsewhere", k, rel)
				}
			}
			done += sum.Done
		}
		for rel := range want {
			if seen[rel] != 1 {
				t.Errorf("%s done by %d shards", rel, seen[rel])
			}
		}
		if done != len(want) || len(seen) != len(want) {
			t.Errorf("%d done, %d distinct, want %d", done, len(seen), len(want))
		}
		// What the walk left out is said once, by one shard.
		if len(skips) != 2 || skips["notes.txt"] != 1 || skips[".cache/img.ppm"] != 1 {
			t.Errorf("skipped records %v, want notes.txt and .cache/img.ppm once each", skips)
		}
		checkOutputs(t, want, objects(t, b, "out/"), img.flipH)
		a, err := raw.Attributes(ctx, "out/d1/img0001.ppm")
		if mt := defaultFormats().lookup("ppm").mediaType(); err != nil || mt == "" || a.ContentType != mt {
			t.Errorf("content type of an output: %v, %v", a, err)
		}
		// The inputs are left as they were.
		in := objects(t, b, "in/")
		delete(in, "notes.txt")
		delete(in, ".cache/img.ppm")
		checkOutputs(t, want, in, func(m img) img { return m })
	})
}

// TestURLListingStreams holds the listing in the middle until an output
// has been written: a batch that listed everything before starting would
// wait forever (here: fail after the time limit).
func TestURLListingStreams(t *testing.T) {
	b := memBucket(t)
	want := seedImages(t, b, "in/", 40, nil)
	g := &gatedStore{urlStore: b.shared, at: 20, wrote: make(chan struct{})}
	r := runStore(g, nil, "flip", "--vertical", "-r", "--jobs", "2", "--out", b.url("out/"), b.url("in/"))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if g.timedOut {
		t.Fatal("no output was written while the listing was held: the batch does not stream")
	}
	checkOutputs(t, want, objects(t, b, "out/"), img.flipV)
}

// gatedStore holds its listing at entry at until a Create has committed.
type gatedStore struct {
	*urlStore
	at       int
	wrote    chan struct{}
	once     sync.Once
	timedOut bool // set by List, read after the run
}

func (g *gatedStore) List(ctx context.Context, dir string, recursive bool, fn func(string, fileInfo, error) error) error {
	n := 0
	return g.urlStore.List(ctx, dir, recursive, func(name string, fi fileInfo, err error) error {
		if n++; n == g.at {
			select {
			case <-g.wrote:
			case <-time.After(10 * time.Second):
				g.timedOut = true
			}
		}
		return fn(name, fi, err)
	})
}

func (g *gatedStore) Create(ctx context.Context, name string, o createOptions, write func(io.Writer) error) (committed, error) {
	c, err := g.urlStore.Create(ctx, name, o, write)
	if err == nil {
		g.once.Do(func() { close(g.wrote) })
	}
	return c, err
}

// TestURLExistingOutputs: an output object that exists is refused
// without --force (the create is conditional), left with
// --skip-existing, and replaced with --force.
func TestURLExistingOutputs(t *testing.T) {
	forBuckets(t, func(t *testing.T, b bucket) {
		want := seedImages(t, b, "in/", 6, nil)
		raw := b.raw(t)
		ctx := context.Background()
		raw.WriteAll(ctx, "out/d0/img0003.ppm", []byte("theirs"), nil)
		args := []string{"flip", "--horizontal", "-r", "--json", "--out", b.url("out/"), b.url("in/")}
		r := runStore(b.store(t), nil, args...)
		recs, sum, _ := parseStream([]byte(r.stdout))
		if r.code != 1 || sum.Failed != 1 || sum.Done != 5 || len(recs) != 6 {
			t.Fatalf("exit %d, summary %+v\n%s", r.code, sum, r.stderr)
		}
		for _, rec := range recs {
			if strings.HasSuffix(rec.Input, "img0003.ppm"+b.query) && !strings.Contains(rec.Error, "exists") {
				t.Errorf("existing output: %+v", rec)
			}
		}
		if got, _ := raw.ReadAll(ctx, "out/d0/img0003.ppm"); string(got) != "theirs" {
			t.Errorf("an existing object was replaced without --force: %q", got)
		}
		r = runStore(b.store(t), nil, append(args, "--skip-existing")...)
		_, sum, _ = parseStream([]byte(r.stdout))
		if r.code != 0 || sum.Existing != 6 || sum.Done != 0 {
			t.Errorf("--skip-existing: exit %d, summary %+v", r.code, sum)
		}
		r = runStore(b.store(t), nil, append(args, "--force")...)
		if r.code != 0 {
			t.Fatalf("--force: exit %d: %s", r.code, r.stderr)
		}
		checkOutputs(t, want, objects(t, b, "out/"), img.flipH)
	})
}

// TestURLFilesFromAndObjects takes inputs named one by one in a
// --files-from list that is itself an object, and writes them into a
// local directory: names of both kinds mix in one batch.
func TestURLFilesFromAndObjects(t *testing.T) {
	forBuckets(t, func(t *testing.T, b bucket) {
		want := seedImages(t, b, "in/", 5, nil)
		raw := b.raw(t)
		ctx := context.Background()
		var list strings.Builder
		for rel := range want {
			fmt.Fprintln(&list, b.url("in/"+rel))
		}
		raw.WriteAll(ctx, "lists/all.txt", []byte(list.String()), nil)
		dir := t.TempDir()
		r := runStore(b.store(t), nil, "rotate", "180", "--json", "--files-from", b.url("lists/all.txt"), "--out", dir)
		if r.code != 0 {
			t.Fatalf("exit %d: %s\n%s", r.code, r.stdout, r.stderr)
		}
		for rel, m := range want {
			checkImage(t, dir+"/"+path.Base(rel), m.flipH().flipV())
		}
		// A local file into object storage.
		writePNM(t, dir+"/local.ppm", pattern(4, 4, 3, 8), "P6")
		r = runStore(b.store(t), nil, "flip", "--vertical", "--out", b.url("fromdisk/"), "file://"+dir+"/local.ppm")
		if r.code != 0 {
			t.Fatalf("local to object: exit %d: %s", r.code, r.stderr)
		}
		checkOutputs(t, map[string]img{"local.ppm": pattern(4, 4, 3, 8)}, objects(t, b, "fromdisk/"), img.flipV)
	})
}

// TestURLDecoderSeesObjectSize: a PNG object whose header promises 64
// megapixels in a few bytes is refused from its size before any pixel is
// allocated, as a local file is: the object's size reaches the decoder.
func TestURLDecoderSeesObjectSize(t *testing.T) {
	b := memBucket(t)
	b.raw(t).WriteAll(context.Background(), "bomb.png", hugePNG(t, 8000, 8000), nil)
	r := runStore(b.store(t), nil, "convert", "--to", "ppm", "--json", "--out", b.url("out/"), b.url("bomb.png"))
	recs, _, _ := parseStream([]byte(r.stdout))
	if r.code != 1 || len(recs) != 1 || !strings.Contains(recs[0].Error, "cannot hold 8000x8000 pixels") {
		t.Fatalf("exit %d, records %+v\n%s", r.code, recs, r.stderr)
	}
}

// TestURLInPlaceMarks: an in-place batch on object storage keeps each
// object's Content-Type, Cache-Control and user metadata, marks it with
// the operation, run and source ETag, and a second run of the same job
// transforms nothing; another job transforms again.
func TestURLInPlaceMarks(t *testing.T) {
	forBuckets(t, func(t *testing.T, b bucket) {
		o := &blob.WriterOptions{ContentType: "image/x-test", CacheControl: "max-age=9", Metadata: map[string]string{"owner": "ann"}}
		want := seedImages(t, b, "in/", 12, o)
		raw := b.raw(t)
		ctx := context.Background()
		before, err := raw.Attributes(ctx, "in/d2/img0005.ppm")
		if err != nil || b.shared != nil && before.CacheControl != "max-age=9" {
			t.Fatalf("seeded attributes %+v, %v", before, err)
		}
		args := []string{"flip", "--horizontal", "--in-place", "-r", "--json", "--run-id", "job1", b.url("in/")}
		for i, wantDone := range []int{12, 0} {
			r := runStore(b.store(t), nil, args...)
			_, sum, err := parseStream([]byte(r.stdout))
			if r.code != 0 || err != nil || sum.Done != wantDone || sum.Existing != 12-wantDone || sum.RunID != "job1" {
				t.Fatalf("run %d: exit %d, summary %+v\n%s", i, r.code, sum, r.stderr)
			}
		}
		checkOutputs(t, want, objects(t, b, "in/"), img.flipH)
		a, err := raw.Attributes(ctx, "in/d2/img0005.ppm")
		if err != nil {
			t.Fatal(err)
		}
		// gofakes3 keeps no Cache-Control: what the service kept is kept.
		if a.ContentType != "image/x-test" || a.CacheControl != before.CacheControl || a.Metadata["owner"] != "ann" ||
			a.Metadata[markOpKey] != "flip flip-horizontal@job1" || a.Metadata[markSourceKey] != before.ETag {
			t.Errorf("attributes after the edit: %+v (source ETag %s)", a, before.ETag)
		}
		r := runStore(b.store(t), nil, "flip", "--horizontal", "--in-place", "-r", "--run-id", "job2", b.url("in/"))
		if r.code != 0 {
			t.Fatal(r.stderr)
		}
		checkOutputs(t, want, objects(t, b, "in/"), func(m img) img { return m })
	})
}

// TestURLArgumentErrorsFailEveryShard: a prefix that does not exist fails
// every shard, so that no shard of a broken run exits 0.
func TestURLArgumentErrorsFailEveryShard(t *testing.T) {
	b := memBucket(t)
	for k := range 3 {
		r := runStore(b.store(t), nil, "flip", "--horizontal", "--shard", fmt.Sprintf("%d/3", k), "--out", b.url("out/"), b.url("nothing/here.ppm"))
		if r.code != 1 || !strings.Contains(r.stderr, "nothing/here.ppm: stat") || !strings.Contains(r.stderr, "does not exist") {
			t.Errorf("shard %d: exit %d: %s", k, r.code, r.stderr)
		}
	}
}

// hugePNG returns a PNG whose header says w x h RGB pixels and whose body
// holds one.
func hugePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	// The IHDR chunk: length at 8, type at 12, width and height at 16,
	// the CRC of type and data at 29.
	be.BigEndian.PutUint32(data[16:], uint32(w))
	be.BigEndian.PutUint32(data[20:], uint32(h))
	be.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// TestURLJPEGLossless flips JPEG objects on the lossless path (the
// coefficients, read from the object's stream), as local files are, and
// gives the output JPEG's media type.
func TestURLJPEGLossless(t *testing.T) {
	b := memBucket(t)
	raw := b.raw(t)
	ctx := context.Background()
	var src bytes.Buffer
	if err := jpeg.Encode(&src, pattern(64, 48, 3, 8).image(), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a.jpg", "b.jpg"} {
		raw.WriteAll(ctx, "in/"+k, src.Bytes(), nil)
	}
	r := runStore(b.store(t), nil, "flip", "--horizontal", "--json", "--out", b.url("out/"), b.url("in/"))
	recs, _, err := parseStream([]byte(r.stdout))
	if r.code != 0 || err != nil || len(recs) != 2 {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stderr)
	}
	for _, rec := range recs {
		if rec.Path != string(codec.PathLossless) || rec.FormatOut != "jpeg" {
			t.Errorf("record %+v, want the lossless path", rec)
		}
		key := namePath(rec.Output)
		a, err := raw.Attributes(ctx, key)
		if err != nil || a.ContentType != "image/jpeg" || a.Size != rec.BytesOut {
			t.Errorf("%s: %+v, %v", key, a, err)
		}
		data, _ := raw.ReadAll(ctx, key)
		if cfg, err := jpeg.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != 64 || cfg.Height != 48 {
			t.Errorf("%s: %+v %v", key, cfg, err)
		}
	}
}
