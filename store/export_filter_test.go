package store

import (
	"testing"
	"time"
)

// TestExportOrderAndEveryFilter builds a known archive and checks the
// order (site, then date_gmt, then GUID key) and each filter alone and
// combined.
func TestExportOrderAndEveryFilter(t *testing.T) {
	db := openTemp(t)
	h := time.Hour
	at := func(p int, d time.Duration) time.Time { return t0.Add(d + time.Duration(p)*h) }
	mk := func(id int64, guid, typ string, date, mod time.Time) {
		p := mkPost(id, guid, mod, 20)
		p.Type, p.DateGMT = typ, date
		save(t, db, "news", p)
	}
	// news: ids and GUIDs chosen so that key order, id order and date
	// order all differ.
	mk(1, "m", "post", at(2, 0), at(2, 0)) // edited twice: v1 t0+2h, v2 t0+5h, v3 t0+9h
	mk(1, "m", "post", at(2, 0), at(5, 0)) //
	mk(1, "m", "post", at(2, 0), at(9, 0)) //
	mk(2, "a", "page", at(4, 0), at(4, 0)) // a page
	mk(3, "z", "post", at(1, 0), at(1, 0)) // oldest
	mk(4, "b", "post", at(2, 0), at(3, 0)) // same date as m: GUID key order puts b first
	mk(5, "d", "post", at(3, 0), at(3, 0)) // deleted below, with one version
	mk(5, "d", "post", at(3, 0), at(6, 0)) //
	mk(6, "q", "page", at(0, 0), at(7, 0)) // oldest date of all, modified late
	if _, err := db.MarkDeleted("news", "post", []int64{5}, at(10, 0)); err != nil {
		t.Fatal(err)
	}
	blog := mkPost(1, "x", t0, 20)
	blog.DateGMT = at(-5, 0)
	save(t, db, "blog", blog)

	cases := []struct {
		name string
		opts ExportOptions
		want []string
	}{
		{"order", ExportOptions{}, []string{
			"blog x 1 v1", "news q 6 v1", "news z 3 v1", "news b 4 v1", "news m 1 v3", "news a 2 v1"}},
		{"site", ExportOptions{Sites: []string{"blog"}}, []string{"blog x 1 v1"}},
		{"sites repeated", ExportOptions{Sites: []string{"news", "blog", "news"}}, []string{
			"blog x 1 v1", "news q 6 v1", "news z 3 v1", "news b 4 v1", "news m 1 v3", "news a 2 v1"}},
		{"type page", ExportOptions{Types: []string{"page"}}, []string{"news q 6 v1", "news a 2 v1"}},
		{"types", ExportOptions{Types: []string{"page", "post"}}, []string{
			"blog x 1 v1", "news q 6 v1", "news z 3 v1", "news b 4 v1", "news m 1 v3", "news a 2 v1"}},
		{"type none", ExportOptions{Types: []string{"attachment"}}, nil},
		{"include-deleted", ExportOptions{IncludeDeleted: true, Sites: []string{"news"}}, []string{
			"news q 6 v1", "news z 3 v1", "news b 4 v1", "news m 1 v3", "news d 5 v2", "news a 2 v1"}},
		{"versions", ExportOptions{Versions: true, Sites: []string{"news"}}, []string{
			"news q 6 v1", "news z 3 v1", "news b 4 v1", "news m 1 v1", "news m 1 v2", "news m 1 v3", "news a 2 v1"}},
		{"versions+deleted", ExportOptions{Versions: true, IncludeDeleted: true, Sites: []string{"news"}}, []string{
			"news q 6 v1", "news z 3 v1", "news b 4 v1", "news m 1 v1", "news m 1 v2", "news m 1 v3",
			"news d 5 v1", "news d 5 v2", "news a 2 v1"}},
		{"since", ExportOptions{Since: at(4, 0)}, []string{"news q 6 v1", "news m 1 v3", "news a 2 v1"}},
		{"until", ExportOptions{Until: at(3, 0)}, []string{"blog x 1 v1", "news z 3 v1"}},
		{"since+until", ExportOptions{Since: at(3, 0), Until: at(7, 0)}, []string{"news b 4 v1", "news a 2 v1"}},
		{"raw", ExportOptions{Raw: true, Sites: []string{"blog"}}, []string{"blog x 1 v1"}},
		{"combined", ExportOptions{Sites: []string{"news"}, Types: []string{"post"}, Since: at(3, 0), Until: at(9, 0),
			IncludeDeleted: true, Versions: true, Raw: true}, []string{
			"news b 4 v1", "news m 1 v2", "news d 5 v1", "news d 5 v2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := export(t, db, c.opts)
			equalStrings(t, "export", summary(lines), c.want)
			for _, l := range lines {
				if _, has := l["raw"]; has != c.opts.Raw {
					t.Fatalf("raw field present: %v, want %v", has, c.opts.Raw)
				}
			}
		})
	}
}
