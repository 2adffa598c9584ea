// Package oracle is a frozen copy of package htmltext as it was before its
// hand-written tokenizer (the version driven only by the golang.org/x/net/html
// tokenizer). It is imported by htmltext's differential tests alone, which
// check that the fast implementation produces byte-identical output.
//
// Do not edit it to follow changes in htmltext: when htmltext's rules change
// on purpose, delete this package and its differential fuzz target (the
// in-package comparison against the x/net tokenizer path stays valid).
package oracle
