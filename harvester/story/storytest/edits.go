package storytest

import (
	"fmt"
	"regexp"
	"strings"
)

// rewordings are the light rewordings of the reword edit: each is applied
// once, to its first occurrence, and at most maxRewordings of them.
var rewordings = [][2]string{
	{" said ", " stated "},
	{" according to ", " citing "},
	{" more than ", " over "},
	{" about ", " around "},
	{" officials ", " authorities "},
	{" on Tuesday", " Tuesday"},
	{" on Wednesday", " Wednesday"},
	{" early ", " in the early hours of "},
	{" told reporters", " said"},
	{" could ", " may "},
	{" several ", " a number of "},
	{" because ", " as "},
}

const maxRewordings = 5

var dateline = regexp.MustCompile(`^[A-Z][A-Za-z .,'’ÁÉÍÓÚáéíóú]+ \(Wire\) — `)

// apply applies d.Edits to d.
func apply(d *Doc, b *boilerplate) error {
	for _, e := range d.Edits {
		switch e {
		case "us":
			for _, r := range [][2]string{{"U.S.", "US"}, {"U.K.", "UK"}, {"U.N.", "UN"}} {
				d.Text = strings.ReplaceAll(d.Text, r[0], r[1])
			}
		case "drop-last", "drop-last2":
			n := 1
			if e == "drop-last2" {
				n = 2
			}
			paras := strings.Split(d.Text, "\n\n")
			d.Text = strings.Join(paras[:len(paras)-n], "\n\n")
		case "reword":
			done := 0
			for _, r := range rewordings {
				if done < maxRewordings && strings.Contains(d.Text, r[0]) {
					d.Text = strings.Replace(d.Text, r[0], r[1], 1)
					done++
				}
			}
		case "headline":
			d.Title = "UPDATED: " + strings.ToUpper(d.Title[:1]) + d.Title[1:] + " — what we know"
		case "dateline":
			d.Text = dateline.ReplaceAllString(d.Text, "")
		case "boiler":
			if b == nil {
				return fmt.Errorf("no boilerplate for site %q", d.Site)
			}
			parts := append(append(append([]string{}, b.header...), d.Text), b.footer...)
			d.Text = strings.Join(parts, "\n\n")
		default:
			return fmt.Errorf("unknown edit %q", e)
		}
	}
	return nil
}
