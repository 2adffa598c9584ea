package wptest

import (
	"strconv"
	"time"
)

// appendIndex appends the API index (the answer of /wp-json/).
func (s *Site) appendIndex(b []byte, rc *renderCtx) []byte {
	b = append(b, `{"name":`...)
	b = appendStr(b, s.opts.Name)
	b = append(b, `,"description":"Just another WordPress site","url":`...)
	b = appendStr(b, rc.root)
	b = append(b, `,"home":`...)
	b = appendStr(b, rc.root)
	b = append(b, `,"gmt_offset":`...)
	_, off := time.Now().In(s.opts.Timezone).Zone()
	if off == 0 {
		b = append(b, `"0"`...)
	} else {
		b = strconv.AppendFloat(b, float64(off)/3600, 'f', -1, 64)
	}
	b = append(b, `,"timezone_string":`...)
	tz := s.opts.Timezone.String()
	if tz == "UTC" || tz == "Local" {
		tz = ""
	}
	b = appendStr(b, tz)
	b = append(b, `,"page_for_posts":0,"page_on_front":0,"show_on_front":"posts","namespaces":["oembed\/1.0","wp\/v2","wp-site-health\/v1","wp-block-editor\/v1"],"authentication":{"application-passwords":{"endpoints":{"authorization":`...)
	b = appendStr(b, rc.root+"/wp-admin/authorize-application.php")
	b = append(b, `}}},"routes":{"\/":{"namespace":"","methods":["GET"],"endpoints":[{"methods":["GET"],"args":{"context":{"default":"view","required":false}}}],"_links":{"self":[{"href":`...)
	b = appendStr(b, rc.apiRoot())
	b = append(b, `}]}},`...)
	b = s.appendRoutes(b, rc)
	b = append(b, `},"site_logo":0,"site_icon":0,"site_icon_url":"","_links":{"help":[{"href":"https:\/\/developer.wordpress.org\/rest-api\/"}]}}`...)
	return b
}

// appendNamespace appends the wp/v2 namespace index.
func (s *Site) appendNamespace(b []byte, rc *renderCtx) []byte {
	b = append(b, `{"namespace":"wp\/v2","routes":{`...)
	b = s.appendRoutes(b, rc)
	b = append(b, `},"_links":{"up":[{"href":`...)
	b = appendStr(b, rc.apiRoot())
	return append(b, `}]}}`...)
}

// appendRoutes appends the descriptions of the wp/v2 routes the site serves.
func (s *Site) appendRoutes(b []byte, rc *renderCtx) []byte {
	b = append(b, `"\/wp\/v2":{"namespace":"wp\/v2","methods":["GET"],"endpoints":[{"methods":["GET"],"args":{"namespace":{"default":"wp\/v2","required":false},"context":{"default":"view","required":false}}}],"_links":{"self":[{"href":`...)
	b = appendStr(b, rc.restURL("/wp/v2", ""))
	b = append(b, `}]}},"\/wp\/v2\/posts":{"namespace":"wp\/v2","methods":["GET","POST"],"endpoints":[{"methods":["GET"],"allow_batch":{"v1":true},"args":{`...)
	b = append(b, `"context":{"description":"Scope under which the request is made; determines fields present in response.","type":"string","enum":["view","embed","edit"],"default":"view","required":false},`...)
	b = append(b, `"page":{"description":"Current page of the collection.","type":"integer","default":1,"minimum":1,"required":false},`...)
	b = append(b, `"per_page":{"description":"Maximum number of items to be returned in result set.","type":"integer","default":10,"minimum":1,"maximum":`...)
	b = strconv.AppendInt(b, int64(s.maxPerPage()), 10)
	b = append(b, `,"required":false},`...)
	for _, d := range [...]string{"after", "modified_after", "before", "modified_before"} {
		b = append(b, `"`+d+`":{"description":"Limit response to posts by a given ISO8601 compliant date.","type":"string","format":"date-time","required":false},`...)
	}
	b = append(b, `"exclude":{"description":"Ensure result set excludes specific IDs.","type":"array","items":{"type":"integer"},"default":[],"required":false},`...)
	b = append(b, `"include":{"description":"Limit result set to specific IDs.","type":"array","items":{"type":"integer"},"default":[],"required":false},`...)
	b = append(b, `"offset":{"description":"Offset the result set by a specific number of items.","type":"integer","required":false},`...)
	b = append(b, `"order":{"description":"Order sort attribute ascending or descending.","type":"string","default":"desc","enum":["asc","desc"],"required":false},`...)
	b = append(b, `"orderby":{"description":"Sort collection by post attribute.","type":"string","default":"date","enum":["author","date","id","include","modified","parent","relevance","slug","include_slugs","title"],"required":false},`...)
	b = append(b, `"status":{"default":"publish","description":"Limit result set to posts assigned one or more statuses.","type":"array","items":{"enum":["publish","future","draft","pending","private","trash","auto-draft","inherit","request-pending","request-confirmed","request-failed","request-completed","any"],"type":"string"},"required":false}`...)
	b = append(b, `}},{"methods":["POST"],"allow_batch":{"v1":true},"args":{}}],"_links":{"self":[{"href":`...)
	b = appendStr(b, rc.restURL("/wp/v2/posts", ""))
	b = append(b, `}]}},"\/wp\/v2\/posts\/(?P<id>[\\d]+)":{"namespace":"wp\/v2","methods":["GET","POST","PUT","PATCH","DELETE"],"endpoints":[{"methods":["GET"],"allow_batch":{"v1":true},"args":{"id":{"description":"Unique identifier for the post.","type":"integer","required":false},"context":{"description":"Scope under which the request is made; determines fields present in response.","type":"string","enum":["view","embed","edit"],"default":"view","required":false}}}]}`...)
	return b
}
