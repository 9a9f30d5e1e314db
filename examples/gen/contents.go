// The generators of the demo buckets' objects, one function per bucket.

package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/jobscope/jobscope/scope"
)

func (g *gen) appLogs() *bucket {
	b := &bucket{Name: "acme-app-logs", Created: time.Date(2021, 3, 2, 16, 41, 7, 0, time.UTC),
		Tags:   [][2]string{{"environment", "prod"}, {"team", "platform"}, {"data-classification", "internal"}},
		Shared: "NOT_SHARED", SSE: "AES256", AllowsUnencrypted: "TRUE", Sensitivity: 12, Files: 1}
	const lb = "app.acme-web-prod.5f3a9c1e2b7d4a60"
	nodes := []string{"10.0.12.34", "10.0.13.201", "10.0.14.77"}
	pods := []string{"7f9c6d8b5-xk2lp", "7f9c6d8b5-q8zrt", "7f9c6d8b5-mm4vd", "5d8f7c9a1-hb2nc", "5d8f7c9a1-t7wqs", "5d8f7c9a1-zp3ke"}
	days(func(d time.Time) {
		// Load balancer access logs, every five minutes per node (a sample
		// of them, to keep the demo small).
		for range g.between(6, 10) {
			t := g.at(d, 0, 24).Truncate(5 * time.Minute).Add(5 * time.Minute)
			node := pick(g, nodes...)
			key := fmt.Sprintf("AWSLogs/%s/elasticloadbalancing/us-east-1/%s/%s_elasticloadbalancing_us-east-1_%s_%sZ_%s_%s.log.gz",
				account, t.Format("2006/01/02"), account, lb, t.Format("20060102T1504"), node, g.chars(lowerAN, 8))
			g.put(b, scope.Object{Key: key, Size: g.size(20<<10, 6<<20), LastModified: t.Add(time.Duration(g.r.IntN(240)) * time.Second),
				StorageClass: lifecycle(t), EncryptionStatus: scope.SSES3})
		}
		// CloudTrail.
		for range g.between(6, 10) {
			t := g.at(d, 0, 24).Truncate(5 * time.Minute)
			key := fmt.Sprintf("AWSLogs/%s/CloudTrail/us-east-1/%s/%s_CloudTrail_us-east-1_%sZ_%s.json.gz",
				account, t.Format("2006/01/02"), account, t.Format("20060102T1504"), g.chars(alnum, 16))
			g.put(b, scope.Object{Key: key, Size: g.size(2<<10, 800<<10), LastModified: t.Add(time.Duration(60+g.r.IntN(600)) * time.Second),
				StorageClass: lifecycle(t), EncryptionStatus: scope.SSEKMS})
		}
		// Application logs: plain text per pod, JSON per worker, the nightly
		// report.
		day := d.Format("2006/01/02")
		for _, i := range g.r.Perm(len(pods))[:g.between(3, 5)] {
			t := g.at(d.AddDate(0, 0, 1), 0, 1)
			g.put(b, scope.Object{Key: "app/api/" + day + "/api-server-" + pods[i] + ".log", Size: g.size(100<<10, 300<<20),
				LastModified: t, StorageClass: lifecycle(t), EncryptionStatus: scope.SSES3})
		}
		for w := range g.between(2, 4) {
			t := g.at(d.AddDate(0, 0, 1), 0, 1)
			g.put(b, scope.Object{Key: fmt.Sprintf("app/worker/%s/worker-%d.json.gz", day, w+1), Size: g.size(50<<10, 80<<20),
				LastModified: t, StorageClass: lifecycle(t), EncryptionStatus: scope.SSES3})
		}
		t := g.at(d, 2, 3)
		g.put(b, scope.Object{Key: "app/cron/" + d.Format("2006-01-02") + "/nightly-report.txt", Size: g.size(2<<10, 200<<10),
			LastModified: t, StorageClass: lifecycle(t), EncryptionStatus: scope.SSES3})
		// Athena query results and their metadata files.
		if g.chance(0.8) {
			t := g.at(d, 8, 19)
			id := g.uuid()
			p := "athena-results/" + day + "/" + id
			g.put(b, scope.Object{Key: p + ".csv", Size: g.size(200, 40<<20), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3})
			g.put(b, scope.Object{Key: p + ".csv.metadata", Size: g.size(200, 4<<10), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3})
		}
	})
	// Heap dumps taken while debugging, tagged as test data.
	for range 18 {
		t := g.anytime(dataStart, dataEnd)
		g.put(b, scope.Object{Key: "debug/heapdumps/api-server-" + pick(g, pods...) + "-" + t.Format("2006-01-02T15-04-05") + ".hprof",
			Size: g.size(400<<20, 6<<30), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3,
			Tags: map[string]string{"env": "test"}})
	}
	return b
}

