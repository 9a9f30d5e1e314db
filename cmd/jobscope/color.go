package main

import (
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// SGR (Select Graphic Rendition) parameters of the colors jobscope uses.
const (
	sgrBold   = "1"
	sgrRed    = "31"
	sgrGreen  = "32"
	sgrYellow = "33"
)

// colors paints text with ANSI SGR escape sequences when on is set; its
// zero value leaves text as it is.
type colors struct{ on bool }

// paint wraps s, unless it is empty or c is off, in the SGR sequence of
// the parameters code and the sequence that resets them.
func (c colors) paint(code, s string) string {
	if !c.on || s == "" {
		return s
	}
	return "\033[" + code + "m" + s + "\033[0m"
}

func (c colors) bold(s string) string   { return c.paint(sgrBold, s) }
func (c colors) red(s string) string    { return c.paint(sgrBold+";"+sgrRed, s) }
func (c colors) yellow(s string) string { return c.paint(sgrYellow, s) }
func (c colors) green(s string) string  { return c.paint(sgrGreen, s) }

// colorTerminal reports whether w is a terminal that shows colors:
// isTerminal, which tests replace to stand for a terminal.
var colorTerminal = isTerminal

// colorsFor returns the colors of text written to w: on when w is a
// terminal and the NO_COLOR environment variable is unset or empty
// (https://no-color.org).
func colorsFor(w io.Writer) colors {
	return colors{on: os.Getenv("NO_COLOR") == "" && colorTerminal(w)}
}

// visibleWidth is the columns s takes on a terminal: its runes, less
// those of its SGR sequences (ESC [ parameters m).
func visibleWidth(s string) int {
	n := 0
	for {
		i := strings.Index(s, "\033[")
		if i < 0 {
			return n + utf8.RuneCountInString(s)
		}
		n += utf8.RuneCountInString(s[:i])
		end := strings.IndexByte(s[i:], 'm')
		if end < 0 {
			return n + utf8.RuneCountInString(s[i:])
		}
		s = s[i+end+1:]
	}
}
