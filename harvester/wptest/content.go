package wptest

// Long constant pieces of content, escaped once per site (see corpus.put).
const (
	tplShareHead    = `<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>`
	tplShareEnd     = `<li class="share-end"></li></ul></div></div></div>`
	tplRelated      = `<div id='jp-relatedposts' class='jp-relatedposts' ><h3 class="jp-relatedposts-headline"><em>Related</em></h3></div>`
	tplTableHead    = `<figure class="wp-block-table"><table class="has-fixed-layout"><thead><tr><th>Ward</th><th>Votes</th><th>Share</th></tr></thead><tbody>`
	tplTableFoot    = `</tbody></table><figcaption class="wp-element-caption">Source: returning officer</figcaption></figure>`
	tplQuoteOpen    = `<blockquote class="wp-block-quote is-layout-flow wp-block-quote-is-layout-flow">`
	tplQuoteClose   = "</p>\n<cite>A local resident</cite></blockquote>"
	tplImageCaption = "<figcaption class=\"wp-element-caption\">The harbour at dawn. Photo:\u00a0Staff</figcaption></figure>"
	tplEmbed        = "<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio\"><div class=\"wp-block-embed__wrapper\">\n<iframe title=\"Highlights\" width=\"640\" height=\"360\" src=\"https://www.youtube.com/embed/aqz-KE-bpKQ?feature=oembed\" frameborder=\"0\" allow=\"accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share\" referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen></iframe>\n</div></figure>"
	tplEmbedOpen    = `<!-- wp:embed {"url":"https://www.youtube.com/watch?v=aqz-KE-bpKQ","type":"video","providerNameSlug":"youtube"} -->`
	tplAd           = "<div class=\"code-block code-block-1\" style=\"margin: 8px auto; text-align: center; display: block; clear: both;\">\n<script async src=\"https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-0000000000000000\" crossorigin=\"anonymous\"></script>\n<ins class=\"adsbygoogle\" style=\"display:block\" data-ad-slot=\"1234567890\"></ins>\n<script>\n     (adsbygoogle = window.adsbygoogle || []).push({});\n</script></div>\n"
	tplReadTime     = `<span class="span-reading-time rt-reading-time" style="display: block;"><span class="rt-label rt-prefix">Reading Time: </span> <span class="rt-time"> `
	tplReadTimeEnd  = `</span> <span class="rt-label rt-postfix">minutes</span></span>`
)

// shareNet is a Jetpack sharing button.
type shareNet struct{ slug, name string }

var shareNets = [...]shareNet{{"twitter", "Twitter"}, {"facebook", "Facebook"}}

// pieces are the constant parts of the button around the post id and link.
func (n shareNet) pieces() [3]string {
	return [3]string{
		`<li class="share-` + n.slug + `"><a rel="nofollow noopener noreferrer" data-shared="sharing-` + n.slug + `-`,
		`" class="share-` + n.slug + ` sd-button share-icon" href="`,
		`?share=` + n.slug + `" target="_blank" title="Click to share on ` + n.name + `"><span>` + n.name + `</span></a></li>`,
	}
}

// plan lists the random choices that make up one post's content, so that
// the reading time (shown first) can be computed before anything is written.
type plan struct {
	paras     int
	paraSents [8]uint8
	sents     [40]uint16
	intlAt    int
	intl      int
	emojiAt   int
	emoji     int
	headAt    [2]int
	head      [2]int
	listAt    int
	listStart int
	listN     int
	ordered   bool
	tableAt   int
	tableRows int
	quoteAt   int
	quote     int
	imageAt   int
	embedAt   int
	adAt      int
	more      bool
	comments  bool
	readTime  int
	reactions bool
	share     bool
	related   bool
	words     int
	r         rng
}

func (c *corpus) plan(seed, id int64) plan {
	r := rng{hash(seed, id, saltContent)}
	var p plan
	p.paras = 4 + r.n(5)
	total := 0
	for i := 0; i < p.paras; i++ {
		p.paraSents[i] = uint8(2 + r.n(3))
		total += int(p.paraSents[i])
	}
	for i := 0; total < 17; i = (i + 1) % p.paras {
		p.paraSents[i]++
		total++
	}
	for k := 0; k < total; k++ {
		s := r.n(len(c.en))
		p.sents[k] = uint16(s)
		p.words += len(c.en[s].words)
	}
	at := func(prob int) int {
		if prob > 0 && r.chance(prob) {
			return 1 + r.n(p.paras-1)
		}
		return -1
	}
	p.intlAt, p.intl = at(6), r.n(len(c.intl))
	p.emojiAt, p.emoji = at(5), r.n(len(c.emoji))
	p.headAt[0], p.head[0] = at(2), r.n(len(c.headings))
	p.headAt[1], p.head[1] = at(4), r.n(len(c.headings))
	p.listAt, p.listStart, p.listN, p.ordered = at(2), r.n(len(c.items)), 3+r.n(4), r.chance(3)
	p.tableAt, p.tableRows = at(5), 3+r.n(3)
	p.quoteAt, p.quote = at(4), r.n(len(c.quotes))
	p.imageAt = at(2)
	p.embedAt = at(10)
	p.adAt = at(8)
	p.more = r.chance(4)
	p.comments = r.chance(3)
	p.readTime = r.n(4)
	p.reactions = r.chance(3)
	p.share = r.n(2) == 0
	p.related = r.n(5) < 2
	p.r = r
	return p
}

