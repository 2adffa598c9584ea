package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxVisits bounds the nodes walked in one document, aliases and merge keys
// included, so that a small file cannot expand into an enormous one.
const maxVisits = 200_000

// maxMergeDepth bounds nested merge keys ("<<"), which may also form cycles.
const maxMergeDepth = 8

// decoder walks a YAML node tree following the file format, decoding values
// into a Config and recording every problem with its line and key path.
type decoder struct {
	path   string
	errs   []*Error
	failed map[string]bool // keys whose value could not be decoded
	lines  map[string]int  // key path → line of the key in the file
	visits int
	// dbSet records that the file gave db a (non-null) value.
	dbSet bool
}

// entry is one key of a mapping, merge keys resolved.
type entry struct {
	name string
	line int // line of the key
	val  *yaml.Node
}

func newDecoder(path string) *decoder {
	return &decoder{path: path, failed: map[string]bool{}, lines: map[string]int{}}
}

// report records a problem at line for key.
func (d *decoder) report(line int, key string, err error) {
	d.errs = append(d.errs, &Error{Path: d.path, Line: line, Key: key, Err: err})
}

// fail records a value of key that could not be decoded, so that Validate's
// complaints about the (then default) value of that key are not repeated.
func (d *decoder) fail(line int, key string, err error) {
	d.report(line, key, err)
	d.failed[key] = true
}

// suppressed reports whether key or one of its ancestors failed to decode.
func (d *decoder) suppressed(key string) bool {
	for key != "" {
		if d.failed[key] {
			return true
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			return false
		}
		key = key[:i]
	}
	return false
}

// visit charges one node against the budget and reports false when the
// budget is spent (Parse then gives up on the document).
func (d *decoder) visit() bool {
	d.visits++
	return d.visits < maxVisits
}

// resolve follows aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is absent or a YAML null (~, null or nothing).
func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// kindName names the kind of a node for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	default:
		return "node"
	}
}

// describe shows a node's value for messages.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return fmt.Sprintf("%q", n.Value)
	}
	return "a " + kindName(n)
}

// subkey joins a key path and a key.
func subkey(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// mapping returns the entries of the mapping n (nil for a null or absent
// value), reporting keys not in known, duplicate keys and non-mappings.
func (d *decoder) mapping(n *yaml.Node, prefix string, known []string) []entry {
	line := 0
	if n != nil {
		line = n.Line
	}
	n = resolve(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.fail(line, prefix, fmt.Errorf("expected a mapping, got %s", describe(n)))
		return nil
	}
	var out []entry
	for _, e := range d.collect(n, prefix, 0) {
		key := subkey(prefix, e.name)
		if !slices.Contains(known, e.name) {
			d.report(e.line, key, unknownKey(e.name, known))
			continue
		}
		d.lines[key] = e.line
		out = append(out, e)
	}
	return out
}

// collect lists the keys of mapping n: its own keys first, then those that
// merge keys ("<<: *anchor") bring in and that it does not set itself.
func (d *decoder) collect(n *yaml.Node, prefix string, depth int) []entry {
	var own []entry
	var merged [][]entry
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !d.visit() {
			return nil
		}
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge" {
			merged = append(merged, d.mergeSources(v, prefix, depth)...)
			continue
		}
		rk := resolve(k)
		if rk == nil || rk.Kind != yaml.ScalarNode {
			d.report(k.Line, prefix, errors.New("keys must be plain strings"))
			continue
		}
		if at, dup := first[rk.Value]; dup {
			d.report(k.Line, subkey(prefix, rk.Value), fmt.Errorf("duplicate key (first at line %d)", at))
			continue
		}
		first[rk.Value] = k.Line
		own = append(own, entry{name: rk.Value, line: k.Line, val: v})
	}
	for _, m := range merged {
		for _, e := range m {
			if _, set := first[e.name]; !set {
				first[e.name] = e.line
				own = append(own, e)
			}
		}
	}
	return own
}

// mergeSources returns the entries of the mapping(s) a merge key refers to.
func (d *decoder) mergeSources(v *yaml.Node, prefix string, depth int) [][]entry {
	key := subkey(prefix, "<<")
	if depth >= maxMergeDepth {
		d.report(v.Line, key, errors.New("merge keys nested too deeply"))
		return nil
	}
	r := resolve(v)
	switch {
	case r != nil && r.Kind == yaml.MappingNode:
		return [][]entry{d.collect(r, prefix, depth+1)}
	case r != nil && r.Kind == yaml.SequenceNode:
		var out [][]entry
		for _, item := range r.Content {
			ri := resolve(item)
			if ri == nil || ri.Kind != yaml.MappingNode {
				d.report(item.Line, key, errors.New("expected a mapping or a list of mappings"))
				continue
			}
			out = append(out, d.collect(ri, prefix, depth+1))
		}
		return out
	default:
		d.report(v.Line, key, errors.New("expected a mapping or a list of mappings"))
		return nil
	}
}

// unknownKey describes a key the format does not know, suggesting a close
// known key.
func unknownKey(name string, known []string) error {
	if name == "password" && slices.Contains(known, "password_env") {
		return fmt.Errorf("%w: passwords are never read from the file; use password_env or password_file", ErrUnknownKey)
	}
	best, bestDist := "", 3
	for _, k := range known {
		if dist := editDistance(strings.ToLower(name), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best != "" {
		return fmt.Errorf("%w (did you mean %q?)", ErrUnknownKey, best)
	}
	return ErrUnknownKey
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
