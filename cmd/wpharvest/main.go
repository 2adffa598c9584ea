package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/harvester"
)

// Exit codes of the contract (DESIGN.md).
const (
	ExitOK         = 0 // every site fine
	ExitSiteFailed = 1 // some site failed; the others still ran
	ExitUsage      = 2 // usage or config error
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE) // writes to a closed stdout (export | head) fail with EPIPE instead of killing the process
	defer stop()
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	m.Close()
	os.Exit(code)
}

// Main is the program. Its streams and environment are fields so tests can
// run it in-process.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// StderrIsTerminal says whether to draw progress bars and log for
	// humans; main() detects it, tests leave it false.
	StderrIsTerminal bool
	// Exit ends the process at once; nil means os.Exit.
	Exit func(code int)

	logger zerolog.Logger
	closer []io.Closer
}

// NewMain returns a Main wired to the process.
func NewMain() *Main {
	return &Main{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StderrIsTerminal: isTerminal(os.Stderr),
	}
}

// exitError carries an exit code up to Run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(err error) error { return &exitError{code: ExitUsage, err: err} }

// Run executes the command line args and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	root := m.rootCommand()
	root.SetArgs(args)
	root.SetIn(m.Stdin)
	root.SetOut(m.Stdout)
	root.SetErr(m.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		// Site failures carry no error here: the summary already named them.
		if ee.err != nil {
			fmt.Fprintln(m.Stderr, "wpharvest:", ee.err)
		}
		return ee.code
	}
	// Errors from cobra itself (unknown flag, bad arguments) are usage errors.
	fmt.Fprintln(m.Stderr, "wpharvest:", err)
	return ExitUsage
}

// Close releases what Run opened (the database).
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closer) - 1; i >= 0; i-- {
		errs = append(errs, m.closer[i].Close())
	}
	m.closer = nil
	return errors.Join(errs...)
}

func (m *Main) rootCommand() *cobra.Command {
	var logLevel string
	root := &cobra.Command{
		Use:           "wpharvest",
		Short:         "Keep a faithful archive of WordPress sites through the REST API",
		Version:       harvester.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			lvl, err := zerolog.ParseLevel(logLevel)
			if err != nil {
				return usageError(fmt.Errorf("--log-level: %w", err))
			}
			m.logger = newLogger(m.Stderr, m.StderrIsTerminal, lvl)
			return nil
		},
	}
	root.PersistentFlags().StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	root.AddCommand(m.backfillCommand(), m.syncCommand(), m.exportCommand(), m.historyCommand(), m.statusCommand(), m.daemonCommand(), m.demoCommand())
	root.AddCommand(m.storiesCommand())
	root.AddCommand(m.similarCommand())
	return root
}

// exit ends the process at once (the daemon's second signal); tests replace
// it.
func (m *Main) exit(code int) {
	if m.Exit != nil {
		m.Exit(code)
		return
	}
	os.Exit(code)
}
