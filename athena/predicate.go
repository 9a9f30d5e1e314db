package athena

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/scope"
)

// This file translates the job's conditions into SQL over the object row o
// (the objects CTE) and the bucket row b (the bucket metadata table).
// Every condition is true or false, never NULL: a NULL is coalesced to
// what the dry run decides without the value, so that NOT over the
// excludes is exact.
//
//   - bucket: bucket definitions become an IN list of bucket names; with
//     a bucket metadata table, a bucket the table has is selected when a
//     definition lists its account and name. Bucket criteria are
//     evaluated over the bucket metadata table, joined by bucket name: a
//     bucket it lacks is BUCKET_NOT_IN_INVENTORY. Tag criteria of a
//     bucket whose errorCode is BUCKET_COUNT_EXCEEDS_QUOTA fail with EQ
//     and hold with NE.
//   - scope: includes AND-joined, excludes joined by excludeJoin. The
//     extension is derived as scope.Extension does, by either
//     extensionRule; sizes are compared as bigints; dates to the second
//     (lastModifiedPrecision SECOND) or exactly.
//   - eligibility: storage class and archive tier, file type (the
//     extension after the last dot, lower-cased in ASCII) with its size
//     quota, SSE-C (and SSE-KMS with kmsKeysAccessible false).
//   - increment: a scheduled run's window, last_modified at or before the
//     run's start and after (or at) the lower bound.

// scopeBlocks are the include and exclude blocks of the scoping, each
// condition with its path: the includes AND-joined ("true" for none),
// the excludes joined by excludeJoin ("false" for none).
func (g *gen) scopeBlocks() (incl, excl string) {
	p := g.scoping
	var in, ex []string
	for _, c := range p.Includes {
		in = append(in, g.scopeTerm(&c)+" -- "+comment(c.Path))
	}
	for _, c := range p.Excludes {
		ex = append(ex, g.scopeTerm(&c)+" -- "+comment(c.Path))
	}
	incl, excl = "true", "false"
	if len(in) > 0 {
		incl = "(\n      " + strings.Join(in, "\n      AND ") + "\n    )"
	}
	if len(ex) > 0 {
		excl = "( -- excludeJoin " + string(p.ExcludeJoin) + "\n      " + strings.Join(ex, "\n      "+joinOp(p.ExcludeJoin)+" ") + "\n    )"
	}
	return incl, excl
}

func joinOp(j criteria.Join) string {
	if j == criteria.JoinOR {
		return "OR"
	}
	return "AND"
}

// scopeTerm renders one scoping condition over the object row o.
func (g *gen) scopeTerm(c *scope.Condition) string {
	ne := c.Comparator == criteria.NE
	if c.Kind == scope.TagScopeTermKind {
		var ors []string
		for _, p := range c.Tags {
			v := g.d.elementAt("o.object_tags", str(p.Key))
			if p.Value == "" {
				ors = append(ors, v+" IS NOT NULL")
			} else {
				ors = append(ors, g.d.fn("coalesce", v+" = "+str(p.Value), "false"))
			}
		}
		any := "(" + strings.Join(ors, " OR ") + ")"
		if ne {
			return "NOT " + any
		}
		return any
	}
	switch c.Key {
	case scope.ObjectKey:
		var ors []string
		for _, v := range c.Values {
			ors = append(ors, g.d.fn("starts_with", "o.key", str(v)))
		}
		return "(" + strings.Join(ors, " OR ") + ")"
	case scope.ObjectExtension:
		if ne {
			noExt := g.scoping.NoExtensionNE != scope.NoExtensionNoMatch
			return g.d.fn("coalesce", g.ext+" NOT IN "+strList(c.Extensions), strconv.FormatBool(noExt)) + " -- no extension: noExtensionNE " + string(g.scoping.NoExtensionNE)
		}
		return g.d.fn("coalesce", g.ext+" IN "+strList(c.Extensions), "false") + " -- no extension: false"
	case scope.ObjectSize:
		if (c.Comparator == criteria.GT && c.Size == math.MaxInt64) || !ordered(c.Comparator) {
			return "false"
		}
		return "o.size " + sqlOp(c.Comparator) + " " + strconv.FormatInt(c.Size, 10)
	case scope.ObjectLastModifiedDate:
		if !ordered(c.Comparator) {
			return "false"
		}
		return g.lastModified(c.Comparator, c.Date)
	}
	return "false"
}

