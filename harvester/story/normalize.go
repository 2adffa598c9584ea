package story

// Normalize returns the normalised words of text joined by single spaces:
// lower case, letters, marks and digits only (see the package comment).
// Normalize(Normalize(s)) == Normalize(s) for every s.
func Normalize(text string) string {
	var sc scanner
	sc.keep = true
	sc.scan(text)
	norm, _ := sc.normalized(false)
	return norm
}

// Words returns the normalised words of text.
func Words(text string) []string {
	var sc scanner
	sc.keep = true
	sc.scan(text)
	norm, at := sc.normalized(true)
	if len(at) == 0 {
		return nil
	}
	words := make([]string, len(at))
	for i, a := range at {
		words[i] = norm[a[0]:a[1]]
	}
	return words
}

// normalized returns the normalised words of the text scanned (with keep)
// joined by single spaces and, when where, the span of each word in it.
func (sc *scanner) normalized(where bool) (string, [][2]int) {
	var at [][2]int
	if where {
		at = make([][2]int, 0, len(sc.spans))
	}
	b := make([]byte, 0, len(sc.text))
	for i, s := range sc.spans {
		if i > 0 {
			b = append(b, ' ')
		}
		start := len(b)
		b = appendWord(b, sc.text[s[0]:s[1]])
		if where {
			at = append(at, [2]int{start, len(b)})
		}
	}
	return string(b), at
}
