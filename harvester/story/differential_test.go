package story_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wpharvest/wpharvest/harvester/story"
	"github.com/wpharvest/wpharvest/harvester/story/storytest"
)

// The tests of this file check that Normalize, Words and Units return
// exactly what the original implementation (kept in reference_test.go)
// returns, and that every fingerprint equals the one computed the plain
// way from the normalised words, sentences and quotes of that
// implementation (refFromWords): the word hashes, shingles, SimHash,
// MinHash and units of the optimised code must depend on nothing else.

// differ is a pair of a Fingerprinter and a reference one, both reused
// from text to text so that stale buffers would show.
type differ struct {
	f   story.Fingerprinter
	ref story.RefFingerprinter
}

// check reports every difference between the code and the reference on s.
func (d *differ) check(t *testing.T, s string) {
	t.Helper()
	if got, want := story.Compute(s), story.RefCompute(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("Compute(%q):\ngot  %+v\nwant %+v", s, got, want)
	}
	if got, want := d.f.Fingerprint(s), d.ref.Fingerprint(s); !got.Equal(&want) {
		t.Fatalf("reused Fingerprint(%q):\ngot  %+v\nwant %+v", s, got, want)
	}
	want := d.ref.Fingerprint(s)
	if got, want := d.f.Signature(s), want.Signature(); !got.Equal(&want) {
		t.Fatalf("reused Signature(%q):\ngot  %+v\nwant %+v", s, got, want)
	}
	if got, want := story.Normalize(s), story.RefNormalize(s); got != want {
		t.Fatalf("Normalize(%q):\ngot  %q\nwant %q", s, got, want)
	}
	if got, want := story.Words(s), story.RefWords(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("Words(%q):\ngot  %q\nwant %q", s, got, want)
	}
	if got, want := story.Units(s), story.RefUnits(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("Units(%q):\ngot  %q\nwant %q", s, got, want)
	}
}