// ---- acme-analytics-data: the data lake ----

func (g *gen) analytics() *bucket {
	b := &bucket{Name: "acme-analytics-data", Created: time.Date(2021, 9, 14, 9, 3, 52, 0, time.UTC),
		Tags:   [][2]string{{"environment", "prod"}, {"team", "data"}, {"data-classification", "confidential"}},
		Shared: "INTERNAL", SSE: "aws:kms", KMSKey: "arn:aws:kms:us-east-1:" + account + ":key/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
		AllowsUnencrypted: "TRUE", Sensitivity: 64, Files: 2}
	// Raw data older than 18 months moves to S3 Glacier Flexible Retrieval.
	rawClass := func(t time.Time) scope.StorageClass {
		if t.Before(time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)) {
			return scope.Glacier
		}
		return scope.Standard
	}
	kms := scope.SSEKMS
	partition := func(d time.Time) string { return d.Format("year=2006/month=01/day=02") }
	tasks := []string{"extract", "transform", "load", "quality_checks"}
	days(func(d time.Time) {
		// Spark output: Parquet parts of one run share its id, with a
		// _SUCCESS marker (empty, no extension).
		run := g.uuid()
		t := g.at(d.AddDate(0, 0, 1), 1, 3)
		p := "raw/events/" + partition(d) + "/"
		for i := range g.between(5, 9) {
			g.put(b, scope.Object{Key: fmt.Sprintf("%spart-%05d-%s-c000.snappy.parquet", p, i, run), Size: g.size(4<<20, 600<<20),
				LastModified: t.Add(time.Duration(i*20+g.r.IntN(20)) * time.Second), StorageClass: rawClass(t), EncryptionStatus: kms})
		}
		g.put(b, scope.Object{Key: p + "_SUCCESS", Size: 0, LastModified: t.Add(10 * time.Minute), StorageClass: rawClass(t), EncryptionStatus: kms})
		// Kinesis Data Firehose delivery: YYYY/MM/DD/HH prefixes.
		for range g.between(8, 12) {
			t := g.at(d, 0, 24)
			key := fmt.Sprintf("raw/clickstream/%s/acme-clickstream-prod-1-%s-%s.gz", t.Format("2006/01/02/15"), t.Format("2006-01-02-15-04-05"), g.uuid())
			g.put(b, scope.Object{Key: key, Size: g.size(1<<20, 128<<20), LastModified: t.Add(5 * time.Minute), StorageClass: rawClass(t), EncryptionStatus: kms})
		}
		// Curated tables.
		t = g.at(d.AddDate(0, 0, 1), 3, 5)
		g.put(b, scope.Object{Key: "curated/orders/" + d.Format("year=2006/month=01") + "/orders_" + d.Format("2006-01-02") + ".csv",
			Size: g.size(1<<20, 60<<20), LastModified: t, StorageClass: scope.IntelligentTiering, IntelligentTieringAccessTier: curatedTier(d, false),
			EncryptionStatus: kms})
		g.put(b, scope.Object{Key: "curated/events_enriched/" + partition(d) + "/events-00000.jsonl",
			Size: g.size(5<<20, 900<<20), LastModified: t.Add(17 * time.Minute), StorageClass: scope.IntelligentTiering,
			IntelligentTieringAccessTier: curatedTier(d, true), EncryptionStatus: kms})
		// Airflow task logs: run ids contain ':' and '+'.
		for _, task := range tasks {
			runID := "scheduled__" + d.Format("2006-01-02") + "T00:00:00+00:00"
			attempts := 1
			if g.chance(0.05) {
				attempts = 2
			}
			for a := 1; a <= attempts; a++ {
				t := g.at(d.AddDate(0, 0, 1), 0, 4)
				g.put(b, scope.Object{Key: fmt.Sprintf("airflow/logs/dag_id=daily_orders/run_id=%s/task_id=%s/attempt=%d.log", runID, task, a),
					Size: g.size(2<<10, 3<<20), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms})
			}
		}
		if g.chance(0.1) {
			t := g.at(d, 9, 18)
			runID := "manual__" + t.Format("2006-01-02T15:04:05") + fmt.Sprintf(".%06d", g.r.IntN(1000000)) + "+00:00"
			g.put(b, scope.Object{Key: "airflow/logs/dag_id=daily_orders/run_id=" + runID + "/task_id=extract/attempt=1.log",
				Size: g.size(2<<10, 3<<20), LastModified: t.Add(time.Minute), StorageClass: scope.Standard, EncryptionStatus: kms})
		}
		// Structured-streaming checkpoints: keys without an extension.
		if g.chance(0.3) {
			t := g.at(d, 0, 24)
			g.put(b, scope.Object{Key: fmt.Sprintf("raw/clickstream/_checkpoint/offsets/%d", d.Sub(dataStart)/(24*time.Hour)),
				Size: g.size(400, 2<<10), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms})
		}
		// Partner drops, encrypted with the partner's own key (SSE-C).
		if d.Weekday() == time.Tuesday || d.Weekday() == time.Friday {
			t := g.at(d, 5, 7)
			g.put(b, scope.Object{Key: "partner-share/inbound/globex/" + d.Format("2006-01-02") + "/customers_delta.csv",
				Size: g.size(100<<10, 50<<20), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: scope.SSEC})
		}
		// Dashboard screenshots for the weekly report.
		if d.Weekday() == time.Monday {
			t := g.at(d, 7, 8)
			for _, name := range []string{"revenue", "funnel"} {
				g.put(b, scope.Object{Key: "dashboards/screenshots/" + name + "-" + d.Format("2006-01-02") + ".png",
					Size: g.size(150<<10, 3<<20), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms,
					Tags: map[string]string{"project": "revenue-dashboard"}})
			}
		}
	})
	partners := [][2]string{
		{"Müller GmbH", "Umsätze %s.csv"},
		{"Société Générale", "rapport mensuel %s.pdf"},
		{"北京数据科技", "月度报告 %s.xlsx"},
	}
	months(func(m time.Time) {
		ym := m.Format("2006-01")
		next := m.AddDate(0, 1, 0)
		t := g.at(next, 4, 6)
		if t.After(dataEnd) {
			return
		}
		part := m.Format("year=2006/month=01")
		g.put(b, scope.Object{Key: "curated/customers/" + part + "/customers_snapshot.parquet", Size: g.size(50<<20, 400<<20),
			LastModified: t, StorageClass: scope.IntelligentTiering, EncryptionStatus: kms, Tags: map[string]string{"project": "churn-model"}})
		g.put(b, scope.Object{Key: "curated/customers/" + part + "/customers_snapshot.csv", Size: g.size(80<<20, 700<<20),
			LastModified: t, StorageClass: scope.IntelligentTiering, EncryptionStatus: kms, Tags: map[string]string{"project": "churn-model"}})
		for i := range g.between(40, 60) {
			g.put(b, scope.Object{Key: fmt.Sprintf("curated/sessions/%s/part-%05d.snappy.parquet", part, i), Size: g.size(8<<20, 300<<20),
				LastModified: t.Add(time.Duration(i) * 13 * time.Second), StorageClass: scope.IntelligentTiering, EncryptionStatus: kms})
		}
		g.put(b, scope.Object{Key: "curated/products/" + part + "/products.json", Size: g.size(200<<10, 8<<20),
			LastModified: t, StorageClass: scope.IntelligentTiering, EncryptionStatus: kms})
		t = g.at(next, 9, 17)
		g.put(b, scope.Object{Key: "exports/finance/monthly_revenue_" + ym + ".xlsx", Size: g.size(200<<10, 20<<20),
			LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms, Tags: map[string]string{"project": "revenue-dashboard"}})
		for _, p := range partners {
			g.put(b, scope.Object{Key: "exports/partners/" + p[0] + "/" + fmt.Sprintf(p[1], ym), Size: g.size(100<<10, 30<<20),
				LastModified: t.Add(time.Duration(g.r.IntN(3600)) * time.Second), StorageClass: scope.Standard, EncryptionStatus: kms})
		}
		// Event archives from before the data lake, in Glacier Deep Archive.
		if m.Year() == 2023 {
			for _, y := range []int{2021, 2022} {
				g.put(b, scope.Object{Key: fmt.Sprintf("archive/raw/events/%d/events-%d-%s.tar.gz", y, y, m.Format("01")),
					Size: g.size(2<<30, 7<<30), LastModified: g.at(time.Date(2023, 2, 6, 0, 0, 0, 0, time.UTC), 10, 16),
					StorageClass: scope.DeepArchive, EncryptionStatus: scope.SSES3})
			}
		}
	})
	// Models: each version a tarball, its metadata and the raw weights.
	for v := 1; v <= 40; v++ {
		t := g.anytime(dataStart.Add(time.Duration(v-1)*(dataEnd.Sub(dataStart)/40)), dataStart.Add(time.Duration(v)*(dataEnd.Sub(dataStart)/40)))
		p := fmt.Sprintf("models/churn/v%d/", v)
		tags := map[string]string{"project": "churn-model"}
		g.put(b, scope.Object{Key: p + "model.tar.gz", Size: g.size(50<<20, 900<<20), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms, Tags: tags})
		g.put(b, scope.Object{Key: p + "metadata.json", Size: g.size(1<<10, 20<<10), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms, Tags: tags})
		g.put(b, scope.Object{Key: p + "weights.bin", Size: g.size(100<<20, 2<<30), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms, Tags: tags})
	}
	// Notebooks (not a format Macie reads) and analysts' sandboxes, mostly
	// tagged as test data.
	users := []string{"alice", "bob", "chen.wei", "dmitri", "fatima", "jose.garcia"}
	titles := []string{"churn analysis", "cohort retention", "revenue forecast", "funnel deep dive", "pricing test", "NPS survey", "data quality check", "LTV model"}
	for range 90 {
		t := g.anytime(dataStart, dataEnd)
		g.put(b, scope.Object{Key: "notebooks/" + pick(g, users...) + "/" + pick(g, "Q1", "Q2", "Q3", "Q4") + " " + pick(g, titles...) + " " + t.Format("2006") + ".ipynb",
			Size: g.size(20<<10, 15<<20), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms})
	}
	for range 700 {
		t := g.anytime(dataStart, dataEnd)
		u := pick(g, users...)
		name := strings.ReplaceAll(pick(g, titles...), " ", "_") + "_" + t.Format("20060102")
		key := "sandbox/" + u + "/" + name + pick(g, ".csv", ".csv", ".parquet", ".json", ".xlsx", ".txt")
		o := scope.Object{Key: key, Size: g.size(1<<10, 500<<20), LastModified: t, StorageClass: scope.Standard, EncryptionStatus: kms}
		if g.chance(0.85) {
			o.Tags = map[string]string{"env": "test", "owner": u}
		}
		g.put(b, o)
	}
	// Full warehouse dumps, beyond Macie's 8 GB quota for .gz and .parquet.
	g.put(b, scope.Object{Key: "exports/warehouse-dump/orders_full_2024-06-30.csv.gz", Size: 9_663_676_416,
		LastModified: time.Date(2024, 7, 1, 3, 12, 45, 0, time.UTC), StorageClass: scope.Standard, EncryptionStatus: kms})
	g.put(b, scope.Object{Key: "exports/warehouse-dump/events_full_2024-06-30.parquet", Size: 9_126_805_504,
		LastModified: time.Date(2024, 7, 1, 4, 48, 2, 0, time.UTC), StorageClass: scope.Standard, EncryptionStatus: kms})
	g.put(b, scope.Object{Key: "exports/adhoc/Q1 2024 cohort analysis (final).xlsx", Size: 3_481_920,
		LastModified: time.Date(2024, 4, 9, 14, 2, 11, 0, time.UTC), StorageClass: scope.Standard, EncryptionStatus: kms})
	g.put(b, scope.Object{Key: "README.md", Size: 6_214, LastModified: time.Date(2023, 3, 20, 11, 30, 0, 0, time.UTC),
		StorageClass: scope.Standard, EncryptionStatus: kms})
	g.put(b, scope.Object{Key: "config/pipelines.yaml", Size: 18_233, LastModified: time.Date(2024, 10, 28, 16, 5, 41, 0, time.UTC),
		StorageClass: scope.Standard, EncryptionStatus: kms})
	g.put(b, scope.Object{Key: "manifests/latest", Size: 1_024, LastModified: time.Date(2024, 11, 30, 23, 10, 0, 0, time.UTC),
		StorageClass: scope.Standard, EncryptionStatus: kms})
	return b
}

