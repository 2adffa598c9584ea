package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// scalar returns the scalar n stands for, or nil when n is null (the key
// then keeps its inherited value) or not a scalar with one of tags (an
// error naming want is recorded).
func (d *decoder) scalar(n *yaml.Node, key, want string, tags ...string) *yaml.Node {
	r := resolve(n)
	if isNull(r) {
		return nil
	}
	if r.Kind != yaml.ScalarNode || (len(tags) > 0 && !containsTag(tags, r.ShortTag())) {
		d.fail(n.Line, key, fmt.Errorf("expected %s, got %s", want, describe(r)))
		return nil
	}
	return r
}

func containsTag(tags []string, tag string) bool {
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	return false
}

// str decodes a string; any scalar is taken as written.
func (d *decoder) str(n *yaml.Node, key string, out *string) {
	if r := d.scalar(n, key, "a string"); r != nil {
		*out = r.Value
	}
}

// integer decodes a YAML integer that fits in T.
func integer[T int | int64](d *decoder, n *yaml.Node, key string, out *T) {
	r := d.scalar(n, key, "an integer", "!!int")
	if r == nil {
		return
	}
	var v T
	if err := r.Decode(&v); err != nil {
		d.fail(n.Line, key, fmt.Errorf("expected an integer, got %s", describe(r)))
		return
	}
	*out = v
}

// float decodes a YAML number.
func (d *decoder) float(n *yaml.Node, key string, out *float64) {
	r := d.scalar(n, key, "a number", "!!int", "!!float")
	if r == nil {
		return
	}
	var v float64
	if err := r.Decode(&v); err != nil {
		d.fail(n.Line, key, fmt.Errorf("expected a number, got %s", describe(r)))
		return
	}
	*out = v
}

// boolean decodes true or false.
func (d *decoder) boolean(n *yaml.Node, key string, out *bool) {
	r := d.scalar(n, key, "true or false", "!!bool")
	if r == nil {
		return
	}
	var v bool
	if err := r.Decode(&v); err != nil {
		d.fail(n.Line, key, fmt.Errorf("expected true or false, got %s", describe(r)))
		return
	}
	*out = v
}

// duration decodes a Go duration string such as "15m".
func (d *decoder) duration(n *yaml.Node, key string, out *Duration) {
	r := d.scalar(n, key, "a duration such as 15m")
	if r == nil {
		return
	}
	v, err := parseDuration(r.Value)
	if err != nil {
		d.fail(n.Line, key, err)
		return
	}
	*out = v
}

// strs decodes a list of strings; an empty list decodes to nil.
func (d *decoder) strs(n *yaml.Node, key string, out *[]string) {
	r := resolve(n)
	if isNull(r) {
		return
	}
	if r.Kind != yaml.SequenceNode {
		d.fail(n.Line, key, fmt.Errorf("expected a list of strings, got %s", describe(r)))
		return
	}
	var v []string
	ok := true
	for i, item := range r.Content {
		if !d.visit() {
			return
		}
		ikey := fmt.Sprintf("%s[%d]", key, i)
		d.lines[ikey] = item.Line
		ri := resolve(item)
		if isNull(ri) || ri.Kind != yaml.ScalarNode {
			d.fail(item.Line, ikey, fmt.Errorf("expected a string, got %s", describe(ri)))
			ok = false
			continue
		}
		v = append(v, ri.Value)
	}
	if ok {
		*out = v
	}
}

// setting decodes the Settings key name into s and reports whether name is
// a Settings key at all.
func (d *decoder) setting(s *Settings, name string, n *yaml.Node, key string) bool {
	switch name {
	case "interval":
		d.duration(n, key, &s.Interval)
	case "per_page":
		integer(d, n, key, &s.PerPage)
	case "rate":
		d.float(n, key, &s.Rate)
	case "parallelism":
		integer(d, n, key, &s.Parallelism)
	case "timeout":
		d.duration(n, key, &s.Timeout)
	case "retries":
		integer(d, n, key, &s.Retries)
	case "respect_robots":
		d.boolean(n, key, &s.RespectRobots)
	case "reconcile_every":
		d.duration(n, key, &s.ReconcileEvery)
	case "types":
		if r := resolve(n); r != nil && r.Kind == yaml.ScalarNode && r.Value == "all" {
			s.Types = []string{"all"} // every content type the site's API lists
		} else {
			d.strs(n, key, &s.Types)
		}
	case "max_body_bytes":
		integer(d, n, key, &s.MaxBodyBytes)
	case "featured_media":
		d.boolean(n, key, &s.FeaturedMedia)
	case "allow_redirect_hosts":
		d.strs(n, key, &s.AllowRedirectHosts)
		for i, h := range s.AllowRedirectHosts {
			s.AllowRedirectHosts[i] = strings.ToLower(h)
		}
	default:
		return false
	}
	return true
}