// readMinutes is the reading time the rt-reading-time plugin would show.
func (p *plan) readMinutes() int {
	m := (p.words + 199) / 200
	if m < 1 {
		m = 1
	}
	return m
}

// block appends one block of escaped HTML, wrapped in its block comments
// when the post keeps them (a theme that does not run do_blocks).
func block(dst []byte, comments bool, open, close string, body func([]byte) []byte) []byte {
	if comments {
		dst = appendEsc(dst, open)
		dst = append(dst, `\n`...)
	}
	dst = body(dst)
	if comments {
		dst = append(dst, `\n`...)
		dst = appendEsc(dst, close)
	}
	return append(dst, `\n\n`...)
}

// appendContent appends the escaped content.rendered of a post.
func (s *Site) appendContent(dst []byte, r *rec, rc *renderCtx, link string) []byte {
	c := s.corpus
	p := c.plan(s.opts.Seed, r.id)
	rr := p.r
	switch p.readTime {
	case 1:
		dst = appendEsc(dst, `<span class="rt-reading-time">Read Time: `)
		dst = appendInt(dst, int64(p.readMinutes()))
		dst = append(dst, ` Minute<\/span>`...)
	case 2:
		dst = c.put(dst, tplReadTime)
		dst = appendInt(dst, int64(p.readMinutes()))
		dst = c.put(dst, tplReadTimeEnd)
	}
	k := 0
	for i := 0; i < p.paras; i++ {
		n := int(p.paraSents[i])
		sents := p.sents[k : k+n]
		k += n
		dst = block(dst, p.comments, `<!-- wp:paragraph -->`, `<!-- /wp:paragraph -->`, func(b []byte) []byte {
			b = append(b, "<p>"...)
			for j, si := range sents {
				if j > 0 {
					b = append(b, ' ')
				}
				b = append(b, c.en[si].esc...)
			}
			if i == p.intlAt {
				b = append(b, ' ')
				b = append(b, c.intl[p.intl].esc...)
			}
			if i == p.emojiAt {
				b = append(b, ' ')
				b = append(b, c.emoji[p.emoji].esc...)
			}
			return append(b, `<\/p>`...)
		})
		if i == 0 && p.more {
			dst = appendEsc(dst, `<p><span id="more-`)
			dst = appendInt(dst, r.id)
			dst = append(dst, `\"><\/span><\/p>\n\n`...)
		}
		dst = s.appendExtras(dst, &p, &rr, i, r, rc)
	}
	if r.edits > 0 {
		dst = appendEsc(dst, `<p><em>Update `)
		dst = appendInt(dst, int64(r.edits))
		dst = appendEsc(dst, `: this story has been updated with new information.</em></p>`)
		dst = append(dst, `\n`...)
	}
	if p.reactions {
		dst = appendEsc(dst, `<div class="reactions">`)
		for _, name := range [...]string{"Happy", "Sad", "Excited", "Sleepy", "Angry", "Surprise"} {
			dst = appendEsc(dst, `<span>`+name+` `)
			dst = appendInt(dst, int64(rr.n(3)*rr.n(40)))
			dst = appendEsc(dst, ` %</span>`)
		}
		dst = appendEsc(dst, `</div>`)
	}
	if p.share {
		dst = c.put(dst, tplShareHead)
		for _, pc := range c.share {
			dst = append(dst, pc[0]...)
			dst = appendInt(dst, r.id)
			dst = append(dst, pc[1]...)
			dst = appendEsc(dst, link)
			dst = append(dst, pc[2]...)
		}
		dst = c.put(dst, tplShareEnd)
	}
	if p.related {
		dst = c.put(dst, tplRelated)
	}
	return dst
}

