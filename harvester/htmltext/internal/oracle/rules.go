package oracle

import "bytes"

// This file holds the whole decoration rule set: the markup that plugins and
// themes add to content.rendered but that is not article text. An element
// that matches any rule is dropped together with its content. Keep the rules
// general (well-known class names and ids, one line each) rather than adding
// special cases to the walker.
//
// Class names and ids are matched case-sensitively, as HTML does.

// matchKind says which attribute a rule looks at and how.
type matchKind uint8

const (
	classIs     matchKind = iota + 1 // a class token equals the value
	classPrefix                      // a class token starts with the value
	idIs                             // the id equals the value
	idPrefix                         // the id starts with the value
)

// rule is one line of the decoration table.
type rule struct {
	match matchKind
	value string
	what  string // the plugin or feature, for humans
}

// decorationRules is the class/id rule table. It is read-only.
var decorationRules = [...]rule{
	// Emoji reactions and ratings.
	{classIs, "reactions", "generic reaction vote block"},
	{classPrefix, "dw-reactions", "DW Reactions"},
	{classPrefix, "da-reactions", "Da Reactions"},
	{classPrefix, "wpra-", "WP Reactions"},
	{classPrefix, "emoji-reactions", "emoji reaction plugins"},
	{classPrefix, "post-reactions", "post reaction plugins"},
	{classPrefix, "wpdiscuz", "wpDiscuz (reactions, article rating)"},
	{classPrefix, "wpd-rating", "wpDiscuz article rating"},
	{classPrefix, "kk-star-ratings", "kk Star Ratings"},
	{classIs, "post-ratings", "WP-PostRatings"},
	{idPrefix, "post-ratings-", "WP-PostRatings"},

	// Reading time badges.
	{classIs, "rt-reading-time", "Reading Time WP"},
	{classIs, "span-reading-time", "Reading Time WP"},
	{classIs, "post-read-time", "theme read-time badges"},
	{classIs, "reading-time", "generic reading time badge"},
	{classPrefix, "bsf-rt-", "Read Meter"},
	{classPrefix, "reading-time-", "reading time plugins"},

	// Share and like bars.
	{classIs, "sharedaddy", "Jetpack sharing and likes"},
	{classPrefix, "sd-sharing", "Jetpack sharing"},
	{classIs, "sd-like", "Jetpack likes"},
	{classPrefix, "jetpack-likes", "Jetpack likes"},
	{classPrefix, "wp-block-jetpack-sharing", "Jetpack sharing block"},
	{classPrefix, "wp-block-jetpack-like", "Jetpack like block"},
	{classPrefix, "addtoany_", "AddToAny"},
	{classIs, "a2a_kit", "AddToAny"},
	{classPrefix, "shareaholic", "Shareaholic"},
	{classPrefix, "ss-inline-share", "Social Snap"},
	{classPrefix, "social-share", "generic social share bars"},
	{classPrefix, "heateor_sss", "Sassy Social Share"},
	{classPrefix, "essb_", "Easy Social Share Buttons"},
	{classPrefix, "swp_social_panel", "Social Warfare"},
	{classPrefix, "mashsb", "MashShare"},
	{classPrefix, "sfsi", "Ultimate Social Media Icons"},
	{classPrefix, "wp-block-social-links", "social icons block"},
	{classPrefix, "share-buttons", "generic share buttons"},

	// Related posts.
	{classIs, "jp-relatedposts", "Jetpack related posts"},
	{idIs, "jp-relatedposts", "Jetpack related posts"},
	{classPrefix, "wp-block-jetpack-related-posts", "Jetpack related posts block"},
	{classPrefix, "yarpp-related", "YARPP"},
	{classPrefix, "crp_related", "Contextual Related Posts"},
	{classPrefix, "related-post", "generic related posts"},
	{classPrefix, "rp4wp-related", "Related Posts for WordPress"},

	// Newsletter and subscription boxes.
	{classPrefix, "mc4wp-form", "Mailchimp for WP"},
	{classIs, "jetpack_subscription_widget", "Jetpack subscriptions"},
	{classPrefix, "wp-block-jetpack-subscriptions", "Jetpack subscriptions block"},
	{classIs, "newsletter", "generic newsletter box"},
	{classPrefix, "tnp-subscription", "The Newsletter Plugin"},
	{classIs, "optin", "generic opt-in box"},
	{classPrefix, "mailpoet_form", "MailPoet"},
	{classPrefix, "sib-form", "Brevo (Sendinblue)"},

	// Author bio boxes.
	{classPrefix, "saboxplugin", "Simple Author Box"},
	{classPrefix, "abh_box", "Starbox"},
	{classIs, "author-box", "theme author boxes"},
	{classIs, "author-bio", "theme author boxes"},
	{classIs, "about-author", "theme author boxes"},
	{classPrefix, "pp-multiple-authors", "PublishPress Authors"},

	// Breadcrumbs.
	{classIs, "breadcrumb", "generic breadcrumbs"},
	{classIs, "breadcrumbs", "generic breadcrumbs"},
	{idIs, "breadcrumbs", "Yoast SEO breadcrumbs"},
	{classIs, "yoast-breadcrumbs", "Yoast SEO breadcrumbs"},
	{classIs, "rank-math-breadcrumb", "Rank Math breadcrumbs"},
	{classPrefix, "aioseo-breadcrumb", "All in One SEO breadcrumbs"},

	// Text that is not shown to readers.
	{classIs, "more-link", "\"Continue reading\" links in excerpts"},
	{classIs, "read-more", "theme \"Read more\" links in excerpts"},
	{classIs, "moretag", "theme \"Read more\" links in excerpts"},
	{classIs, "screen-reader-text", "visually hidden helper text"},
	{classIs, "sr-only", "visually hidden helper text"},
}

