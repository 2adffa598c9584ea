package wptest

import (
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// renderCtx holds what one request's rendering needs: the site root as the
// client sees it (scheme, host and base path) and how REST URLs are formed.
type renderCtx struct {
	root      string // e.g. http://127.0.0.1:4567/news
	plain     bool   // REST URLs use ?rest_route=
	prefixEsc string // JSON-escaped ROOT/wp-json or ROOT/?rest_route=
}

func newRenderCtx(root string, plain bool) *renderCtx {
	rc := &renderCtx{root: root, plain: plain}
	if plain {
		rc.prefixEsc = esc(root + "/?rest_route=")
	} else {
		rc.prefixEsc = esc(root + "/wp-json")
	}
	return rc
}

// appendRest appends the JSON-escaped REST URL of route, id (when not
// negative) and tail, with the query qkey=qid when qkey is set.
func (rc *renderCtx) appendRest(b []byte, route string, id int64, tail, qkey string, qid int64) []byte {
	b = append(b, rc.prefixEsc...)
	b = appendEsc(b, route)
	if id >= 0 {
		b = appendInt(b, id)
	}
	b = appendEsc(b, tail)
	if qkey != "" {
		if rc.plain {
			b = append(b, '&')
		} else {
			b = append(b, '?')
		}
		b = append(b, qkey...)
		b = append(b, '=')
		b = appendInt(b, qid)
	}
	return b
}

// restURL is the URL of a REST route with an optional query (already
// encoded), formed like rest_url() for the site's permalink mode.
func (rc *renderCtx) restURL(route, query string) string {
	if rc.plain {
		u := rc.root + "/?rest_route=" + route
		if query != "" {
			u += "&" + query
		}
		return u
	}
	u := rc.root + "/wp-json" + route
	if query != "" {
		u += "?" + query
	}
	return u
}

// apiRoot is the discovery URL of the REST API.
func (rc *renderCtx) apiRoot() string { return rc.restURL("/", "") }

// permalink is the public URL of a post.
func (s *Site) permalink(rc *renderCtx, r *rec) string {
	return s.permalinkSlug(rc, r, slug(s.opts.Seed, r.id))
}

func (s *Site) permalinkSlug(rc *renderCtx, r *rec, sl string) string {
	if s.opts.PlainPermalinks {
		return rc.root + "/?p=" + itoa(r.id)
	}
	b := make([]byte, 0, len(rc.root)+80)
	b = append(b, rc.root...)
	b = append(b, '/')
	w := appendWall(nil, r.dateWall)
	b = append(b, w[0:4]...)
	b = append(b, '/')
	b = append(b, w[5:7]...)
	b = append(b, '/')
	b = append(b, w[8:10]...)
	b = append(b, '/')
	b = append(b, sl...)
	b = append(b, '/')
	return string(b)
}

// appendPost appends one post object in WordPress's field order, keeping
// only the fields sel selects.
func (s *Site) appendPost(dst []byte, r *rec, rc *renderCtx, sel *selection) []byte {
	seed := s.opts.Seed
	h := hash(seed, r.id, saltMeta)
	o := objw{b: dst}
	o.begin()
	var link, sl string
	if sel.want(fSlug) || sel.want(fLink) || sel.want(fContent) {
		sl = slug(seed, r.id)
		link = s.permalinkSlug(rc, r, sl)
	}
	if sel.want(fID) {
		o.key("id")
		o.b = appendInt(o.b, r.id)
	}
	if sel.want(fDate) {
		o.key("date")
		o.b = append(appendWall(append(o.b, '"'), r.dateWall), '"')
	}
	if sel.want(fDateGMT) {
		o.key("date_gmt")
		o.b = append(appendWall(append(o.b, '"'), r.date), '"')
	}
	if sel.want(fGUID) {
		o.key("guid")
		o.b = s.rendered(o.b, sel, fGUID, func(b []byte) []byte {
			return appendEsc(b, guid(rc.root, seed, r.id, s.opts.DuplicateGUIDs))
		}, false)
	}
	if sel.want(fModified) {
		o.key("modified")
		o.b = append(appendWall(append(o.b, '"'), r.modifiedWall), '"')
	}
	if sel.want(fModifiedGMT) {
		o.key("modified_gmt")
		o.b = append(appendWall(append(o.b, '"'), r.modified), '"')
	}
	if sel.want(fSlug) {
		o.key("slug")
		o.b = appendStr(o.b, sl)
	}
	if sel.want(fStatus) {
		o.key("status")
		o.b = appendStr(o.b, statusNames[r.status])
	}
	if sel.want(fType) {
		o.key("type")
		o.b = append(o.b, `"post"`...)
	}
	if sel.want(fLink) {
		o.key("link")
		o.b = appendStr(o.b, link)
	}
	if sel.want(fTitle) {
		o.key("title")
		o.b = s.rendered(o.b, sel, fTitle, func(b []byte) []byte { return appendEsc(b, title(seed, r)) }, false)
	}
	if sel.want(fContent) {
		o.key("content")
		o.b = s.rendered(o.b, sel, fContent, func(b []byte) []byte { return s.appendContent(b, r, rc, link) }, true)
	}
	if sel.want(fExcerpt) {
		o.key("excerpt")
		o.b = s.rendered(o.b, sel, fExcerpt, func(b []byte) []byte { return s.appendExcerpt(b, r) }, true)
	}
	author := int64(1 + h%5)
	if sel.want(fAuthor) {
		o.key("author")
		o.b = appendInt(o.b, author)
	}
	media := int64(0)
	if (h>>8)%3 != 0 {
		media = r.id*10 + 1
	}
	if sel.want(fFeaturedMedia) {
		o.key("featured_media")
		o.b = appendInt(o.b, media)
	}
	if sel.want(fCommentStatus) {
		o.key("comment_status")
		if (h>>12)%4 == 0 {
			o.b = append(o.b, `"closed"`...)
		} else {
			o.b = append(o.b, `"open"`...)
		}
	}
	if sel.want(fPingStatus) {
		o.key("ping_status")
		o.b = append(o.b, `"open"`...)
	}
	if sel.want(fSticky) {
		o.key("sticky")
		o.b = append(o.b, "false"...)
	}
	if sel.want(fTemplate) {
		o.key("template")
		o.b = append(o.b, `""`...)
	}
	format := "standard"
	if (h>>16)%23 == 0 {
		format = "video"
	}
	if sel.want(fFormat) {
		o.key("format")
		o.b = appendStr(o.b, format)
	}
	if sel.want(fMeta) {
		o.key("meta")
		m := objw{b: o.b}
		m.begin()
		if sel.wantSub(fMeta, "footnotes") {
			m.key("footnotes")
			m.b = append(m.b, `""`...)
		}
		m.end()
		o.b = m.b
	}
	cat := 1 + (h>>20)%uint64(len(categories))
	ntags := int((h >> 24) % 4)
	if sel.want(fCategories) {
		o.key("categories")
		o.b = append(appendInt(append(o.b, '['), int64(cat)), ']')
	}
	if sel.want(fTags) {
		o.key("tags")
		o.b = append(o.b, '[')
		for i := 0; i < ntags; i++ {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = appendInt(o.b, int64(20+(h>>(28+5*i))%uint64(len(tagSlugs))))
		}
		o.b = append(o.b, ']')
	}
	if sel.want(fClassList) {
		o.key("class_list")
		o.b = append(o.b, `["post-`...)
		o.b = appendInt(o.b, r.id)
		o.b = append(o.b, `","post","type-post","status-`...)
		o.b = append(o.b, statusNames[r.status]...)
		o.b = append(o.b, `","format-`...)
		o.b = append(o.b, format...)
		o.b = append(o.b, '"')
		if media != 0 {
			o.b = append(o.b, `,"has-post-thumbnail"`...)
		}
		o.b = append(o.b, `,"hentry","category-`...)
		o.b = append(o.b, categories[cat-1].slug...)
		o.b = append(o.b, '"')
		for i := 0; i < ntags; i++ {
			o.b = append(o.b, `,"tag-`...)
			o.b = append(o.b, tagSlugs[(h>>(28+5*i))%uint64(len(tagSlugs))]...)
			o.b = append(o.b, '"')
		}
		o.b = append(o.b, ']')
	}
	if sel.want(fLinks) {
		o.key("_links")
		o.b = s.appendLinks(o.b, r, rc, sel, author, media)
	}
	o.end()
	return o.b
}

// rendered appends a {"rendered":...} object (with "protected":false when
// prot is set), honouring sub-field selection.
func (s *Site) rendered(dst []byte, sel *selection, f int, body func([]byte) []byte, prot bool) []byte {
	o := objw{b: dst}
	o.begin()
	if sel.wantSub(f, "rendered") {
		o.key("rendered")
		o.b = append(body(append(o.b, '"')), '"')
	}
	if prot && sel.wantSub(f, "protected") {
		o.key("protected")
		o.b = append(o.b, "false"...)
	}
	o.end()
	return o.b
}

// appendLinks appends the _links object of a post.
func (s *Site) appendLinks(dst []byte, r *rec, rc *renderCtx, sel *selection, author, media int64) []byte {
	o := objw{b: dst}
	o.begin()
	// href writes [{PRE"href":"URL"POST}] where URL is the REST URL of
	// route+id+tail, with ?qkey=qid (or &qkey=qid) when qkey is set.
	href := func(rel, pre, route string, id int64, tail, qkey string, qid int64, post string) {
		if !sel.wantSub(fLinks, rel) {
			return
		}
		o.key(rel)
		o.b = append(o.b, `[{`...)
		o.b = append(o.b, pre...)
		o.b = append(o.b, `"href":"`...)
		o.b = rc.appendRest(o.b, route, id, tail, qkey, qid)
		o.b = append(o.b, '"')
		o.b = append(o.b, post...)
		o.b = append(o.b, `}]`...)
	}
	href("self", "", "/wp/v2/posts/", r.id, "", "", 0, `,"targetHints":{"allow":["GET"]}`)
	href("collection", "", "/wp/v2/posts", -1, "", "", 0, "")
	href("about", "", "/wp/v2/types/post", -1, "", "", 0, "")
	href("author", `"embeddable":true,`, "/wp/v2/users/", author, "", "", 0, "")
	href("replies", `"embeddable":true,`, "/wp/v2/comments", -1, "", "post", r.id, "")
	if sel.wantSub(fLinks, "version-history") {
		o.key("version-history")
		o.b = append(o.b, `[{"count":`...)
		o.b = appendInt(o.b, int64(r.edits))
		o.b = append(o.b, `,"href":"`...)
		o.b = rc.appendRest(o.b, "/wp/v2/posts/", r.id, "/revisions", "", 0)
		o.b = append(o.b, `"}]`...)
	}
	if r.edits > 0 && sel.wantSub(fLinks, "predecessor-version") {
		rev := r.id*1000 + int64(r.edits)
		o.key("predecessor-version")
		o.b = append(o.b, `[{"id":`...)
		o.b = appendInt(o.b, rev)
		o.b = append(o.b, `,"href":"`...)
		o.b = rc.appendRest(o.b, "/wp/v2/posts/"+itoa(r.id)+"/revisions/", rev, "", "", 0)
		o.b = append(o.b, `"}]`...)
	}
	if media != 0 {
		href("wp:featuredmedia", `"embeddable":true,`, "/wp/v2/media/", media, "", "", 0, "")
	}
	href("wp:attachment", "", "/wp/v2/media", -1, "", "parent", r.id, "")
	if sel.wantSub(fLinks, "wp:term") {
		o.key("wp:term")
		o.b = append(o.b, `[{"taxonomy":"category","embeddable":true,"href":"`...)
		o.b = rc.appendRest(o.b, "/wp/v2/categories", -1, "", "post", r.id)
		o.b = append(o.b, `"},{"taxonomy":"post_tag","embeddable":true,"href":"`...)
		o.b = rc.appendRest(o.b, "/wp/v2/tags", -1, "", "post", r.id)
		o.b = append(o.b, `"}]`...)
	}
	if sel.wantSub(fLinks, "curies") {
		o.key("curies")
		o.b = append(o.b, `[{"name":"wp","href":"https:\/\/api.w.org\/{rel}","templated":true}]`...)
	}
	o.end()
	return o.b
}