// ---- acme-finance-docs: versioned documents ----

func (g *gen) finance() *bucket {
	b := &bucket{Name: "acme-finance-docs", Created: time.Date(2020, 6, 22, 13, 17, 26, 0, time.UTC), Versioned: true,
		Tags:   [][2]string{{"environment", "prod"}, {"team", "finance"}, {"data-classification", "restricted"}},
		Shared: "NOT_SHARED", SSE: "aws:kms", KMSKey: "arn:aws:kms:us-east-1:" + account + ":key/2b7e6c1a-5d4f-4e3b-9a8c-7d6e5f4a3b2c",
		AllowsUnencrypted: "FALSE", ReplicatedTo: "444455556666", Sensitivity: 93, Files: 1}
	kms := scope.SSEKMS
	// doc adds a key with n versions, the first written at t, and a delete
	// marker on top when deleted.
	doc := func(key string, n int, t time.Time, size func() int64, class scope.StorageClass, enc scope.EncryptionStatus, deleted bool, tags map[string]string) {
		var vs []scope.Object
		for i := range n {
			if i > 0 {
				t = t.Add(time.Duration(g.r.Int64N(int64(40*24*time.Hour/time.Second))) * time.Second)
			}
			if !t.Before(dataEnd) {
				break
			}
			vs = append(vs, scope.Object{Bucket: b.Name, Key: key, VersionID: g.chars(versionChars, 32), Size: size(),
				LastModified: t, StorageClass: class, EncryptionStatus: enc})
		}
		if len(vs) == 0 {
			return
		}
		if deleted {
			t = t.Add(time.Duration(1+g.r.Int64N(int64(60*24*time.Hour/time.Second))) * time.Second)
			if t.Before(dataEnd) {
				vs = append(vs, scope.Object{Bucket: b.Name, Key: key, VersionID: g.chars(versionChars, 32), LastModified: t, IsDeleteMarker: true})
			}
		}
		for i := range vs {
			if i < len(vs)-1 {
				vs[i].Noncurrent = true
				// Noncurrent versions move to Glacier after 90 days.
				if !vs[i].IsDeleteMarker && dataEnd.Sub(vs[i+1].LastModified) > 90*24*time.Hour {
					vs[i].StorageClass = scope.Glacier
				}
			}
		}
		if len(vs) > 0 {
			vs[len(vs)-1].Tags = tags
		}
		b.Objects = append(b.Objects, vs...)
	}
	versions := func(p1, p2 float64) int {
		switch f := g.r.Float64(); {
		case f < p2:
			return 3
		case f < p1:
			return 2
		}
		return 1
	}
	pdf := func(lo, hi int64) func() int64 { return func() int64 { return g.size(lo, hi) } }

	invoiceNo := map[int]int{}
	months(func(m time.Time) {
		y, mm := m.Year(), m.Format("01")
		next := m.AddDate(0, 1, 0)
		// Invoices, some reissued (two versions), a few voided (deleted).
		for range g.between(230, 270) {
			invoiceNo[y]++
			t := g.anytime(m, next)
			class := scope.Standard
			if y == 2023 {
				class = scope.StandardIA
			}
			doc(fmt.Sprintf("invoices/%d/%s/INV-%d-%06d.pdf", y, mm, y, invoiceNo[y]), versions(0.1, 0.01), t,
				pdf(40<<10, 2<<20), class, kms, g.chance(0.02), nil)
		}
		// Receipts: phone photos and scans, which Macie does not read.
		for range g.between(65, 80) {
			t := g.anytime(m, next)
			doc(fmt.Sprintf("receipts/%d/%s/%s_IMG_%04d.jpg", y, mm, t.Format("2006-01-02"), g.between(1000, 9999)), 1, t,
				pdf(300<<10, 6<<20), scope.Standard, kms, false, nil)
		}
		for range g.between(10, 20) {
			t := g.anytime(m, next)
			doc(fmt.Sprintf("receipts/%d/%s/Scan %s at %s.png", y, mm, t.Format("2006-01-02"), t.Format("15.04.05")), 1, t,
				pdf(200<<10, 4<<20), scope.Standard, kms, false, nil)
		}
		if g.chance(0.5) {
			t := g.anytime(m, next)
			doc(fmt.Sprintf("receipts/%d/%s/IMG_%04d.HEIC", y, mm, g.between(1000, 9999)), 1, t, pdf(1<<20, 5<<20), scope.Standard, kms, false, nil)
		}
		// Statements of account to customers.
		for _, c := range []string{"Acme+Partners", "Johnson & Johnson", "Initech", "Globex Corporation", "Umbrella Corp", "Hooli",
			"Stark Industries", "Wayne Enterprises", "Wonka Industries", "Cyberdyne Systems", "Tyrell Corp", "Soylent"} {
			t := g.at(next, 6, 9)
			doc(fmt.Sprintf("statements/%d/%s/Statement of Account - %s %s.pdf", y, mm, c, m.Format("2006-01")), versions(0.08, 0), t,
				pdf(60<<10, 1<<20), scope.Standard, kms, false, nil)
		}
		// Month-end close workbook, edited over several days.
		doc(fmt.Sprintf("reports/%d/%s/Monthly close %s.xlsx", y, mm, m.Format("2006-01")), g.between(3, 8), g.at(next, 9, 12),
			pdf(1<<20, 40<<20), scope.Standard, kms, false, nil)
		// Payroll, from the provider, encrypted with SSE-C.
		for e := 1; e <= 60; e++ {
			t := g.at(m.AddDate(0, 0, 24), 3, 4)
			doc(fmt.Sprintf("payroll/%d/%s/paystubs/EMP-%05d.pdf", y, mm, 100+e*7), 1, t, pdf(30<<10, 120<<10), scope.Standard, scope.SSEC, false, nil)
		}
		t := g.at(m.AddDate(0, 0, 24), 2, 3)
		doc(fmt.Sprintf("payroll/%d/%s/payroll-register-%s.xlsx", y, mm, m.Format("2006-01")), 1, t, pdf(500<<10, 3<<20), scope.Standard, scope.SSEC, false, nil)
		doc(fmt.Sprintf("payroll/%d/%s/bank-file-%s", y, mm, m.Format("2006-01")), 1, t, pdf(20<<10, 90<<10), scope.Standard, scope.SSEC, false, nil)
		// Weekly accounting-system backups, straight to Glacier.
		for d := m; d.Before(next); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Sunday && d.Before(dataEnd) {
				doc("backups/quickbooks/qb-backup-"+d.Format("2006-01-02")+".tar.gz", 1, g.at(d, 1, 2), pdf(800<<20, 3<<30), scope.Glacier, kms, false, nil)
			}
		}
	})
	// Quarterly board material.
	for y := 2023; y <= 2024; y++ {
		for q := 1; q <= 4; q++ {
			t := time.Date(y, time.Month(q*3+1), 10, 9, 0, 0, 0, time.UTC)
			if y == 2024 && q == 4 {
				continue
			}
			p := fmt.Sprintf("reports/%d/Q%d/", y, q)
			for _, name := range []string{"Q%d %d board deck.pptx", "Q%d %d management accounts.xlsx", "Q%d %d CFO letter.docx", "Q%d %d board pack.pdf", "Q%d %d audit committee minutes.docx"} {
				doc(p+fmt.Sprintf(name, q, y), g.between(2, 6), g.anytime(t, t.AddDate(0, 0, 10)), pdf(300<<10, 60<<20), scope.Standard, kms, false, nil)
			}
		}
	}
	// Departmental budgets, many revisions; the FY2025 round is tagged.
	for _, fy := range []string{"FY2024", "FY2025"} {
		start := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)
		var tags map[string]string
		if fy == "FY2025" {
			start = time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
			tags = map[string]string{"project": "fy2025-budget"}
		}
		for _, dept := range []string{"Marketing", "Sales", "Engineering", "Finance", "HR", "Legal", "Operations", "Customer Success", "IT", "Facilities", "R&D", "Procurement"} {
			doc("budgets/"+fy+"/"+dept+" budget.xlsx", g.between(3, 10), g.anytime(start, start.AddDate(0, 1, 0)), pdf(200<<10, 15<<20), scope.Standard, kms, false, tags)
		}
	}
	// Contracts, by counterparty: unicode names, one with a "/".
	parties := []string{"Société Générale", "Müller GmbH", "Ørsted A/S", "株式会社サンプル", "Zürich Versicherung", "Nestlé S.A.",
		"Česká spořitelna", "Alpha Τράπεζα", "Banco Santander", "Tata Consultancy Services", "Globex Corporation", "Initech",
		"Hooli", "Umbrella Corp", "O'Reilly Media", "Smith, Jones & Co", "Acme+Partners", "北京数据科技"}
	for i := 0; i < 80; i++ {
		party := parties[i%len(parties)]
		if i >= len(parties) {
			party = fmt.Sprintf("Vendor %03d", i)
		}
		t := g.anytime(dataStart, dataEnd.AddDate(0, -2, 0))
		for _, d := range []string{"Master Services Agreement.pdf", "NDA (signed).pdf", "SOW " + t.Format("2006-01") + ".docx", "Amendment No. 1.pdf", "W-9.pdf"} {
			if g.chance(0.8) {
				doc("contracts/"+party+"/"+d, versions(0.3, 0.1), g.anytime(t, t.AddDate(0, 1, 0)), pdf(80<<10, 8<<20), scope.Standard, kms, false, nil)
			}
		}
	}
	// Drafts, most of them deleted since (a delete marker is the latest
	// version).
	for i := range 220 {
		t := g.anytime(dataStart, dataEnd)
		doc(fmt.Sprintf("drafts/%s memo %03d.docx", pick(g, "Pricing", "Reorg", "Audit response", "Tax position", "Vendor review"), i),
			g.between(1, 4), t, pdf(30<<10, 2<<20), scope.Standard, kms, g.chance(0.7), nil)
	}
	// Test fixtures.
	for i := range 160 {
		doc(fmt.Sprintf("qa/fixtures/invoices/INV-TEST-%04d.pdf", i), 1, g.anytime(dataStart, dataEnd), pdf(40<<10, 500<<10), scope.Standard, kms, false,
			map[string]string{"env": "test"})
	}
	// General-ledger archives migrated in 2023, in Glacier Deep Archive.
	for y := 2015; y <= 2022; y++ {
		for mo := 1; mo <= 12; mo++ {
			doc(fmt.Sprintf("archive/%d/general-ledger-%d-%02d.zip", y, y, mo), 1, g.at(time.Date(2023, 3, 14, 0, 0, 0, 0, time.UTC), 10, 18),
				pdf(50<<20, 900<<20), scope.DeepArchive, scope.SSES3, false, map[string]string{"project": "erp-migration"})
		}
	}
	// Big files beyond Macie's per-file quotas (pdf 1,024 MB, xlsx 512 MB,
	// zip 8 GB), one in S3 Glacier Instant Retrieval.
	doc("exports/full-ledger-2015-2024.pdf", 1, time.Date(2024, 9, 2, 18, 44, 10, 0, time.UTC), func() int64 { return 2_147_483_648 + g.r.Int64N(1<<20) },
		scope.Standard, kms, false, nil)
	doc("models/Forecast model (master).xlsx", 3, time.Date(2024, 5, 6, 10, 0, 0, 0, time.UTC), func() int64 { return 700<<20 + g.r.Int64N(40<<20) },
		scope.Standard, kms, false, nil)
	doc("exports/gl-detail-FY2024.zip", 1, time.Date(2024, 11, 4, 7, 30, 0, 0, time.UTC), func() int64 { return 9_200_000_000 + g.r.Int64N(1<<26) },
		scope.Standard, kms, false, nil)
	doc("scans/Board minutes 2015-2023 (scanned).pdf", 1, time.Date(2023, 4, 18, 15, 20, 0, 0, time.UTC), func() int64 { return 1_503_238_553 },
		scope.GlacierIR, kms, false, nil)
	// Clutter: folder placeholders (empty, key ends in "/"), Finder and
	// Explorer droppings, a key with no extension.
	for _, p := range []string{"invoices/", "invoices/2024/", "receipts/", "statements/", "contracts/", "reports/", "budgets/", "payroll/", "drafts/", "exports/"} {
		doc(p, 1, time.Date(2023, 1, 3, 9, 0, 0, 0, time.UTC), func() int64 { return 0 }, scope.Standard, kms, false, nil)
	}
	for _, p := range []string{"", "invoices/2024/03/", "contracts/Müller GmbH/", "reports/2024/Q1/", "budgets/FY2025/", "drafts/"} {
		doc(p+".DS_Store", 1, g.anytime(dataStart, dataEnd), func() int64 { return 6148 }, scope.Standard, kms, false, nil)
	}
	for _, p := range []string{"receipts/2023/07/", "receipts/2024/02/", "scans/"} {
		doc(p+"Thumbs.db", 1, g.anytime(dataStart, dataEnd), pdf(8<<10, 200<<10), scope.Standard, kms, false, nil)
	}
	doc("README", 1, time.Date(2023, 1, 3, 9, 5, 0, 0, time.UTC), func() int64 { return 2_048 }, scope.Standard, kms, false, nil)
	return b
}
