// Command page rewrites the figure sections of BENCHMARKS.md from a run of
// the bench module's benchmarks: the machine, the ratios against their
// targets, the times measured in turns, the CPU profiles and the benchstat
// output. Each section lies between the lines <!-- begin NAME --> and
// <!-- end NAME --> of the page; the text around them is left as it is.
//
//	go run ./internal/page -raw bench.txt -benchstat benchstat.txt -profiles DIR -page ../BENCHMARKS.md
//
// DIR holds one NAME.top file per profile (go tool pprof -top output),
// shown in the order of the profiles list below.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope/bench/internal/stats"
)

// A target is a ratio the acceptance criteria bound.
type target struct {
	bench, unit string
	atMost      bool // the ratio must be ≤ bound, else ≥ bound
	bound       float64
}

// targets lists the ratios the page reports, in its order; a bound of 0
// is a ratio reported without a target.
var targets = []target{
	{"ObjectScope/ratio", "jobscope/handwritten", true, 1.25},
	{"ObjectScope/ratio-warm", "jobscope/handwritten", true, 1.25},
	{"ObjectScope/ratio", "cel-activation/jobscope", false, 3.5},
	{"ObjectScope/ratio-warm", "cel-activation/jobscope", false, 3.5},
	{"ObjectScope/ratio", "cel/jobscope", false, 8},
	{"ObjectScope/ratio-warm", "cel/jobscope", false, 8},
	{"ObjectScope/ratio", "expr/jobscope", false, 0},
	{"ObjectScope/ratio-warm", "expr/jobscope", false, 0},
	{"ObjectScope/ratio", "expr/handwritten", false, 0},
	{"ObjectScope/ratio-warm", "expr/handwritten", false, 0},
	{"ObjectScope/ratio", "expr/branch-free", false, 0},
	{"ObjectScope/ratio-warm", "expr/branch-free", false, 0},
	{"ObjectScope/ratio", "jobscope/branch-free", true, 0},
	{"ObjectScope/ratio-warm", "jobscope/branch-free", true, 0},
	{"PrefixScaling/ratio=10000:1", "values=10000/values=1", true, 1.5},
	{"ExtensionScaling/ratio=10000:1", "values=10000/values=1", true, 1.5},
	{"Plan/ratio", "jobscope/floor", true, 1.5},
	{"DuckDB/ratio", "plan/count", true, 0.8},
	{"DuckDB/ratio", "plan/handwritten", true, 0.5},
	{"DuckDB/ratio", "plan/jobscope-sql", true, 0},
	{"CLI/ratio", "jsonl/summary", true, 1.3},
	{"CLI/ratio", "csv/summary", true, 1.3},
	{"Scaling/files=1", "procs=1/procs=2", false, 1.7},
	{"Scaling/files=8", "procs=1/procs=2", false, 1.85},
	{"Parquet/ratio", "jobscope/parquet-go", true, 1.3},
	{"BucketCriteria/ratio", "jobscope/handwritten", true, 0},
	{"ScheduleNext/ratio", "run=10000/run=1", true, 0},
}

// profiles are the CPU profiles the page shows: the file NAME.top and
// what it profiles.
var profiles = []struct{ name, title string }{
	{"objectscope-jobscope", "BenchmarkObjectScope/jobscope (the corpus walk; focus: the matching loop)"},
	{"objectscope-expr", "BenchmarkObjectScope/expr (focus: the matching loop)"},
	{"prefix-10000", "BenchmarkPrefixScaling/values=10000 (focus: the matching loop)"},
	{"plan-jobscope", "BenchmarkPlan/jobscope (focus: DryRun.Run and its workers)"},
	{"plan-floor", "BenchmarkPlan/floor (focus: the floor's workers)"},
}

// samples maps a benchmark (without its -GOMAXPROCS suffix) and a unit to
// the values of every run, in order.
type samples map[string]map[string][]float64

var procSuffix = regexp.MustCompile(`-\d+$`)

// parse reads go test -bench output.
func parse(r io.Reader) (samples, error) {
	s := samples{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")
		if s[name] == nil {
			s[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %q: %v", f[0], f[i], err)
			}
			s[name][f[i+1]] = append(s[name][f[i+1]], v)
		}
	}
	return s, sc.Err()
}

