package criteria

import (
	"github.com/jobscope/jobscope/field"
)

// definitions selects the buckets a static job names: a bucket matches
// when some definition lists its account and its name, exactly and
// case-sensitively (docs/semantics.md, "Bucket criteria": no pattern
// matching).
type definitions struct {
	path  field.Path
	defs  []S3BucketDefinitionForJob
	index map[accountBucket]listing // the first listing of each bucket
}

type accountBucket struct{ account, bucket string }

// listing is where a bucket is listed: bucketDefinitions[def].buckets[bucket].
type listing struct{ def, bucket int }

func compileDefinitions(defs []S3BucketDefinitionForJob, p field.Path) *definitions {
	m := &definitions{path: p, index: map[accountBucket]listing{}}
	for i, d := range defs {
		for j, b := range d.Buckets {
			k := accountBucket{d.AccountID, b}
			if _, dup := m.index[k]; !dup {
				m.index[k] = listing{i, j}
			}
		}
		m.defs = append(m.defs, S3BucketDefinitionForJob{AccountID: d.AccountID, Buckets: append([]string(nil), d.Buckets...)})
	}
	return m
}

// validateDefinitions reports the problems of bucket definitions at p that
// are not per-job quotas.
func validateDefinitions(defs []S3BucketDefinitionForJob, p field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, d := range defs {
		ip := p.Index(i)
		if d.AccountID == "" {
			errs = append(errs, field.New(ip.Child("accountId"), field.Required, "accountId is required: the account that owns the buckets"))
		}
		if len(d.Buckets) == 0 {
			errs = append(errs, field.New(ip.Child("buckets"), field.TooFew, "buckets needs at least one bucket name"))
		}
		for k, b := range d.Buckets {
			if b == "" {
				errs = append(errs, field.New(ip.Child("buckets").Index(k), field.InvalidValue, "a bucket name must not be empty"))
			}
		}
	}
	return errs
}

func (m *definitions) match(b *BucketMetadata) bool {
	if b == nil {
		return false
	}
	_, ok := m.index[accountBucket{b.AccountID, b.BucketName}]
	return ok
}

// explain reports which definition lists b, if any. The one verdict is an
// include condition with field "BUCKET" at the path of the listing bucket
// name, or at the definitions' path when none lists b.
func (m *definitions) explain(b *BucketMetadata) Explanation {
	actual := []string{}
	if b != nil {
		actual = []string{b.AccountID + "/" + b.BucketName}
	}
	path := m.path.String()
	v := Verdict{Path: path, Block: Includes, Field: "BUCKET", Comparator: EQ, Actual: actual, Expected: []string{}}
	for _, d := range m.defs {
		for _, name := range d.Buckets {
			v.Expected = append(v.Expected, d.AccountID+"/"+name)
		}
	}
	if b != nil {
		if at, ok := m.index[accountBucket{b.AccountID, b.BucketName}]; ok {
			v.Result = true
			v.Path = m.path.Index(at.def).Child("buckets").Index(at.bucket).String()
		}
	}
	if !v.Result {
		v.Note = "no bucket definition lists this account and bucket name"
	}
	ex := Decide([]Verdict{v}, JoinAND, "bucket")
	if ex.Match {
		ex.Decision = "bucket selected: listed at " + v.Path
	} else {
		ex.Decision = "bucket not selected: no entry of " + path + " lists it"
	}
	return ex
}
