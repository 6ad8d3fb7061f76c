//go:build cloud

package main

import (
	"context"
	"reflect"
	"testing"

	azblobblob "github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blockblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
)

// TestAzureInPlaceKeepsTierAndTags: an in-place edit on Azure (Azurite)
// writes the new blob with the source's access tier and blob index tags;
// a blob whose tier was only inferred from the account and that has no
// tags gets neither (its tier stays inferred).
func TestAzureInPlaceKeepsTierAndTags(t *testing.T) {
	b := azBucket(t)
	var c *container.Client
	if !b.raw(t).As(&c) {
		t.Fatal("the azblob bucket is not a container client")
	}
	raw := b.raw(t)
	ctx := context.Background()
	data := ppm(pattern(5, 3, 3, 8))
	cool, hot := azblobblob.AccessTierCool, azblobblob.AccessTierHot
	tags := map[string]string{"project": "a b", "owner": "ann"}
	for key, o := range map[string]*blockblob.UploadBufferOptions{
		"in/cool.ppm":  {AccessTier: &cool, Tags: tags},
		"in/hot.ppm":   {AccessTier: &hot},
		"in/plain.ppm": nil,
	} {
		if _, err := c.NewBlockBlobClient(key).UploadBuffer(ctx, data, o); err != nil {
			t.Fatalf("seeding %s: %v", key, err)
		}
	}
	r := runStore(b.store(t), nil, "flip", "--horizontal", "--in-place", "-r", "--json", "--run-id", "job1", b.url("in/"))
	_, sum, err := parseStream([]byte(r.stdout))
	if r.code != 0 || err != nil || sum.Done != 3 {
		t.Fatalf("exit %d, summary %+v\n%s", r.code, sum, r.stderr)
	}
	for key, want := range map[string]struct {
		tier     string
		inferred bool
		tags     map[string]string
	}{
		"in/cool.ppm":  {"Cool", false, tags},
		"in/hot.ppm":   {"Hot", false, nil},
		"in/plain.ppm": {"Hot", true, nil},
	} {
		bc := c.NewBlobClient(key)
		p, err := bc.GetProperties(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The mark proves this is the edited blob, not the seeded one.
		if a, err := raw.Attributes(ctx, key); err != nil || a.Metadata[markOpKey] != "flip flip-horizontal@job1" {
			t.Errorf("%s: not the edited blob (%v, %v)", key, a, err)
		}
		inferred := p.AccessTierInferred != nil && *p.AccessTierInferred
		if deref(p.AccessTier) != want.tier || inferred != want.inferred {
			t.Errorf("%s: access tier %q (inferred %v), want %q (inferred %v)", key, deref(p.AccessTier), inferred, want.tier, want.inferred)
		}
		got, err := bc.GetTags(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		gotTags := map[string]string(nil)
		for _, tg := range got.BlobTagSet {
			if gotTags == nil {
				gotTags = map[string]string{}
			}
			gotTags[deref(tg.Key)] = deref(tg.Value)
		}
		if !reflect.DeepEqual(gotTags, want.tags) {
			t.Errorf("%s: tags %v, want %v", key, gotTags, want.tags)
		}
	}
}