func num(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// ratioTable is the ratios against their targets.
func ratioTable(s samples) string {
	var b strings.Builder
	b.WriteString("| Ratio | Benchmark | Target | Median | Range | Runs | |\n|---|---|---|---|---|---|---|\n")
	for _, t := range targets {
		vs := s[t.bench][t.unit]
		goal, verdict := "—", ""
		if t.bound != 0 {
			op := "≥"
			if t.atMost {
				op = "≤"
			}
			goal = op + " " + num(t.bound)
		}
		if len(vs) == 0 {
			fmt.Fprintf(&b, "| %s | %s | %s | not run | | 0 | |\n", t.unit, t.bench, goal)
			continue
		}
		m := stats.Median(vs)
		if t.bound != 0 {
			if (t.atMost && m <= t.bound) || (!t.atMost && m >= t.bound) {
				verdict = "met"
			} else {
				verdict = "**missed**"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s–%s | %d | %s |\n", t.unit, t.bench, goal, num(m),
			num(slices.Min(vs)), num(slices.Max(vs)), len(vs), verdict)
	}
	return b.String()
}

// timeTable is, for every benchmark that times contenders in turns, each
// contender's median time per unit of work.
func timeTable(s samples) string {
	var b strings.Builder
	b.WriteString("| Benchmark | Contender | Median time | Range |\n|---|---|---|---|\n")
	names := make([]string, 0, len(s))
	for name := range s {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		units := make([]string, 0)
		for u := range s[name] {
			if i := strings.LastIndex(u, "-ns/"); i > 0 {
				units = append(units, u)
			}
		}
		slices.Sort(units)
		for _, u := range units {
			i := strings.LastIndex(u, "-ns/")
			vs := s[name][u]
			fmt.Fprintf(&b, "| %s | %s | %s ns/%s | %s–%s |\n", name, u[:i], num(stats.Median(vs)), u[i+4:],
				num(slices.Min(vs)), num(slices.Max(vs)))
		}
	}
	return b.String()
}

// machine describes the machine the page's figures come from.
func machine() string {
	model, family, mod, hyper := "unknown", "", "", false
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			switch {
			case k == "model name" && model == "unknown":
				model = v
			case k == "cpu family" && family == "":
				family = v
			case k == "model" && mod == "":
				mod = v
			case k == "flags" && strings.Contains(" "+v+" ", " hypervisor "):
				hyper = true
			}
		}
	}
	cpu := model
	if family != "" {
		cpu += fmt.Sprintf(" (family %s, model %s)", family, mod)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "- CPU: %s, %d cores", cpu, runtime.NumCPU())
	if hyper {
		b.WriteString(", in a virtual machine shared with other work")
	}
	b.WriteString("\n")
	if data, err := os.ReadFile("/sys/devices/system/cpu/cpu0/cache/index3/size"); err == nil {
		l2 := ""
		if d2, err := os.ReadFile("/sys/devices/system/cpu/cpu0/cache/index2/size"); err == nil {
			l2 = fmt.Sprintf("L2 %s per core, ", strings.TrimSpace(string(d2)))
		}
		fmt.Fprintf(&b, "- Caches: %sL3 %s\n", l2, strings.TrimSpace(string(data)))
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
					fmt.Fprintf(&b, "- Memory: %.0f GiB\n", kb/(1<<20))
				}
			}
		}
	}
	fmt.Fprintf(&b, "- Go: %s, %s/%s, GOMAXPROCS %d\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	return b.String()
}

// profileText is the CPU profiles, each as its pprof -top table.
func profileText(dir string) (string, error) {
	var b strings.Builder
	for _, p := range profiles {
		data, err := os.ReadFile(filepath.Join(dir, p.name+".top"))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s:\n\n```\n%s```\n\n", p.title, topTable(string(data)))
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// topTable drops pprof's header lines (binary, build id, time) but the
// ones that say what the table accounts for.
func topTable(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		switch {
		case line == "":
		case strings.HasPrefix(line, "File:"), strings.HasPrefix(line, "Build ID:"), strings.HasPrefix(line, "Type:"),
			strings.HasPrefix(line, "Time:"), strings.HasPrefix(line, "Duration:"):
		default:
			b.WriteString(line)
		}
	}
	return b.String()
}

// replace sets the text between <!-- begin name --> and <!-- end name -->.
func replace(page []byte, name, text string) ([]byte, error) {
	begin, end := []byte("<!-- begin "+name+" -->\n"), []byte("<!-- end "+name+" -->")
	i := bytes.Index(page, begin)
	j := bytes.Index(page, end)
	if i < 0 || j < i {
		return nil, fmt.Errorf("the page has no section %q", name)
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	out := slices.Concat(page[:i+len(begin)], []byte(text), page[j:])
	return out, nil
}

func main() {
	raw := flag.String("raw", "", "go test -bench output")
	stat := flag.String("benchstat", "", "benchstat output")
	profDir := flag.String("profiles", "", "directory of NAME.top profile tables")
	pagePath := flag.String("page", "", "the page to rewrite")
	flag.Parse()
	if *raw == "" || *stat == "" || *profDir == "" || *pagePath == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*raw, *stat, *profDir, *pagePath); err != nil {
		log.Fatal(err)
	}
}

func run(raw, stat, profDir, pagePath string) error {
	f, err := os.Open(raw)
	if err != nil {
		return err
	}
	s, err := parse(f)
	f.Close()
	if err != nil {
		return err
	}
	if len(s) == 0 {
		return errors.New(raw + ": no benchmark results")
	}
	statText, err := os.ReadFile(stat)
	if err != nil {
		return err
	}
	profText, err := profileText(profDir)
	if err != nil {
		return err
	}
	page, err := os.ReadFile(pagePath)
	if err != nil {
		return err
	}
	for _, sec := range []struct{ name, text string }{
		{"machine", machine()},
		{"ratios", ratioTable(s)},
		{"times", timeTable(s)},
		{"profiles", profText},
		{"benchstat", "```\n" + strings.TrimRight(string(statText), "\n") + "\n```"},
	} {
		if page, err = replace(page, sec.name, sec.text); err != nil {
			return err
		}
	}
	return os.WriteFile(pagePath, page, 0o644)
}
