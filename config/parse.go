package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load reads the configuration file at path and parses it with Parse,
// taking secrets from the process environment.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Err: fmt.Errorf("cannot read configuration: %w", err)}
	}
	return Parse(path, data, os.Getenv)
}

// Parse decodes data, the contents of the file at path (used in messages
// and to resolve relative paths; it is not read), onto DefaultConfig,
// resolves every site's settings and password, and validates the result.
// getenv looks up password_env variables; nil means os.Getenv. An empty
// document yields the defaults with no sites. On failure the error joins
// one *Error per problem, in line order.
func Parse(path string, data []byte, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	root, err := parseYAML(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Path = path
			return nil, e
		}
		return nil, &Error{Path: path, Err: err}
	}

	c := DefaultConfig()
	c.Path = path
	d := newDecoder(path)
	d.document(root, c)
	if d.visits >= maxVisits {
		// What was decoded is truncated; further complaints would mislead.
		return nil, &Error{Path: path, Err: errors.New("document too large (or expands too many aliases)")}
	}
	c.lines = d.lines

	dir := ""
	if path != "" {
		dir = filepath.Dir(path)
	}
	if d.dbSet && c.DB != "" && !filepath.IsAbs(c.DB) && dir != "" {
		c.DB = filepath.Join(dir, c.DB)
	}
	for i := range c.Sites {
		a := c.Sites[i].Auth
		if a == nil {
			continue
		}
		if which, err := a.resolvePassword(getenv, dir); err != nil {
			key := fmt.Sprintf("sites[%d].auth.%s", i, which)
			d.fail(c.lineOf(key, c.Sites[i].Line), key, err)
		}
	}
	for _, e := range c.validate() {
		if !d.suppressed(e.Key) {
			d.errs = append(d.errs, e)
		}
	}
	if err := joinErrors(d.errs); err != nil {
		return nil, err
	}
	return c, nil
}

// yamlErrorLine matches the line yaml.v3 puts in its syntax errors.
var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses a single YAML document into a node tree. A syntax error
// becomes an *Error carrying its line (Path left for the caller).
func parseYAML(data []byte) (root *yaml.Node, err error) {
	defer func() {
		// The parser is third-party code fed with user input: a panic in it
		// must not take the program down.
		if r := recover(); r != nil {
			root, err = nil, &Error{Err: fmt.Errorf("invalid YAML: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &doc, nil
		}
		return nil, syntaxError(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
		return &doc, nil
	case err != nil:
		return nil, syntaxError(err)
	default:
		return nil, &Error{Line: next.Line, Err: errors.New("the file holds more than one YAML document")}
	}
}

// syntaxError turns a yaml.v3 parse error into an *Error with its line.
func syntaxError(err error) *Error {
	if m := yamlErrorLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Line: line, Err: fmt.Errorf("invalid YAML: %s", m[2])}
	}
	return &Error{Err: fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))}
}
