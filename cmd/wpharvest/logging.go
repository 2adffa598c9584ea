package main

import (
	"io"
	"os"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/term"
)

// newLogger logs for humans on a terminal and as JSON lines otherwise.
func newLogger(w io.Writer, terminal bool, level zerolog.Level) zerolog.Logger {
	if terminal {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}

func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}
