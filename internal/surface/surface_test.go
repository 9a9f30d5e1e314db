package surface

import (
	"flag"
	"testing"
)

var verbose = flag.Bool("surface.list", false, "list every counted identifier")

func TestSurface(t *testing.T) {
	pkgs, err := Packages("../..")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range pkgs {
		total += len(p.Names)
		t.Logf("%-22s %4d", p.Package, len(p.Names))
		if *verbose {
			for _, n := range p.Names {
				t.Logf("    %s", n)
			}
		}
	}
	t.Logf("total %d", total)
	// The surface was 378 before the packages were laid out anew; it is to
	// stay at least a quarter smaller (283), but for what planning many
	// jobs at once adds (package jobset, plan.Set and plan.Compare,
	// terraform.Changes, athena.GenerateCoverage: 20), the key index's
	// scope.ObjectMatcher.DecideGiven and the S3 reader's inventory.Remote.
	const ceiling = 283 + 20 + 2
	if total > ceiling {
		t.Errorf("%d exported functions, methods and types; at most %d", total, ceiling)
	}
}