// trickyTexts are hand-written texts around the corners of the scanner.
var trickyTexts = []string{
	"", " ", ".", "a", "A.", "a.", "x y", "\n", "\"", "“", "”", "«»", "„“",
	"The U.S. Senate", "U.S.A. and U.K. met the U.N. today.", "u.s", "U.S.", "a.b.c. d",
	"1,000 people; 3.5% rise", "1,000.5", "3.5. Next", "1.", ",1", "1,", "1,,2", "1..2", "a..b", "a.1", "1.a",
	"don’t DON'T don't dont ʼtwas o'clock students’ union", "rock 'n' roll", "'quoted'", "a'", "'a", "a’’b",
	"Dr. Smith met Mr. Jones and Mrs. Brown. Sept. 5 was a Tuesday. It rained.",
	"Jan. Feb. Aug. Sept. Oct. Nov. Dec. Inc. Corp. Co. Ltd. No. Vs. Approx. Dept. Est. Fig. Mt. Ft.",
	"Sen. Rep. Gov. Gen. Lt. Col. Sgt. Capt. Prof. Rev. St. Jr. Sr. Ms. Dr. Mr. Mrs.",
	"Mister. Drs. Septs. Approxi. A. B. C. É. ß. 中. ǅ. x.",
	"Dr \t . x", "Dr\n. x", "Dr\u00a0. x", "Dr\u2029. x", "Dr,. x", "Dr;. x", "dr .. x",
	"“Quoted,” he said — “again.”", `"Quoted," he said - "again."`,
	"«Bonjour tout le monde, dit-il.» „Guten Tag“, sagte er. ＂full width＂",
	`"unclosed quote` + "\n\nnext", "“one “two ”three", "\"a \"b\" c\"",
	"Los Ríos CAFÉ Ægir İstanbul ǅemal ΣΟΦΙΑ σοφια KELVIN \u212a",
	"É\u0301x e\u0301'x a\u0301.b \u0301a x\u0301\u0302\u0303", "a\u200db a\u00adb",
	"١٢٣,٤٥٦ ٣.٥ 一二三。中文，文本！日本語のテキスト？", "ｆｕｌｌ　ｗｉｄｔｈ！",
	// Words of two-byte runes (see twoByteRuneAt): Cyrillic, Greek, Arabic
	// with its marks, lower cases of one or three bytes (İ, Ⱥ), two-byte
	// separators, and broken or overlong sequences.
	"Москва, «Известия»: ПРАВИТЕЛЬСТВО объявило ёлки. Съешь ещё.", "ΣΟΦΊΑ σοφία ς Σ. Ὀδυσσεύς",
	"بِسْمِ اللَّهِ الرَّحْمَٰنِ. كتب، قال؛ هل؟", "İSTANBUL İi ȺȾ Ⱥx xȺ ǅǄǆ", "a§b ×÷ ¿Qué? ¡Sí! a·b ªº µ",
	"Mа\u0301ма мама\u0483 a\u0483", "\xc0\x80 \xc1\xbf \xc2 a\xc2 \xc2\x41 \xdf\xbf\xdf \xd0\xd0\xb0",
	"Dr\u00a0. x", "нет’ещё д’Артаньян 1,5 млн. 2.5 км", "Ф.И.О. т.е. и т.д. Ещё",
	// And of three-byte runes (see wideRuneAt): Devanagari with its marks,
	// kana, Hangul, CJK, full-width forms, KELVIN and the Roman numerals
	// (lower cases of one and three bytes), surrogates and overlong forms.
	"सरकार ने मंगलवार को “बजट” पेश किया। क्या?", "日本語の、テキスト。カタカナ・ひらがな", "한국어 뉴스 기사입니다. 정부는",
	"ＡＢＣ１２３ ａｂｃ", "\u212a\u212b Ⅻ ⅻ ⓐⒶ", "x\xed\xa0\x80y \xe0\x80\x80 \xef\xbf\xbf \xe4\xb8 a\xe4\xb8\xad",
	"\xff\xfe", "a\xffb", "ab\xe2\x80", "ab\xe2\x80x", "a\xe2\x80\x99b", "a'\xff", "a.\xc3", "\xc3\xa9\xc3",
	"\xf0\x9f\x98\x80 emoji 😀😀 x😀y", "\x00a\x00b\x7f",
	// Words joined and ended from their bytes alone (see joinedWord) and
	// General Punctuation read without decoding (see gap).
	"council’s", "the council’s website", "rock’n’roll", "’tis", "it’s.", "O’Neill", "students’ union",
	"students’", "a’", "’", "’’", "1990’s", "’90s", "9’5", "a’1", "1’a", "a’é", "é’a", "a’\u0301", "a’ʼb",
	"don’t’", "don't'", "a.b’c", "U.S’s", "a'.b", "a’.b", "a’,b", "p.m. next", "6.5 percent", "12,400 signatures",
	"1.2.3", "a.b.c", "1,2,3", "a,b", "1.a.2", "x’y’z’", "x’y’\xe2\x80", "a\xe2\x80", "a\xe2\x80\x99",
	"better‑than‑expected", "non‑emergency", "word\u2011", "\u2011word", "2–1 win", "a—b", "said “no.” Then",
	"a\u2060b", "a\u206fb", "a\u2070b", "a\xe2\x81\xafb", "a\xe2\x81\xb0b", "a\xe2\x80\x20b", "a\u2028b",
	"Dr\u2009. x", "Dr\u200b. x", "Dr\u205f. x", "Dr\u202f. x", "Dr’. x", "Mr\u2019s. x", "St.’s x", "ab’cd’",
	"well-known  \n\n  facts…", "a…b", "a—b–c", "tab\tsep\vsep\fsep\r\nline",
	strings.Repeat("a", 10000), strings.Repeat("É", 3000), strings.Repeat("ab.", 2000),
	strings.Repeat("word ", 3), strings.Repeat("word ", 200),
	strings.Repeat("One more sentence with enough words in it to count as long. ", 20),
	strings.Repeat("“A quote of six words here,” ", 40),
	manyUnits(100, 50), manyUnits(0, story.MaxUnits), manyUnits(0, story.MaxUnits+1), manyUnits(40, story.MaxUnits-39),
}

// manyUnits returns a text of n distinct long sentences and q distinct
// long quotes of short sentences (n+q units, the quotes all probes), to
// test the texts around MaxUnits units.
func manyUnits(n, q int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Sentence %d of this text holds enough words to count as a long one. ", i)
	}
	for i := range q {
		fmt.Fprintf(&b, "“Quote %d has six words here.” ", i)
	}
	return b.String()
}

