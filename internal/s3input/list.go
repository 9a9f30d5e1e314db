package s3input

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/s3record"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// ListOptions are the choices of a live listing.
type ListOptions struct {
	// Versions lists every version and delete marker
	// (ListObjectVersions), not the current objects (ListObjectsV2).
	Versions bool
	// Tags asks for each object's tags with GetObjectTagging, one request
	// an object version: for a job with tag conditions only.
	Tags bool
	// MaxRequests is how many GetObjectTagging requests are in flight at
	// once; 0 is DefaultMaxRequests.
	MaxRequests int
}

// DefaultMaxRequests is the default of ListOptions.MaxRequests.
const DefaultMaxRequests = 16

// OpenObjects opens the objects input uri. Whether a key is an object or
// the beginning of keys is learned with one ListObjectsV2 request (when
// s3:ListBucket is denied, the key is read as an object). An object is
// read as
// [inventory.Open] reads a file of the same content, with opts and the
// client as its Remote: an S3 Inventory manifest.json (its data files then
// read from its destination bucket), a data file, list output or JSONL. A
// bucket (s3://bucket or s3://bucket/), a prefix that ends in "/", and a
// key that no object has but that begins the keys of some are listed live
// ([Client.List]). The name of a listed source is uri.
func (c *Client) OpenObjects(ctx context.Context, uri string, opts inventory.Options, lo ListOptions) (*inventory.Source, error) {
	if err := c.Check(ctx); err != nil {
		return nil, err
	}
	bucket, key, err := parseURI(uri)
	if err != nil {
		return nil, err
	}
	if key == "" || strings.HasSuffix(key, "/") {
		return c.List(ctx, uri, lo)
	}
	// The first key that begins with key is key itself when it is an
	// object: one request tells an object from a prefix.
	two := int32(2)
	out, err := c.s3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: &key, MaxKeys: &two})
	denied := isDenied(err)
	if err != nil && !denied {
		return nil, describe(uri, "ListObjectsV2", err)
	}
	// Without s3:ListBucket the key can only be read as an object.
	if denied || len(out.Contents) > 0 && aws.ToString(out.Contents[0].Key) == key {
		opts.Remote = c.Remote()
		return inventory.Open(ctx, uri, opts)
	}
	if len(out.Contents) == 0 {
		return nil, &located{uri, fmt.Errorf("%w, and no key begins with it: name a manifest.json, a data file, or a bucket or prefix to list (s3://%s/ lists the bucket)", &notFound{"object"}, bucket)}
	}
	return c.List(ctx, uri, lo)
}

// List returns the live listing of the bucket, or the keys under the
// prefix, that uri names (s3://bucket[/prefix]), as a source of one file
// whose records are the objects (or versions and delete markers) in the
// order S3 lists them, with their tags when lo.Tags is set. Its Format and
// Columns are those of the matching aws s3api output, and a listing says
// no more than that output: no encryption status, no Intelligent-Tiering
// access tier. Listing starts when the records are read; a request that
// fails ends them with a *field.Error naming uri.
func (c *Client) List(ctx context.Context, uri string, lo ListOptions) (*inventory.Source, error) {
	if err := c.Check(ctx); err != nil {
		return nil, err
	}
	bucket, prefix, err := parseURI(uri)
	if err != nil {
		return nil, err
	}
	if lo.MaxRequests <= 0 {
		lo.MaxRequests = DefaultMaxRequests
	}
	src := &inventory.Source{Name: uri, Format: inventory.FormatListObjectsV2,
		Columns: inventory.ColBucket | inventory.ColKey | inventory.ColSize | inventory.ColLastModified | inventory.ColStorageClass}
	op := "ListObjectsV2"
	if lo.Versions {
		src.Format = inventory.FormatListObjectVersions
		src.Columns |= inventory.ColVersionID | inventory.ColIsLatest | inventory.ColIsDeleteMarker
		op = "ListObjectVersions"
	}
	c.stats.expect(op)
	c.stats.expect("GetObjectTagging") // reported as 0 when tags are not needed
	if lo.Tags {
		src.Columns |= inventory.ColTags
	}
	src.Files = []inventory.File{&listing{c: c, uri: uri, bucket: bucket, prefix: prefix, opts: lo}}
	return src, nil
}

