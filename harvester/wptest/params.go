package wptest

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// listQuery is a validated request to the posts collection.
type listQuery struct {
	page, perPage int
	offset        int
	hasOffset     bool
	desc          bool
	orderby       string
	include       []int64
	exclude       map[int64]bool
	edit          bool
	dates         [4]int64 // after, modified_after, before, modified_before (site wall seconds)
	hasDate       [4]bool
	sel           selection
}

const (
	dAfter = iota
	dModAfter
	dBefore
	dModBefore
)

var dateParams = [4]string{"after", "modified_after", "before", "modified_before"}

// maxPerPage is the largest per_page the site accepts.
func (s *Site) maxPerPage() int {
	if s.opts.PerPageCap > 0 && s.opts.PerPageCap < 100 {
		return s.opts.PerPageCap
	}
	return 100
}

// rest_parse_date's pattern: RFC 3339 with an optional zone.
var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|z|[+-]\d{2}(?::?\d{2})?)?$`)

// parseDateParam converts a date parameter to site wall seconds the way
// WP_Date_Query does: a value with a zone is converted to the site
// timezone, a value without one is taken as site-local already.
func parseDateParam(v string, loc *time.Location) (int64, bool) {
	if !dateRE.MatchString(v) {
		return 0, false
	}
	v = strings.Replace(strings.Replace(v, "t", "T", 1), " ", "T", 1)
	if strings.HasSuffix(v, "z") {
		v = v[:len(v)-1] + "Z"
	}
	body := v[:19]
	zone := v[19:]
	if i := strings.IndexAny(zone, "Z+-"); i >= 0 {
		zone = zone[i:]
	} else {
		zone = ""
	}
	wall, err := time.ParseInLocation("2006-01-02T15:04:05", body, time.UTC)
	if err != nil {
		return 0, false
	}
	if zone == "" {
		return wall.Unix(), true
	}
	var off int
	if zone != "Z" {
		sign := 1
		if zone[0] == '-' {
			sign = -1
		}
		digits := strings.ReplaceAll(zone[1:], ":", "")
		h, _ := strconv.Atoi(digits[:2])
		m := 0
		if len(digits) >= 4 {
			m, _ = strconv.Atoi(digits[2:4])
		}
		off = sign * (h*3600 + m*60)
	}
	return wallSeconds(wall.Unix()-int64(off), loc), true
}

// intParam validates an integer parameter with bounds (max 0 = none).
func intParam(q url.Values, name string, def, min, max int, bad *[]badParam) int {
	v, ok := first(q, name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		*bad = append(*bad, badParam{name, name + " is not of type integer.", "rest_invalid_type", `{"param":"` + name + `"}`})
		return def
	}
	switch {
	case max > 0 && (n < min || n > max):
		msg := name + " must be between " + strconv.Itoa(min) + " (inclusive) and " + strconv.Itoa(max) + " (inclusive)"
		*bad = append(*bad, badParam{name, msg, "rest_out_of_bounds", "null"})
	case max == 0 && n < min:
		msg := name + " must be greater than or equal to " + strconv.Itoa(min)
		*bad = append(*bad, badParam{name, msg, "rest_out_of_bounds", "null"})
	}
	return n
}

func first(q url.Values, name string) (string, bool) {
	vs, ok := q[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

// idList parses an array-of-integers parameter (comma list or name[]).
func idList(q url.Values, name string, bad *[]badParam) ([]int64, bool) {
	var raw []string
	present := false
	for _, key := range []string{name, name + "[]"} {
		for _, v := range q[key] {
			present = true
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					raw = append(raw, p)
				}
			}
		}
	}
	ids := make([]int64, 0, len(raw))
	for i, p := range raw {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			pn := name + "[" + strconv.Itoa(i) + "]"
			*bad = append(*bad, badParam{name, pn + " is not of type integer.", "rest_invalid_type", `{"param":"` + pn + `"}`})
			return nil, present
		}
		ids = append(ids, n)
	}
	return ids, present
}

func enumParam(q url.Values, name, def string, allowed []string, bad *[]badParam) string {
	v, ok := first(q, name)
	if !ok {
		return def
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	list := strings.Join(allowed[:len(allowed)-1], ", ")
	if len(allowed) > 2 {
		list += ","
	}
	list += " and " + allowed[len(allowed)-1]
	*bad = append(*bad, badParam{name, name + " is not one of " + list + ".", "rest_not_in_enum", "null"})
	return def
}

var orderbyEnum = []string{"author", "date", "id", "include", "modified", "parent", "relevance", "slug", "include_slugs", "title"}

// parseList validates the parameters of a collection request in
// WordPress's order: schema validation of every argument first (all
// failures reported together), then the status sanitizer, then the
// permission and orderby=include checks.
func (s *Site) parseList(q url.Values) (listQuery, []byte, int) {
	var lq listQuery
	var bad []badParam
	ctx := enumParam(q, "context", "view", []string{"view", "embed", "edit"}, &bad)
	lq.edit = ctx == "edit"
	lq.page = intParam(q, "page", 1, 1, 0, &bad)
	lq.perPage = intParam(q, "per_page", 10, 1, s.maxPerPage(), &bad)
	for i, name := range dateParams {
		v, ok := first(q, name)
		if !ok {
			continue
		}
		w, ok := parseDateParam(v, s.opts.Timezone)
		if !ok {
			bad = append(bad, badParam{name, "Invalid date.", "rest_invalid_date", "null"})
			continue
		}
		if s.opts.IgnoreModifiedAfter && (i == dModAfter || i == dModBefore) {
			continue
		}
		lq.dates[i], lq.hasDate[i] = w, true
	}
	excl, _ := idList(q, "exclude", &bad)
	if len(excl) > 0 {
		lq.exclude = make(map[int64]bool, len(excl))
		for _, id := range excl {
			lq.exclude[id] = true
		}
	}
	if incl, _ := idList(q, "include", &bad); len(incl) > 0 {
		lq.include = incl
	}
	if _, ok := first(q, "offset"); ok {
		lq.offset, lq.hasOffset = intParam(q, "offset", 0, -1<<31, 0, &bad), true
	}
	lq.desc = enumParam(q, "order", "desc", []string{"asc", "desc"}, &bad) == "desc"
	lq.orderby = enumParam(q, "orderby", "date", orderbyEnum, &bad)
	if len(bad) > 0 {
		return lq, invalidParams(bad), 400
	}
	for _, key := range []string{"status", "status[]"} {
		for _, v := range q[key] {
			for _, st := range strings.Split(v, ",") {
				if st = strings.TrimSpace(st); st != "" && st != "publish" {
					return lq, invalidParams([]badParam{{"status", "Status is forbidden.", "rest_forbidden_status", `{"status":401}`}}), 400
				}
			}
		}
	}
	if lq.edit {
		return lq, errContext.body(), errContext.status
	}
	if lq.orderby == "include" && len(lq.include) == 0 {
		return lq, errNoIncl.body(), errNoIncl.status
	}
	lq.sel = parseFields(q)
	return lq, nil, 0
}
