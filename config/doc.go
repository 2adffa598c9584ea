// Package config turns a wpharvest YAML file into a validated Config.
//
// Loading follows three steps: start from DefaultConfig, decode the file
// strictly (an unknown key anywhere is an error), then Validate. Every site
// inherits the defaults section and may override any of its keys. Secrets
// never live in the file itself: an auth section names an environment
// variable (password_env) or a file (password_file) that holds the password,
// and the password is resolved while loading.
//
// Every problem is reported as an *Error naming the file, the line and the
// key path (for example "cfg.yaml:7: sites[0].intervall: unknown key"), and
// all problems of a file are reported at once, joined with errors.Join.
//
// The package imports nothing else of wpharvest.
package config
