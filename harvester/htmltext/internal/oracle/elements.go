package oracle

import "golang.org/x/net/html/atom"

// kind says how an element affects the text layout.
type kind uint8

const (
	kInline  kind = iota // no layout effect (a, span, em, custom elements, ...)
	kCode                // inline literal text: no second entity decode
	kBlock               // separated from its neighbours by a blank line
	kPre                 // block whose whitespace is kept
	kList                // ul, ol, menu
	kItem                // li: one line, with a list marker
	kDefItem             // dt, dd: one line, no marker
	kTable               // table: a block that owns row state
	kRow                 // tr: one line
	kCell                // td, th: joined by " | "
	kVoid                // element without content or end tag
	kDrop                // dropped together with its content
)

// kindOf classifies an element by its atom. Elements unknown to the atom
// table (custom elements) have atom 0 and are inline.
func kindOf(a atom.Atom) kind {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Blockquote, atom.Figure, atom.Figcaption, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Address, atom.Aside, atom.Main, atom.Nav,
		atom.Dl, atom.Details, atom.Summary, atom.Fieldset, atom.Legend,
		atom.Center, atom.Caption, atom.Hgroup, atom.Dialog, atom.Search:
		return kBlock
	case atom.Pre, atom.Xmp, atom.Plaintext, atom.Listing:
		return kPre
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt, atom.Var:
		return kCode
	case atom.Ul, atom.Ol, atom.Menu:
		return kList
	case atom.Li:
		return kItem
	case atom.Dt, atom.Dd:
		return kDefItem
	case atom.Table:
		return kTable
	case atom.Tr:
		return kRow
	case atom.Td, atom.Th:
		return kCell
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Hr, atom.Img, atom.Input,
		atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track,
		atom.Wbr, atom.Embed:
		return kVoid
	case atom.Script, atom.Style, atom.Iframe, atom.Noscript, atom.Svg, atom.Form,
		atom.Button, atom.Template, atom.Object, atom.Textarea, atom.Select,
		atom.Option, atom.Datalist, atom.Audio, atom.Video, atom.Canvas,
		atom.Title, atom.Noembed, atom.Noframes, atom.Head, atom.Map, atom.Frameset,
		atom.Applet:
		return kDrop
	}
	return kInline
}

// isRawText reports whether the tokenizer reads the element's content as raw
// text up to its end tag even when the start tag is written self-closing.
func isRawText(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Iframe, atom.Noscript, atom.Noembed,
		atom.Noframes, atom.Textarea, atom.Title, atom.Xmp, atom.Plaintext:
		return true
	}
	return false
}

// closesP reports whether a start tag of kind k implicitly closes an open <p>
// (the HTML parsing rule for block-level start tags).
func closesP(k kind) bool {
	switch k {
	case kBlock, kPre, kList, kItem, kDefItem, kTable:
		return true
	}
	return false
}

// pScopeBarrier reports whether an open element hides a <p> further down the
// stack from implicit closing ("button scope" in the HTML specification).
func pScopeBarrier(a atom.Atom) bool {
	switch a {
	case atom.Td, atom.Th, atom.Table, atom.Caption, atom.Button, atom.Object,
		atom.Template, atom.Html, atom.Marquee, atom.Applet:
		return true
	}
	return false
}
