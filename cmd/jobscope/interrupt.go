package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/dustin/go-humanize"
)

// Exit codes of a command ended by a signal, as shells report them: 128
// plus the signal's number.
const (
	exitSIGINT  = 128 + 2
	exitSIGTERM = 128 + 15
)

// interruption is the handling of SIGINT and SIGTERM by a command that
// stops cleanly: the first signal cancels its context, so the command
// finishes what it is writing and reports what it did; a second one exits
// the process at once.
type interruption struct {
	ctx    context.Context
	cancel context.CancelFunc
	ch     chan os.Signal
	done   chan struct{}
	code   atomic.Int32 // of the first signal
}

// interrupts starts handling SIGINT and SIGTERM; stop ends it.
func interrupts() *interruption {
	in := &interruption{ch: make(chan os.Signal, 2), done: make(chan struct{})}
	in.ctx, in.cancel = context.WithCancel(context.Background())
	signal.Notify(in.ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		for {
			select {
			case sig := <-in.ch:
				code := int32(exitSIGINT)
				if sig == syscall.SIGTERM {
					code = exitSIGTERM
				}
				if !in.code.CompareAndSwap(0, code) {
					os.Exit(int(code)) // the second signal: at once
				}
				in.cancel()
			case <-in.done:
				return
			}
		}
	}()
	return in
}

// signal returns the exit code and the name of the first signal that
// came, or 0 and "" when none did.
func (in *interruption) signal() (int, string) {
	switch code := int(in.code.Load()); code {
	case exitSIGINT:
		return code, "SIGINT"
	case exitSIGTERM:
		return code, "SIGTERM"
	}
	return 0, ""
}

// stop ends the handling: signals have their default effect again.
func (in *interruption) stop() {
	signal.Stop(in.ch)
	close(in.done)
	in.cancel()
}

// maxListed is how many errors of one kind a command prints on stderr.
const maxListed = 10

// printCapped prints the first maxListed of msgs, a line each behind
// prefix, and then how many more of total there are: "… and N more"
// followed by one or many, as N is 1 or more.
func printCapped(w io.Writer, prefix string, msgs []string, total int64, one, many string) {
	for _, m := range msgs[:min(len(msgs), maxListed)] {
		fmt.Fprintf(w, "%s%s\n", prefix, m)
	}
	if n := total - int64(min(len(msgs), maxListed)); n > 0 {
		fmt.Fprintf(w, "%s%s\n", prefix, andMore(n, one, many))
	}
}

// andMore is "… and N more" followed by one or many, as N is 1 or more.
func andMore(n int64, one, many string) string {
	if n == 1 {
		return "… and 1 more " + one
	}
	return "… and " + humanize.Comma(n) + " more " + many
}