// lastModified compares the object's last modified time with a scope
// term's date, to the second or exactly (lastModifiedPrecision). To the
// second, floor(t) op D, D whole seconds, is a range on t.
func (g *gen) lastModified(op criteria.JobComparator, d time.Time) string {
	cmp := func(op criteria.JobComparator, t time.Time) string { return compareTime(g.d, "o.last_modified", op, t) }
	if g.scoping.LastModifiedPrecision == scope.Exact {
		return cmp(op, d)
	}
	d1 := d.Add(time.Second)
	switch op {
	case criteria.EQ:
		return "(" + cmp(criteria.GTE, d) + " AND " + cmp(criteria.LT, d1) + ")"
	case criteria.NE:
		return "(" + cmp(criteria.LT, d) + " OR " + cmp(criteria.GTE, d1) + ")"
	case criteria.GT:
		return cmp(criteria.GTE, d1)
	case criteria.GTE:
		return cmp(criteria.GTE, d)
	case criteria.LT:
		return cmp(criteria.LT, d)
	default: // LTE
		return cmp(criteria.LT, d1)
	}
}

func ordered(c criteria.JobComparator) bool {
	switch c {
	case criteria.EQ, criteria.NE, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE:
		return true
	}
	return false
}

func sqlOp(c criteria.JobComparator) string {
	switch c {
	case criteria.EQ:
		return "="
	case criteria.NE:
		return "<>"
	case criteria.GT:
		return ">"
	case criteria.GTE:
		return ">="
	case criteria.LT:
		return "<"
	}
	return "<="
}

// bucketJoin reports whether the queries join the bucket metadata.
func (g *gen) bucketJoin() bool { return g.bt.Name != "" }

// bucketSelected is the bucket stage's verdict for a row b of the bucket
// table.
func (g *gen) bucketSelected() string {
	if g.criteria == nil {
		// bucket definitions: the account and the name
		var ors []string
		for _, d := range g.job.S3JobDefinition.BucketDefinitions {
			ors = append(ors, "("+g.d.fn("coalesce", "b."+ident("accountid"), "''")+" = "+str(d.AccountID)+
				" AND b."+ident("bucketname")+" IN "+strList(dedup(d.Buckets))+")")
		}
		if len(ors) == 0 {
			return "false"
		}
		return g.d.fn("coalesce", strings.Join(ors, "\n      OR "), "false")
	}
	const indent = "      "
	p := g.criteria
	in := "true"
	if len(p.Includes) > 0 {
		in = "(" + g.criteriaJoined(p.Includes, "AND", indent) + ")"
	}
	if len(p.Excludes) == 0 {
		return in
	}
	return "(" + in + "\n" + indent + "AND NOT (" + g.criteriaJoined(p.Excludes, joinOp(p.ExcludeJoin), indent) + "))"
}

// criteriaJoined joins bucket criteria by op, each after a comment with its
// path.
func (g *gen) criteriaJoined(cs []criteria.Condition, op, indent string) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = "-- " + c.Path + "\n" + indent + g.criterion(&c)
	}
	return strings.Join(out, "\n"+indent+op+" ")
}

// criterion renders one bucket criterion over the bucket row b.
func (g *gen) criterion(c *criteria.Condition) string {
	ne := c.Comparator == criteria.NE
	if c.Tags != nil {
		var ors []string
		for _, t := range c.Tags {
			k := g.d.fn("coalesce", `t."key"`, "''") + " = " + str(t.Key)
			v := g.d.fn("coalesce", `t."value"`, "''") + " = " + str(t.Value)
			switch t.Match {
			case criteria.TagMatchKey:
				ors = append(ors, k)
			case criteria.TagMatchValue:
				ors = append(ors, v)
			default:
				ors = append(ors, "("+k+" AND "+v+")")
			}
		}
		any := g.d.fn("coalesce", g.d.anyMatch("b."+ident("tags"), "t", strings.Join(ors, " OR ")), "false")
		if ne {
			any = "NOT " + any
		}
		// tags Macie did not collect: EQ fails, NE holds
		return "CASE WHEN " + g.d.fn("coalesce", "b."+ident("errorcode"), "''") + " = 'BUCKET_COUNT_EXCEEDS_QUOTA' THEN " +
			strconv.FormatBool(ne) + " ELSE " + any + " END"
	}
	var v string
	switch c.Key {
	case criteria.AccountID:
		v = "b." + ident("accountid")
	case criteria.S3BucketName:
		v = "b." + ident("bucketname")
	case criteria.S3BucketEffectivePermission:
		v = "b." + ident("publicaccess") + "." + ident("effectivepermission")
	case criteria.S3BucketSharedAccess:
		v = "b." + ident("sharedaccess")
	default:
		v = "''"
	}
	op := "IN"
	if ne {
		op = "NOT IN"
	}
	return g.d.fn("coalesce", v, "''") + " " + op + " " + strList(c.Values)
}

