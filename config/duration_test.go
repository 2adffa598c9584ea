package config

import (
	"encoding/json"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		str  string
	}{
		{"15m", 15 * time.Minute, "15m"},
		{"30s", 30 * time.Second, "30s"},
		{"24h", 24 * time.Hour, "24h"},
		{"1h30m", 90 * time.Minute, "1h30m"},
		{"90s", 90 * time.Second, "1m30s"},
		{"10h0m1s", 10*time.Hour + time.Second, "10h0m1s"},
		{"1.5s", 1500 * time.Millisecond, "1.5s"},
		{"250ms", 250 * time.Millisecond, "250ms"},
		{"0", 0, "0s"},
		{" 2m ", 2 * time.Minute, "2m"},
	} {
		var d Duration
		if err := d.UnmarshalText([]byte(tc.in)); err != nil {
			t.Errorf("UnmarshalText(%q): %v", tc.in, err)
			continue
		}
		if time.Duration(d) != tc.want || d.String() != tc.str {
			t.Errorf("%q: got %v, String %q; want %v, %q", tc.in, time.Duration(d), d.String(), tc.want, tc.str)
		}
		var back Duration
		if err := back.UnmarshalText([]byte(d.String())); err != nil || back != d {
			t.Errorf("String() %q does not parse back: %v %v", d.String(), back, err)
		}
	}
	for _, bad := range []string{"15x", "", "15", "1d", "abc"} {
		var d Duration
		if err := d.UnmarshalText([]byte(bad)); err == nil || err.Error() != `invalid duration "`+bad+`"` {
			t.Errorf("UnmarshalText(%q) = %v", bad, err)
		}
	}
}

func TestDurationYAMLAndJSON(t *testing.T) {
	type box struct {
		D Duration `yaml:"d" json:"d"`
	}
	out, err := yaml.Marshal(box{Duration(15 * time.Minute)})
	if err != nil || string(out) != "d: 15m\n" {
		t.Fatalf("yaml.Marshal = %q, %v", out, err)
	}
	var b box
	if err := yaml.Unmarshal([]byte("d: 1h30m\n"), &b); err != nil || b.D != Duration(90*time.Minute) {
		t.Fatalf("yaml.Unmarshal = %v, %v", b.D, err)
	}
	if err := yaml.Unmarshal([]byte("d: [1]\n"), &b); err == nil {
		t.Fatal("yaml.Unmarshal of a list into a Duration succeeded")
	}
	j, err := json.Marshal(box{Duration(30 * time.Second)})
	if err != nil || string(j) != `{"d":"30s"}` {
		t.Fatalf("json.Marshal = %s, %v", j, err)
	}
}
