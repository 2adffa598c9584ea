package config

import (
	"slices"
	"testing"
)

// TestTypesAll accepts `types: all` as a scalar as well as in a list, and
// keeps rejecting other scalars.
func TestTypesAll(t *testing.T) {
	for _, src := range []string{
		"sites:\n  - name: a\n    url: https://a.example\n    types: all\n",
		"sites:\n  - name: a\n    url: https://a.example\n    types: [all]\n",
		"defaults:\n  types: all\nsites:\n  - name: a\n    url: https://a.example\n",
	} {
		c, err := Parse("test.yaml", []byte(src), func(string) string { return "" })
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := c.Sites[0].Types; !slices.Equal(got, []string{"all"}) {
			t.Errorf("%q: types = %q, want [all]", src, got)
		}
	}
	bad := "sites:\n  - name: a\n    url: https://a.example\n    types: pages\n"
	if _, err := Parse("test.yaml", []byte(bad), func(string) string { return "" }); err == nil {
		t.Errorf("types: pages (a scalar) accepted")
	}
}
