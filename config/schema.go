package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// topKeys returns the keys known at the top level of the file.
func topKeys() []string { return []string{"db", "user_agent", "defaults", "daemon", "sites"} }

// daemonKeys returns the keys of the daemon section.
func daemonKeys() []string { return []string{"listen", "max_sites"} }

// authKeys returns the keys of a site's auth section.
func authKeys() []string { return []string{"user", "password_env", "password_file"} }

// siteKeys returns the keys a site entry may hold.
func siteKeys() []string {
	return append([]string{"name", "url", "auth"}, settingKeys()...)
}

// document decodes the root of a parsed file into c, which holds the
// defaults. The defaults section is decoded before the sites, wherever it
// appears, because sites inherit it.
func (d *decoder) document(root *yaml.Node, c *Config) {
	if root == nil || root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return
	}
	top := map[string]*yaml.Node{}
	for _, e := range d.mapping(root.Content[0], "", topKeys()) {
		top[e.name] = e.val
	}
	if n, ok := top["db"]; ok {
		d.str(n, "db", &c.DB)
		d.dbSet = !isNull(resolve(n))
	}
	if n, ok := top["user_agent"]; ok {
		d.str(n, "user_agent", &c.UserAgent)
	}
	for _, e := range d.mapping(top["defaults"], "defaults", settingKeys()) {
		d.setting(&c.Defaults, e.name, e.val, "defaults."+e.name)
	}
	for _, e := range d.mapping(top["daemon"], "daemon", daemonKeys()) {
		key := "daemon." + e.name
		switch e.name {
		case "listen":
			d.str(e.val, key, &c.Daemon.Listen)
		case "max_sites":
			integer(d, e.val, key, &c.Daemon.MaxSites)
		}
	}
	d.sites(top["sites"], c)
}

// sites decodes the list of sites, each laid over a copy of c.Defaults. An
// entry that is not a mapping still takes its place in c.Sites, so that
// indexes match the file; its problem is already reported.
func (d *decoder) sites(n *yaml.Node, c *Config) {
	r := resolve(n)
	if isNull(r) {
		return
	}
	if r.Kind != yaml.SequenceNode {
		d.fail(n.Line, "sites", fmt.Errorf("expected a list of sites, got %s", describe(r)))
		return
	}
	known := siteKeys()
	for i, item := range r.Content {
		if !d.visit() {
			return
		}
		prefix := fmt.Sprintf("sites[%d]", i)
		site := Site{Settings: cloneSettings(c.Defaults), Line: item.Line}
		d.lines[prefix] = item.Line
		if ri := resolve(item); ri == nil || ri.Kind != yaml.MappingNode {
			d.fail(item.Line, prefix, fmt.Errorf("expected a mapping with name and url, got %s", describe(ri)))
			c.Sites = append(c.Sites, site)
			continue
		}
		for _, e := range d.mapping(item, prefix, known) {
			key := prefix + "." + e.name
			switch e.name {
			case "name":
				d.str(e.val, key, &site.Name)
			case "url":
				d.str(e.val, key, &site.URL)
			case "auth":
				site.Auth = d.auth(e.val, key)
			default:
				d.setting(&site.Settings, e.name, e.val, key)
			}
		}
		site.URL = strings.TrimSpace(site.URL)
		c.Sites = append(c.Sites, site)
	}
}

// auth decodes a site's auth section; nil when it is null or not a
// mapping (the latter is reported).
func (d *decoder) auth(n *yaml.Node, key string) *Auth {
	r := resolve(n)
	if isNull(r) {
		return nil
	}
	if r.Kind != yaml.MappingNode {
		d.fail(n.Line, key, fmt.Errorf("expected a mapping with user and password_env or password_file, got %s", describe(r)))
		return nil
	}
	a := &Auth{}
	for _, e := range d.mapping(n, key, authKeys()) {
		k := key + "." + e.name
		switch e.name {
		case "user":
			d.str(e.val, k, &a.User)
		case "password_env":
			d.str(e.val, k, &a.PasswordEnv)
		case "password_file":
			d.str(e.val, k, &a.PasswordFile)
		}
	}
	return a
}
