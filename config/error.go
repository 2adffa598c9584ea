package config

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// ErrUnknownKey is wrapped by the *Error reported for a key the file format
// does not know.
var ErrUnknownKey = errors.New("unknown key")

// Error is one problem found in a configuration: where it is (file, line
// and key path such as "sites[1].interval") and what is wrong.
type Error struct {
	// Path is the configuration file, "" when the configuration did not come
	// from a file.
	Path string
	// Line is the 1-based line in the file, 0 when unknown.
	Line int
	// Key is the key path, e.g. "defaults.per_page" or "sites[2].auth.user";
	// "" for problems of the document as a whole.
	Key string
	// Err is the problem itself.
	Err error
}

// Error formats the problem as "path:line: key: message", leaving out the
// parts that are unknown.
func (e *Error) Error() string {
	var parts []string
	loc := e.Path
	if e.Line > 0 {
		if loc == "" {
			loc = "line " + strconv.Itoa(e.Line)
		} else {
			loc += ":" + strconv.Itoa(e.Line)
		}
	}
	if loc != "" {
		parts = append(parts, loc)
	}
	if e.Key != "" {
		parts = append(parts, e.Key)
	}
	msg := "invalid configuration"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	parts = append(parts, msg)
	return strings.Join(parts, ": ")
}

// Unwrap returns the underlying problem.
func (e *Error) Unwrap() error { return e.Err }

// joinErrors sorts problems by line (document-wide ones first) and joins
// them; it returns nil when there are none.
func joinErrors(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}