func dedup(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// bucketDenied is whether the objects of a row b of the bucket table are
// skipped because its metadata has errorCode ACCESS_DENIED.
func (g *gen) bucketDenied() string {
	if g.engine.AccessDeniedBuckets == jobscope.AccessDeniedScan {
		return "false"
	}
	return g.d.fn("coalesce", "b."+ident("errorcode"), "''") + " = '" + criteria.ErrorCodeAccessDenied + "'"
}

// bucketStage is the bucket stage's condition on an object row o (and bs,
// the bucket_stage row of its bucket, when joined).
func (g *gen) bucketStage() string {
	if g.criteria != nil {
		return "bs.bucket_name IS NOT NULL AND " + g.selected
	}
	var names []string
	for _, d := range g.job.S3JobDefinition.BucketDefinitions {
		names = append(names, d.Buckets...)
	}
	in := "o.bucket IN " + strList(dedup(names))
	if !g.bucketJoin() {
		return in
	}
	return "CASE WHEN bs.bucket_name IS NULL THEN " + in + " ELSE " + g.selected + " END"
}

// extension is the extension of name by rule, NULL for none.
func (g *gen) extension(name string, rule scope.ExtensionRule) string {
	pos := g.d.fn("strpos", name, "'.'")
	if rule == scope.FirstDot {
		return "CASE WHEN " + pos + " > 0 AND " + g.d.fn("substr", name, g.d.fn("length", name)) + " <> '.' THEN " +
			g.d.fn("substr", name, pos+" + 1") + " END"
	}
	return "CASE WHEN " + pos + " > 0 THEN " + g.d.fn("nullif", g.d.lastSegment(name, "."), "''") + " END"
}

// fileTypeLimits is the largest analyzable size of the row's file_type,
// NULL for an unsupported one: a map looked up once (a CASE file_type
// WHEN … would repeat the file_type expression once per format wherever
// the engine inlines it).
func (g *gen) fileTypeLimits() string {
	e := scope.NewEligibility(g.engine.Eligibility)
	var exts []string
	seen := map[string]bool{}
	for _, f := range scope.SupportedFileFormats() {
		exts = append(exts, f.Extension)
		seen[f.Extension] = true
	}
	for _, x := range g.engine.Eligibility.ExtraTextExtensions {
		x = asciiLower(x)
		if x != "" && !seen[x] {
			seen[x] = true
			exts = append(exts, x)
		}
	}
	keys := make([]string, len(exts))
	vals := make([]string, len(exts))
	for i, x := range exts {
		limit, _ := e.Limit(x)
		keys[i] = str(x)
		vals[i] = strconv.FormatInt(limit, 10)
	}
	return g.d.elementAt(g.d.mapOf(keys, vals), "file_type")
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// eligibility is the eligibility stage's five checks.
func (g *gen) eligibility() (class, tier, fileType, size, encryption string) {
	var classes, archived []string
	for _, c := range scope.SupportedStorageClasses() {
		classes = append(classes, string(c))
	}
	for _, t := range scope.AccessTier("").Values() {
		if t.Archived() {
			archived = append(archived, string(t))
		}
	}
	enc := []string{string(scope.SSEC)}
	if g.engine.Eligibility.KMSKeysInaccessible {
		enc = append(enc, string(scope.SSEKMS), string(scope.DSSEKMS))
	}
	return "o.storage_class IN " + strList(classes),
		"NOT (o.storage_class = '" + string(scope.IntelligentTiering) + "' AND o.access_tier IN " + strList(archived) + ")",
		g.limit + " IS NOT NULL",
		"o.size <= " + g.limit,
		"o.encryption_status NOT IN " + strList(enc)
}

// windowChecks are the increment stage's checks: at or before the run's
// start (upper), after the previous run (lower); empty when none.
func (g *gen) windowChecks() (upper, lower string) {
	if !g.windowed {
		return "", ""
	}
	w := g.window
	upper = compareTime(g.d, "o.last_modified", criteria.LTE, w.Upper)
	if !w.Lower.IsZero() {
		op := criteria.GT
		if w.LowerInclusive {
			op = criteria.GTE
		}
		lower = compareTime(g.d, "o.last_modified", op, w.Lower)
	}
	return upper, lower
}