// corpusTexts returns the texts of the labelled corpus, their titles and
// the benchmark's joined pairs.
func corpusTexts(t testing.TB) []string {
	docs, err := storytest.Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, d := range docs {
		out = append(out, d.Text, d.Title)
		if i+1 < len(docs) {
			out = append(out, d.Text+"\n\n"+docs[i+1].Text)
		}
	}
	return out
}

func TestMatchesReferenceTricky(t *testing.T) {
	var d differ
	for _, s := range trickyTexts {
		d.check(t, s)
	}
}

// TestMatchesReferenceCorpus checks the corpus texts, their prefixes and
// suffixes (cut anywhere, inside runes too) and variants.
func TestMatchesReferenceCorpus(t *testing.T) {
	var d differ
	for _, s := range corpusTexts(t) {
		d.checkVariants(t, s)
	}
}

// TestMatchesReferenceLanguages checks the news texts of other languages
// (testdata/languages: Latin with accents, Cyrillic, Greek, Arabic,
// Devanagari, Chinese, Japanese) as
// the corpus texts are checked.
func TestMatchesReferenceLanguages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "languages", "*.txt"))
	if err != nil || len(files) < 9 {
		t.Fatalf("testdata/languages: %d texts, %v", len(files), err)
	}
	var d differ
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d.checkVariants(t, string(text))
	}
}

// checkVariants checks s, its prefixes and suffixes (cut anywhere, inside
// runes too) and variants.
func (d *differ) checkVariants(t *testing.T, s string) {
	t.Helper()
	d.check(t, s)
	d.check(t, strings.ToUpper(s))
	d.check(t, strings.ReplaceAll(s, " ", "  "))
	d.check(t, strings.ReplaceAll(s, ".", ". "))
	stride := 1 + len(s)/60
	for i := 0; i < len(s); i += stride {
		d.check(t, s[:i])
		d.check(t, s[i:])
	}
}

// tokens are the pieces randomText assembles texts from.
var tokens = []string{
	"a", "B", "x", "the", "The", "word", "Words", "long", "sentence", "with", "É", "é", "ß", "中", "σ",
	"Слово", "ЁЖ", "ς", "Σ", "كتب", "\u064b", "İ", "Ⱥ", "§", "×", "\xc2", "\xd0\xd0",
	"नमस्ते", "\u093f", "カナ", "・", "中文", "，", "Ⅻ", "\u212a", "\xe4\xb8", "\xed\xa0\x80",
	"U.S.", "u.s", "Dr", "Dr.", "mr", "Sept", "sept.", "approx", "I", "1", "2", "3.5", "1,000", "10",
	" ", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r", "\u00a0", "\u2029", "\u2028",
	".", ".", ",", ";", ":", "!", "?", "…", "-", "—", "'", "’", "ʼ", "\u0301", "\u200d",
	"\"", "\"", "“", "”", "«", "»", "„", "＂", "(", ")", "\xff", "\xe2\x80", "😀", "١",
}

// randomText returns a text of n tokens, glued without spaces often enough
// to make joins and marks meet words.
func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(tokens[r.IntN(len(tokens))])
		if r.IntN(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func TestMatchesReferenceRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	var d differ
	n := 5000
	if testing.Short() {
		n = 500
	}
	for i := range n {
		d.check(t, randomText(r, 1+i%400))
	}
}

// FuzzFingerprintMatchesReference checks Normalize, Words and Units against
// the reference implementation, and Fingerprint against the reference
// fingerprint of the normalised words.
func FuzzFingerprintMatchesReference(f *testing.F) {
	// Short seeds only: the fuzzer mutates and minimises long ones slowly.
	const maxSeed = 400
	for _, s := range trickyTexts {
		if len(s) <= maxSeed {
			f.Add(s)
		}
	}
	for _, s := range corpusTexts(f)[:8] {
		f.Add(s[:min(len(s), maxSeed)])
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d differ
		d.check(t, "A text fingerprinted first, to leave its words in the buffers. “A quote,” said Dr. Lee.")
		d.check(t, s)
	})
}
