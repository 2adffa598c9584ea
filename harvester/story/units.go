package story

// units sets f.units to the hashes of the scanned text's long sentences
// and long quotes, ascending, distinct, at most MaxUnits, and f.probes to
// the probes among them, ascending. It reports whether the text had any
// probe candidate at all, even one dropped with the units beyond MaxUnits.
func (f *Fingerprinter) findUnits() (candidates bool) {
	prefix, all, quoted := f.prefix, f.unitHashes[:0], f.quoteHashes[:0]
	start := int32(0)
	for _, end := range f.sc.ends {
		if end-start >= MinSentenceWords {
			h := spanHash(prefix, start, end)
			all = append(all, h)
			candidates = candidates || uint32(h>>32)&sentenceProbeMask == 0
		}
		start = end
	}
	for _, q := range f.sc.quotes {
		if q[1]-q[0] >= MinQuoteWords {
			h := spanHash(prefix, q[0], q[1])
			all = append(all, h)
			quoted = append(quoted, h)
		}
	}
	f.unitHashes, f.quoteHashes = all, quoted
	units := sortTops(f.units, all, 1<<32)
	units = units[:min(len(units), MaxUnits)]
	quotes := sortTops(f.quotes, quoted, 1<<32)
	// A unit is a probe when it is a quote or a sentence whose hash has
	// the probe bits clear (a quote may also be a sentence of the text).
	probes, j := f.probes[:0], 0
	for _, u := range units {
		for j < len(quotes) && quotes[j] < u {
			j++
		}
		if u&sentenceProbeMask == 0 || (j < len(quotes) && quotes[j] == u) {
			probes = append(probes, u)
		}
	}
	f.units, f.quotes, f.probes = units, quotes, probes
	return candidates || len(quoted) > 0
}

// Units returns the normalised text of the long sentences and long quotes
// of text, in text order (sentences first, then quotes), for inspection.
func Units(text string) []string {
	var sc scanner
	sc.keep = true
	sc.scan(text)
	norm, at := sc.normalized(true)
	// Words are joined by single spaces, so the text of words [s, e) is
	// the normalised text from the start of word s to the end of word e-1.
	join := func(s, e int32) string { return norm[at[s][0]:at[e-1][1]] }
	var out []string
	start := int32(0)
	for _, end := range sc.ends {
		if end-start >= MinSentenceWords {
			out = append(out, join(start, end))
		}
		start = end
	}
	for _, q := range sc.quotes {
		if q[1]-q[0] >= MinQuoteWords {
			out = append(out, join(q[0], q[1]))
		}
	}
	return out
}

// findProbes sets f.probes as findUnits does. A text with no more long
// sentences and quotes than MaxUnits keeps them all as units, so its
// probes are all its long quotes and the long sentences whose hash has
// the probe bits clear: findProbes sorts only those. For a longer text it
// calls findUnits.
func (f *Fingerprinter) findProbes() {
	prefix, probes := f.prefix, f.unitHashes[:0]
	units, start := 0, int32(0)
	for _, end := range f.sc.ends {
		if end-start >= MinSentenceWords {
			units++
			if h := spanHash(prefix, start, end); uint32(h>>32)&sentenceProbeMask == 0 {
				probes = append(probes, h)
			}
		}
		start = end
	}
	for _, q := range f.sc.quotes {
		if q[1]-q[0] >= MinQuoteWords {
			units++
			probes = append(probes, spanHash(prefix, q[0], q[1]))
		}
	}
	f.unitHashes = probes
	if units > MaxUnits {
		f.findUnits()
		return
	}
	f.probes = sortTops(f.probes, probes, 1<<32)
}
