//go:build cloud

package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// s3Extras is a reverse proxy in front of gofakes3 that gives chosen
// objects a storage class and tags, which gofakes3 does not keep: it adds
// them to those objects' HEAD responses (x-amz-storage-class,
// x-amz-tagging-count) and answers GetObjectTagging itself. It records the
// headers of every upload (a single-part PUT, or the POST that creates a
// multipart upload) and the tagging requests, by path.
type s3Extras struct {
	rp *httputil.ReverseProxy

	// class and tags are what each path (/bucket/key) has; deny lists
	// the paths whose tags may not be read (AccessDenied).
	class map[string]string
	tags  map[string]map[string]string
	deny  map[string]bool

	mu      sync.Mutex
	uploads map[string]http.Header // by path: the upload's storage class and tagging
	tagged  map[string]int         // by path: GetObjectTagging requests
}

// proxyS3 starts an s3Extras on 127.0.0.1 in front of the gofakes3 that
// q's endpoint names, and returns q pointing at the proxy.
func proxyS3(t *testing.T, q string) (string, *s3Extras) {
	t.Helper()
	v, err := url.ParseQuery(strings.TrimPrefix(q, "?"))
	if err != nil {
		t.Fatal(err)
	}
	target, err := url.Parse(v.Get("endpoint"))
	if err != nil {
		t.Fatal(err)
	}
	p := &s3Extras{
		class: map[string]string{}, tags: map[string]map[string]string{}, deny: map[string]bool{},
		uploads: map[string]http.Header{}, tagged: map[string]int{},
	}
	p.rp = httputil.NewSingleHostReverseProxy(target)
	p.rp.ModifyResponse = func(resp *http.Response) error {
		path := resp.Request.URL.Path
		if resp.Request.Method != http.MethodHead || resp.StatusCode != http.StatusOK {
			return nil
		}
		if c := p.class[path]; c != "" {
			resp.Header.Set("X-Amz-Storage-Class", c)
		}
		if n := len(p.tags[path]); n > 0 {
			resp.Header.Set("X-Amz-Tagging-Count", fmt.Sprint(n))
		}
		return nil
	}
	srv := httptest.NewUnstartedServer(p) // on 127.0.0.1
	srv.Start()
	t.Cleanup(srv.Close)
	v.Set("endpoint", srv.URL)
	return "?" + v.Encode(), p
}

// ServeHTTP records uploads, answers GetObjectTagging and passes the rest
// to gofakes3.
func (p *s3Extras) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, query := r.URL.Path, r.URL.Query()
	p.mu.Lock()
	switch {
	case r.Method == http.MethodGet && query.Has("tagging"):
		p.tagged[path]++
		p.mu.Unlock()
		if p.deny[path] {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`)
			return
		}
		type tag struct{ Key, Value string }
		var set struct {
			XMLName xml.Name `xml:"Tagging"`
			Tags    []tag    `xml:"TagSet>Tag"`
		}
		for k, v := range p.tags[path] {
			set.Tags = append(set.Tags, tag{k, v})
		}
		w.Header().Set("Content-Type", "application/xml")
		xml.NewEncoder(w).Encode(set)
		return
	case r.Method == http.MethodPut && !query.Has("partNumber") || r.Method == http.MethodPost && query.Has("uploads"):
		p.uploads[path] = http.Header{
			"Method":        {r.Method},
			"Storage-Class": r.Header.Values("X-Amz-Storage-Class"),
			"Tagging":       r.Header.Values("X-Amz-Tagging"),
		}
	}
	p.mu.Unlock()
	p.rp.ServeHTTP(w, r)
}

// TestS3InPlaceKeepsStorageClassAndTags: an in-place edit on S3 writes the
// new object with the source's storage class and tags, on a single-part
// and on a multipart upload; an object with neither gets neither and costs
// no tagging request; an object whose tags cannot be read is left as it is
// with an error naming them, not rewritten without them.
func TestS3InPlaceKeepsStorageClassAndTags(t *testing.T) {
	q0, _ := fakeS3(t, "photos")
	q, p := proxyS3(t, q0)
	b := bucket{root: "s3://photos", query: q, check: newURLStore(localStore{})}
	t.Cleanup(func() { b.check.Close() })
	raw := b.raw(t)
	ctx := context.Background()
	small := ppm(pattern(5, 3, 3, 8))
	// Above the S3 transfer manager's 16 MiB threshold: a multipart upload.
	const w, h = 2400, 2400
	big := append([]byte(fmt.Sprintf("P6\n%d %d\n255\n", w, h)), bytes.Repeat([]byte{1, 2, 3, 4, 5}, w*h*3/5)...)
	for key, data := range map[string][]byte{"in/ia.ppm": small, "in/plain.ppm": small, "in/big.ppm": big, "in/denied.ppm": small} {
		if err := raw.WriteAll(ctx, key, data, nil); err != nil {
			t.Fatal(err)
		}
	}
	tags := map[string]string{"project": "a b&c=d", "owner": "ann"}
	p.class["/photos/in/ia.ppm"], p.tags["/photos/in/ia.ppm"] = "STANDARD_IA", tags
	p.class["/photos/in/big.ppm"], p.tags["/photos/in/big.ppm"] = "GLACIER_IR", map[string]string{"k": "v"}
	p.tags["/photos/in/denied.ppm"], p.deny["/photos/in/denied.ppm"] = tags, true
	p.uploads = map[string]http.Header{}

	r := runStore(b.store(t), nil, "flip", "--horizontal", "--in-place", "-r", "--json", "--run-id", "job1", b.url("in/"))
	_, sum, err := parseStream([]byte(r.stdout))
	if r.code != 1 || err != nil || sum.Done != 3 || sum.Failed != 1 {
		t.Fatalf("exit %d, summary %+v (want 3 done, denied.ppm failed)\n%s", r.code, sum, r.stderr)
	}
	if !strings.Contains(r.stderr, "denied.ppm") || !strings.Contains(r.stderr, "2 tags") {
		t.Errorf("the unreadable tags are not what the failure says:\n%s", r.stderr)
	}
	for path, want := range map[string]struct {
		method, class string
		tags          map[string]string
	}{
		"/photos/in/ia.ppm":    {http.MethodPut, "STANDARD_IA", tags},
		"/photos/in/big.ppm":   {http.MethodPost, "GLACIER_IR", map[string]string{"k": "v"}},
		"/photos/in/plain.ppm": {http.MethodPut, "", nil},
	} {
		up, ok := p.uploads[path]
		if !ok {
			t.Errorf("%s: not uploaded", path)
			continue
		}
		got := map[string]string(nil)
		if v := up.Get("Tagging"); v != "" {
			vals, err := url.ParseQuery(v)
			if err != nil {
				t.Errorf("%s: x-amz-tagging %q: %v", path, v, err)
			}
			got = map[string]string{}
			for k := range vals {
				got[k] = vals.Get(k)
			}
		}
		if up.Get("Method") != want.method || up.Get("Storage-Class") != want.class || !reflect.DeepEqual(got, want.tags) {
			t.Errorf("%s: upload %s with storage class %q and tags %v, want %s, %q, %v",
				path, up.Get("Method"), up.Get("Storage-Class"), got, want.method, want.class, want.tags)
		}
	}
	if n := p.tagged["/photos/in/plain.ppm"]; n != 0 {
		t.Errorf("an untagged object's tags were asked for %d times", n)
	}
	if _, ok := p.uploads["/photos/in/denied.ppm"]; ok {
		t.Errorf("an object whose tags could not be read was rewritten without them")
	}
}
