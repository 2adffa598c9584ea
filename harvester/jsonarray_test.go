package harvester

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestSplitJSONArray(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{`[]`, nil},
		{` [ ] `, nil},
		{`[{"a":1}]`, []string{`{"a":1}`}},
		{`[{"a":"]},{"},{"b":[1,2,{"c":"\""}]}]`, []string{`{"a":"]},{"}`, `{"b":[1,2,{"c":"\""}]}`}},
		{"[1, 22 ,true,null,\"x\\\\\",[],{}]", []string{"1", "22", "true", "null", `"x\\"`, "[]", "{}"}},
		{"[\n  {\"id\": 1},\n  {\"id\": 2}\n]\n", []string{`{"id": 1}`, `{"id": 2}`}},
	} {
		got, err := splitJSONArray([]byte(tc.in))
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		var gs []string
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if !slices.Equal(gs, tc.want) {
			t.Fatalf("%s: got %q, want %q", tc.in, gs, tc.want)
		}
	}
}

// FuzzSplitJSONArray checks the splitter against encoding/json on every
// valid array: same number of elements, each equal to what json finds.
func FuzzSplitJSONArray(f *testing.F) {
	for _, s := range []string{`[]`, `[{"a":"]"}]`, `[1,"x",[2,{"y":null}]]`, `[ "\"", 3.5e10 ]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var want []json.RawMessage
		if json.Unmarshal(b, &want) != nil {
			return
		}
		got, err := splitJSONArray(b)
		if err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d elements, json finds %d", b, len(got), len(want))
		}
		for i := range got {
			var a, c any
			if json.Unmarshal(got[i], &a) != nil || json.Unmarshal(want[i], &c) != nil {
				t.Fatalf("%q: element %d %q is not valid", b, i, got[i])
			}
		}
	})
}
