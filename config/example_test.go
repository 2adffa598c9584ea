package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"
)

const examplePath = "../config.example.yaml"

func TestExampleConfigLoads(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(examplePath, data, fakeEnv(map[string]string{"EXAMPLE_APP_PASSWORD": "abcd efgh"}))
	if err != nil {
		t.Fatalf("the example configuration does not load: %v", err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	// The example spells out the defaults.
	if !reflect.DeepEqual(c.Defaults, DefaultSettings()) {
		t.Errorf("example defaults = %+v\nwant DefaultSettings() = %+v", c.Defaults, DefaultSettings())
	}
	if c.Daemon != DefaultConfig().Daemon || c.UserAgent != "" || c.DB != filepath.Join("..", "wpharvest.db") {
		t.Errorf("example top level = %q %q %+v", c.DB, c.UserAgent, c.Daemon)
	}
	if len(c.Sites) != 2 || c.Sites[0].Name != "wpnews" || c.Sites[0].URL != "https://wordpress.org/news/" ||
		c.Sites[1].Name != "example" || c.Sites[1].Interval != Duration(time.Hour) ||
		c.Sites[1].Auth == nil || c.Sites[1].Auth.User != "harvester" || c.Sites[1].Auth.Password != "abcd efgh" {
		t.Errorf("example sites = %+v", c.Sites)
	}
	if _, err := Parse(examplePath, data, noEnv); err == nil {
		t.Error("the example loads without EXAMPLE_APP_PASSWORD set")
	}
}

// TestExampleConfigShowsEveryKey keeps the example complete as keys are
// added: each key appears as "key:" (possibly in a comment).
func TestExampleConfigShowsEveryKey(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	keys := slices.Concat(topKeys(), daemonKeys(), siteKeys(), authKeys())
	for _, k := range keys {
		if !regexp.MustCompile(`(?m)[\s{,]` + regexp.QuoteMeta(k) + `:`).Match(data) {
			t.Errorf("config.example.yaml does not show the key %q", k)
		}
	}
}
