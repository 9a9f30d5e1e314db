package enum

import "testing"

type color string

func (color) Values() []color { return []color{"RED", "GREEN"} }

func TestValid(t *testing.T) {
	for v, want := range map[color]bool{"RED": true, "GREEN": true, "red": false, "": false} {
		if got := Valid(v); got != want {
			t.Errorf("Valid(%q) = %v, want %v", v, got, want)
		}
	}
}