// listing is a live listing, read as one file.
type listing struct {
	c              *Client
	uri            string
	bucket, prefix string
	opts           ListOptions
}

func (l *listing) Name() string     { return l.uri }
func (l *listing) Size() int64      { return -1 }
func (l *listing) BytesRead() int64 { return 0 }

func (l *listing) Records(ctx context.Context) iter.Seq2[*inventory.Record, error] {
	return func(yield func(*inventory.Record, error) bool) {
		rec := new(inventory.Record)
		n := 0
		page := func(objs []scope.Object) bool {
			if l.opts.Tags {
				if err := l.tags(ctx, objs); err != nil {
					yield(nil, &field.Error{File: l.uri, Code: field.Unreadable, Err: err})
					return false
				}
			}
			for i := range objs {
				n++
				rec.Object, rec.Pos = objs[i], inventory.Position{File: l.uri, Line: n}
				if !yield(rec, nil) {
					return false
				}
			}
			return true
		}
		fail := func(op string, err error) {
			if ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			yield(nil, &field.Error{File: l.uri, Code: field.Unreadable, Err: problem(op, err)})
		}
		var prefix *string
		if l.prefix != "" {
			prefix = &l.prefix
		}
		if l.opts.Versions {
			p := s3.NewListObjectVersionsPaginator(l.c.s3, &s3.ListObjectVersionsInput{Bucket: &l.bucket, Prefix: prefix})
			for p.HasMorePages() {
				out, err := p.NextPage(ctx)
				if err != nil {
					fail("ListObjectVersions", err)
					return
				}
				objs := make([]scope.Object, 0, len(out.Versions)+len(out.DeleteMarkers))
				for _, v := range out.Versions {
					objs = append(objs, s3record.ObjectVersion(l.bucket, v))
				}
				for _, d := range out.DeleteMarkers {
					objs = append(objs, s3record.DeleteMarker(l.bucket, d))
				}
				if !page(objs) {
					return
				}
			}
			return
		}
		p := s3.NewListObjectsV2Paginator(l.c.s3, &s3.ListObjectsV2Input{Bucket: &l.bucket, Prefix: prefix})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("ListObjectsV2", err)
				return
			}
			objs := make([]scope.Object, len(out.Contents))
			for i, o := range out.Contents {
				objs[i] = s3record.Object(l.bucket, o)
			}
			if !page(objs) {
				return
			}
		}
	}
}

// tags sets the tags of objs with GetObjectTagging, at most
// opts.MaxRequests at once; delete markers have none. The first error is
// returned.
func (l *listing) tags(ctx context.Context, objs []scope.Object) error {
	sem := make(chan struct{}, l.opts.MaxRequests)
	var wg sync.WaitGroup
	errs := make([]error, len(objs))
	for i := range objs {
		o := &objs[i]
		if o.IsDeleteMarker {
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			in := &s3.GetObjectTaggingInput{Bucket: &l.bucket, Key: &o.Key}
			if l.opts.Versions && o.VersionID != "" {
				in.VersionId = &o.VersionID
			}
			out, err := l.c.s3.GetObjectTagging(ctx, in)
			if err != nil {
				op := "GetObjectTagging"
				if in.VersionId != nil {
					op = "GetObjectVersionTagging"
				}
				errs[i] = describe("s3://"+l.bucket+"/"+o.Key, op, err)
				return
			}
			o.Tags = tagMap(out.TagSet)
		}()
	}
	wg.Wait()
	return firstErr(errs)
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// tagMap is a tag set as a record has it: nil when empty.
func tagMap(set []types.Tag) map[string]string {
	if len(set) == 0 {
		return nil
	}
	m := make(map[string]string, len(set))
	for _, t := range set {
		k, v := "", ""
		if t.Key != nil {
			k = *t.Key
		}
		if t.Value != nil {
			v = *t.Value
		}
		m[k] = v
	}
	return m
}
