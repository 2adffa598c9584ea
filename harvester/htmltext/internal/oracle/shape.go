package oracle

import "bytes"

// Text-shape rules: small hand-written scanners over the text of a short
// block, used by the rules in rules.go. They work on ASCII case-insensitively
// and never allocate.

// tokKind is the class of a token of a short text.
type tokKind uint8

const (
	tWord tokKind = iota
	tNumber
	tPunct
)

type token struct {
	kind tokKind
	b    []byte
}

// maxTokens bounds how many tokens a shape rule looks at.
const maxTokens = 48

// lex splits b into words, numbers and single ASCII punctuation marks. It
// returns false when b has more than maxTokens tokens.
func lex(b []byte, out *[maxTokens]token) (int, bool) {
	n := 0
	for i := 0; i < len(b); {
		c := b[i]
		if isSpace(c) {
			i++
			continue
		}
		if n == maxTokens {
			return n, false
		}
		j := i + 1
		switch {
		case isDigit(c):
			for j < len(b) && (isDigit(b[j]) || (b[j] == '.' || b[j] == ',') && j+1 < len(b) && isDigit(b[j+1])) {
				j++
			}
			out[n] = token{tNumber, b[i:j]}
		case isPunct(c):
			out[n] = token{tPunct, b[i:j]}
		default:
			for j < len(b) && !isSpace(b[j]) && !isDigit(b[j]) && !isPunct(b[j]) {
				j++
			}
			out[n] = token{tWord, b[i:j]}
		}
		n++
		i = j
	}
	return n, true
}

func hasDigit(b []byte) bool {
	for _, c := range b {
		if isDigit(c) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isPunct(c byte) bool {
	switch c {
	case ':', ',', '.', '<', '>', '%', '-', '|', '~', '/', '!', '?', ';', '"', '\'', '*', '+':
		return true
	}
	return false
}

func (t token) is(s string) bool {
	return bytes.EqualFold(t.b, []byte(s))
}

func (t token) hasPrefix(s string) bool {
	return len(t.b) >= len(s) && bytes.EqualFold(t.b[:len(s)], []byte(s))
}

// readTimeLabels are the word sequences that introduce a reading time.
var readTimeLabels = [...][]string{
	{"read", "time"},
	{"reading", "time"},
	{"estimated", "reading", "time"},
	{"estimated", "read", "time"},
	{"time", "to", "read"},
	{"lesezeit"},
	{"leestijd"},
	{"temps", "de", "lecture"},
	{"tiempo", "de", "lectura"},
	{"tempo", "di", "lettura"},
}

// isReadTime matches reading time badges: "Read Time: 2 Minute",
// "Reading Time: < 1 minute", "Read Time:2 Minute, 17 Second",
// "Estimated reading time: 4 minutes", "5 min read".
func isReadTime(b []byte) bool {
	if !hasDigit(b) || bytes.IndexAny(b, "mM") < 0 {
		return false
	}
	var buf [maxTokens]token
	n, ok := lex(b, &buf)
	if !ok || n < 3 {
		return false
	}
	t := buf[:n]
	labelled := false
	for _, l := range readTimeLabels {
		if len(t) > len(l) && wordsAre(t[:len(l)], l) {
			t, labelled = t[len(l):], true
			break
		}
	}
	if labelled && len(t) > 0 && t[0].kind == tPunct && t[0].is(":") {
		t = t[1:]
	}
	if len(t) > 0 && t[0].kind == tPunct && t[0].is("<") {
		t = t[1:]
	}
	if len(t) < 2 || t[0].kind != tNumber || !isMinuteUnit(t[1]) {
		return false
	}
	t = t[2:]
	if len(t) >= 3 && t[0].is(",") && t[1].kind == tNumber && isSecondUnit(t[2]) {
		t = t[3:]
	}
	if len(t) == 1 && t[0].is("read") {
		return true
	}
	return labelled && len(t) == 0
}

func wordsAre(t []token, words []string) bool {
	for i, w := range words {
		if t[i].kind != tWord || !t[i].is(w) {
			return false
		}
	}
	return true
}

func isMinuteUnit(t token) bool {
	return t.kind == tWord && len(t.b) <= 9 && t.hasPrefix("min")
}

func isSecondUnit(t token) bool {
	return t.kind == tWord && len(t.b) <= 9 && (t.hasPrefix("sec") || t.hasPrefix("seg") || t.hasPrefix("sek"))
}

// reactionWords are the labels that reaction plugins put on their buttons.
var reactionWords = [...]string{
	"happy", "sad", "excited", "sleepy", "angry", "surprise", "surprised",
	"love", "like", "haha", "wow", "funny", "scared", "cry", "lol", "omg",
	"amazing", "confused", "bored", "cool", "dislike", "care", "shocked",
	"laugh", "disappointed", "inspired", "upset", "fear", "sick", "meh",
}

// isReactionBar matches emoji reaction vote blocks: three or more groups of
// label words, one or two counts and a percent sign ("Happy 0 % Sad 0 %
// Excited 0 %", "Happy 0 0 % Sad 0 0 % ..."), at least two of whose labels
// are well-known reaction words. List markers ("-") are ignored.
func isReactionBar(b []byte) bool {
	if bytes.Count(b, []byte("%")) < 3 {
		return false
	}
	var buf [maxTokens]token
	n, ok := lex(b, &buf)
	if !ok {
		return false
	}
	groups, known := 0, 0
	t := buf[:n]
	for len(t) > 0 {
		if t[0].is("-") {
			t = t[1:]
			continue
		}
		words, isKnown := 0, false
		for len(t) > 0 && t[0].kind == tWord && words < 4 {
			isKnown = isKnown || isReactionWord(t[0])
			words++
			t = t[1:]
		}
		nums := 0
		for len(t) > 0 && t[0].kind == tNumber && nums < 2 {
			nums++
			t = t[1:]
		}
		if words == 0 || nums == 0 || len(t) == 0 || !t[0].is("%") {
			return false
		}
		t = t[1:]
		groups++
		if isKnown {
			known++
		}
	}
	return groups >= 3 && known >= 2
}

func isReactionWord(t token) bool {
	for _, w := range reactionWords {
		if t.is(w) {
			return true
		}
	}
	return false
}