// Structural rules, checked in attrs.decoration besides the table above:
//
//   - the hidden attribute;
//   - an inline style containing "display:none" (with or without a space).
//
// Text-shape rules: a block element (p, div, ul, ...) whose whole visible text
// is short and has one of these shapes is rolled back when it closes. They
// are hand-written scanners (shape.go), not regular expressions.
var shapeRules = [...]struct {
	what  string
	match func([]byte) bool
}{
	{"reading time badge (\"Read Time: 2 Minute\", \"5 min read\")", isReadTime},
	{"emoji reaction votes (\"Happy 0 % Sad 0 % Excited 0 %\")", isReactionBar},
}

// maxShapeLen bounds the text a shape rule looks at; longer blocks are text.
const maxShapeLen = 400

// matcher is the decoration table compiled for lookups.
type matcher struct {
	classExact  map[string]struct{}
	classPrefix [256][]string // by first byte
	idExact     map[string]struct{}
	idPrefix    []string
}

// decorations is compiled once from decorationRules and only read afterwards.
var decorations = compileRules(decorationRules[:])

func compileRules(rs []rule) *matcher {
	m := &matcher{classExact: map[string]struct{}{}, idExact: map[string]struct{}{}}
	for _, r := range rs {
		switch r.match {
		case classIs:
			m.classExact[r.value] = struct{}{}
		case classPrefix:
			m.classPrefix[r.value[0]] = append(m.classPrefix[r.value[0]], r.value)
		case idIs:
			m.idExact[r.value] = struct{}{}
		case idPrefix:
			m.idPrefix = append(m.idPrefix, r.value)
		}
	}
	return m
}

// matchClass reports whether any token of a class attribute matches.
func (m *matcher) matchClass(class []byte) bool {
	for len(class) > 0 {
		i := 0
		for i < len(class) && isSpace(class[i]) {
			i++
		}
		j := i
		for j < len(class) && !isSpace(class[j]) {
			j++
		}
		if tok := class[i:j]; len(tok) > 0 {
			if _, ok := m.classExact[string(tok)]; ok {
				return true
			}
			for _, p := range m.classPrefix[tok[0]] {
				if bytes.HasPrefix(tok, []byte(p)) {
					return true
				}
			}
		}
		class = class[j:]
	}
	return false
}

// matchID reports whether an id attribute matches.
func (m *matcher) matchID(id []byte) bool {
	if len(id) == 0 {
		return false
	}
	if _, ok := m.idExact[string(id)]; ok {
		return true
	}
	for _, p := range m.idPrefix {
		if bytes.HasPrefix(id, []byte(p)) {
			return true
		}
	}
	return false
}

// hidesDisplay reports whether an inline style hides the element.
func hidesDisplay(style []byte) bool {
	i := bytes.Index(style, []byte("display"))
	for i >= 0 {
		rest := bytes.TrimLeft(style[i+len("display"):], " \t\n")
		if len(rest) > 0 && rest[0] == ':' {
			rest = bytes.TrimLeft(rest[1:], " \t\n")
			if len(rest) >= 4 && bytes.EqualFold(rest[:4], []byte("none")) {
				return true
			}
		}
		style = style[i+1:]
		i = bytes.Index(style, []byte("display"))
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
