//go:build linux

package parquet

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
)

// bombScenarioEnv names the scenario TestPageBombMemory runs when it is
// the process it starts.
const bombScenarioEnv = "JOBSCOPE_PARQUET_BOMB_SCENARIO"

// bombScenarios are files whose pages decompress to 1 GiB each, read at
// once, one goroutine each, and the error each must end with.
var bombScenarios = map[string]func(t *testing.T) (files [][]byte, want []string){
	// Four files of each bomb, as a run of eight workers reads them.
	"eight bombs": func(t *testing.T) ([][]byte, []string) {
		var files [][]byte
		var want []string
		for range 4 {
			files = append(files, honestBomb(t), lyingBomb(t))
			want = append(want, honestBombError, lyingBombError)
		}
		return files, want
	},
	// Pages whose headers say 60 MiB, which the default limit allows, of
	// RLE blocks of 1 GiB (refused before they are decompressed) and of
	// compressed blocks of 128 MB (decompressed up to 60 MiB), two of
	// each at once.
	"60 MiB claims": func(t *testing.T) ([][]byte, []string) {
		const want = "row group 0, column key: the page at byte %d: its ZSTD data decompresses to more than the 62914560 bytes its header gives"
		compressed := zstdKeyPage(t, 1, zstdPattern(t, 128_000_000), 60<<20)
		var files [][]byte
		var wants []string
		for range 2 {
			files = append(files, bombFile(t, 60<<20, 128<<10), compressed)
			wants = append(wants, want, want)
		}
		return files, wants
	},
}

// TestPageBombMemory reads files whose pages decompress to 1 GiB in a
// process of its own, and measures its peak memory: under 300 MB.
func TestPageBombMemory(t *testing.T) {
	if name := os.Getenv(bombScenarioEnv); name != "" {
		readBombs(t, name)
		return
	}
	for name := range bombScenarios {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestPageBombMemory$", "-test.count=1")
			cmd.Env = append(os.Environ(), bombScenarioEnv+"="+name)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
			t.Logf("peak memory: %d MiB", peak>>20)
			if peak > 300e6 && !raceEnabled {
				t.Errorf("reading took %d MiB at its peak, more than 300 MB", peak>>20)
			}
		})
	}
}

// readBombs reads the files of a scenario at once, and checks their
// errors.
func readBombs(t *testing.T, name string) {
	scenario, ok := bombScenarios[name]
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	files, want := scenario(t)
	var wg sync.WaitGroup
	for i, data := range files {
		path := testfile.Write(t, t.TempDir(), fmt.Sprintf("bomb%d.parquet", i), data)
		want := path + ": " + fmt.Sprintf(want[i], keyPageAt(t, data))
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, _, err := openFile(context.Background(), path, inventory.FileOptions{})
			if err != nil {
				t.Error(err)
				return
			}
			var errs []string
			n := 0
			for rec, err := range f.Records(context.Background()) {
				if rec != nil {
					n++
				}
				var fe *field.Error
				if err != nil && as(err, field.Unreadable, &fe) {
					errs = append(errs, err.Error())
				}
			}
			if n != 0 || len(errs) != 1 || errs[0] != want {
				t.Errorf("%d records, errors %q; want %q", n, errs, want)
			}
		}()
	}
	wg.Wait()
}
