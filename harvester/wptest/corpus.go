package wptest

import (
	"strconv"
	"strings"
)

// frag is a sentence of the text pools, ready for rendering: its HTML
// already escaped for a JSON string, and its words (tags stripped, entities
// kept, as wp_trim_words sees them) escaped likewise for excerpts.
type frag struct {
	esc   string
	words []string
}

// corpus holds the escaped text pools of a site. It is built once per Site
// and only read afterwards.
type corpus struct {
	en, intl, emoji []frag
	headings        []string
	items           []string
	quotes          []string
	tpl             map[string]string
	share           [][3]string // escaped pieces of the sharing buttons
}

// put appends the escaped form of a content template constant (escaping
// it on the fly if it was not registered).
func (c *corpus) put(dst []byte, s string) []byte {
	if e, ok := c.tpl[s]; ok {
		return append(dst, e...)
	}
	return appendEsc(dst, s)
}

func newCorpus() *corpus {
	c := &corpus{
		en:    makeFrags(enSentences),
		intl:  makeFrags(intlSentences),
		emoji: makeFrags(emojiSentences),
	}
	for _, h := range headings {
		c.headings = append(c.headings, esc(h))
	}
	for _, it := range listItems {
		c.items = append(c.items, esc(it))
	}
	for _, q := range quotes {
		c.quotes = append(c.quotes, esc(q))
	}
	c.tpl = make(map[string]string)
	for _, t := range []string{tplShareHead, tplShareEnd, tplRelated, tplTableHead, tplTableFoot,
		tplQuoteOpen, tplQuoteClose, tplImageCaption, tplEmbed, tplEmbedOpen, tplAd, tplReadTime, tplReadTimeEnd} {
		c.tpl[t] = esc(t)
	}
	for _, net := range shareNets {
		pc := net.pieces()
		c.share = append(c.share, [3]string{esc(pc[0]), esc(pc[1]), esc(pc[2])})
	}
	return c
}

func makeFrags(src []string) []frag {
	out := make([]frag, len(src))
	for i, s := range src {
		f := frag{esc: esc(s)}
		for _, w := range strings.Fields(stripTags(s)) {
			f.words = append(f.words, esc(w))
		}
		out[i] = f
	}
	return out
}

func esc(s string) string { return string(appendEsc(nil, s)) }

// stripTags removes HTML tags, keeping text and entities.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// baseTitle is the rendered title a post was published with.
func baseTitle(seed, id int64) string {
	h := hash(seed, id, saltTitle)
	switch {
	case h%20 == 7:
		return intlTitles[(h>>8)%uint64(len(intlTitles))]
	case h%25 == 11:
		return emojiTitles[(h>>8)%uint64(len(emojiTitles))]
	}
	p := titlePatterns[(h>>8)%uint64(len(titlePatterns))]
	subj := titleSubjects[(h>>16)%uint64(len(titleSubjects))]
	return strings.Replace(p, "%s", subj, 1)
}

// title is the current rendered title: edits append " (updated N)".
func title(seed int64, r *rec) string {
	t := baseTitle(seed, r.id)
	if r.edits > 0 {
		t += " (updated " + strconv.FormatUint(uint64(r.edits), 10) + ")"
	}
	return t
}

// slugify mimics sanitize_title_with_dashes for a rendered title: entities
// and tags go, letters are lowercased, non-ASCII bytes are percent-encoded,
// everything else but digits, spaces and dashes is dropped.
func slugify(title string) string {
	s := stripTags(title)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '&':
			if j := strings.IndexByte(s[i:], ';'); j > 0 {
				i += j
				continue
			}
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '-':
			b.WriteByte(c)
		case c == ' ', c == '.', c == '\t':
			b.WriteByte('-')
		case c >= 0x80:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		}
	}
	out := b.String()
	for strings.Contains(out, "--") {
		out = strings.ReplaceAll(out, "--", "-")
	}
	out = strings.Trim(out, "-")
	if len(out) > 180 {
		out = strings.TrimRight(out[:180], "-%")
	}
	return out
}

// slug is the post's slug: its first title, slugified, with the id
// appended so that slugs are unique like WordPress makes them.
func slug(seed, id int64) string {
	return slugify(baseTitle(seed, id)) + "-" + strconv.FormatInt(id, 10)
}

// guid is the rendered GUID of a post under site root. Most are ROOT/?p=ID;
// a few carry the &#038; or &amp; forms WordPress stores for some posts;
// with duplicates on, posts 3, 53, 103, ... reuse their predecessor's.
func guid(root string, seed, id int64, dup bool) string {
	if dup && id%50 == 3 {
		id--
	}
	sid := strconv.FormatInt(id, 10)
	switch hash(seed, id, saltGUID) % 97 {
	case 3:
		return root + "/?post_type=post&#038;p=" + sid
	case 50:
		return root + "/?post_type=post&amp;p=" + sid
	}
	return root + "/?p=" + sid
}