// appendExtras appends the blocks planned after paragraph i.
func (s *Site) appendExtras(dst []byte, p *plan, rr *rng, i int, r *rec, rc *renderCtx) []byte {
	c := s.corpus
	cm := p.comments
	for h := range p.headAt {
		if p.headAt[h] == i {
			dst = block(dst, cm, `<!-- wp:heading -->`, `<!-- /wp:heading -->`, func(b []byte) []byte {
				b = appendEsc(b, `<h2 class="wp-block-heading">`)
				b = append(b, c.headings[p.head[h]]...)
				return append(b, `<\/h2>`...)
			})
		}
	}
	if p.listAt == i {
		tag := "ul"
		if p.ordered {
			tag = "ol"
		}
		dst = block(dst, cm, `<!-- wp:list -->`, `<!-- /wp:list -->`, func(b []byte) []byte {
			b = appendEsc(b, `<`+tag+` class="wp-block-list">`)
			for j := 0; j < p.listN; j++ {
				b = append(b, `\n<li>`...)
				b = append(b, c.items[(p.listStart+j)%len(c.items)]...)
				b = append(b, `<\/li>\n`...)
			}
			return appendEsc(b, `</`+tag+`>`)
		})
	}
	if p.tableAt == i {
		dst = block(dst, cm, `<!-- wp:table -->`, `<!-- /wp:table -->`, func(b []byte) []byte {
			b = c.put(b, tplTableHead)
			for j := 0; j < p.tableRows; j++ {
				b = appendEsc(b, `<tr><td>`+titleSubjects[rr.n(len(titleSubjects))]+`</td><td>`)
				v := 200 + rr.n(4800)
				b = appendInt(b, int64(v/1000))
				b = append(b, ',')
				b = append(b, byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
				b = appendEsc(b, `</td><td>`)
				b = appendInt(b, int64(5+rr.n(50)))
				b = append(b, '.')
				b = appendInt(b, int64(rr.n(10)))
				b = appendEsc(b, `&nbsp;%</td></tr>`)
			}
			return c.put(b, tplTableFoot)
		})
	}
	if p.quoteAt == i {
		dst = block(dst, cm, `<!-- wp:quote -->`, `<!-- /wp:quote -->`, func(b []byte) []byte {
			b = c.put(b, tplQuoteOpen)
			b = append(b, `\n<p>`...)
			b = append(b, c.quotes[p.quote]...)
			return c.put(b, tplQuoteClose)
		})
	}
	if p.imageAt == i {
		media := r.id*10 + 1
		dst = block(dst, cm, `<!-- wp:image {"id":`+itoa(media)+`,"sizeSlug":"large","linkDestination":"none"} -->`, `<!-- /wp:image -->`, func(b []byte) []byte {
			file := rc.root + "/wp-content/uploads/2024/05/harbour-" + itoa(r.id)
			b = appendEsc(b, `<figure class="wp-block-image size-large"><img decoding="async" loading="lazy" width="1024" height="683" src="`+file+`-1024x683.jpg" alt="" class="wp-image-`+itoa(media)+`" srcset="`+file+`-1024x683.jpg 1024w, `+file+`-300x200.jpg 300w, `+file+`-768x512.jpg 768w, `+file+`.jpg 1500w" sizes="auto, (max-width: 1024px) 100vw, 1024px" />`)
			return c.put(b, tplImageCaption)
		})
	}
	if p.embedAt == i {
		dst = block(dst, cm, tplEmbedOpen, `<!-- /wp:embed -->`, func(b []byte) []byte {
			return c.put(b, tplEmbed)
		})
	}
	if p.adAt == i {
		dst = c.put(dst, tplAd)
	}
	return dst
}

// appendExcerpt appends the escaped excerpt.rendered: the first 55 words of
// the text (including a reading-time label, as on real sites) and " [&hellip;]".
func (s *Site) appendExcerpt(dst []byte, r *rec) []byte {
	c := s.corpus
	p := c.plan(s.opts.Seed, r.id)
	dst = append(dst, "<p>"...)
	n := 0
	word := func(w string) {
		if n < 55 {
			if n > 0 {
				dst = append(dst, ' ')
			}
			dst = append(dst, w...)
		}
		n++
	}
	switch p.readTime {
	case 1:
		word("Read")
		word("Time:")
		word(itoa(int64(p.readMinutes())))
		word("Minute")
	case 2:
		word("Reading")
		word("Time:")
		word(itoa(int64(p.readMinutes())))
		word("minutes")
	}
	k := 0
	for i := 0; i < p.paras && n < 56; i++ {
		for j := 0; j < int(p.paraSents[i]); j++ {
			for _, w := range c.en[p.sents[k]].words {
				word(w)
			}
			k++
		}
	}
	if n > 55 {
		dst = append(dst, ` [&hellip;]`...)
	}
	return append(dst, `<\/p>\n`...)
}
