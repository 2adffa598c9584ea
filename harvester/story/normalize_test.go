package story_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wpharvest/wpharvest/harvester/story"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"The U.S. Senate", "the us senate"},
		{"The US Senate", "the us senate"},
		{"U.S.A. and U.K.", "usa and uk"},
		{"don’t DON'T don't", "dont dont dont"},
		{"“Quoted,” he said — “again.”", "quoted he said again"},
		{`"Quoted," he said - "again."`, "quoted he said again"},
		{"1,000 people; 3.5% rise", "1000 people 35 rise"},
		{"well-known  \n\n  facts…", "well known facts"},
		{"Los Ríos CAFÉ Ægir", "los ríos café ægir"},
		{"students’ union", "students union"},
		{"", ""},
		{"  ...  ", ""},
	} {
		if got := story.Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestUnits(t *testing.T) {
	text := `The U.S. Senate voted on Tuesday to approve the long delayed budget bill for next year. ` +
		`“We will not back down from this fight,” Sen. Ada Price said. Short one. ` +
		"\n\nDr. Lee told the committee that the program would run out of money by the end of March."
	want := []string{
		"the us senate voted on tuesday to approve the long delayed budget bill for next year",
		"we will not back down from this fight sen ada price said",
		"dr lee told the committee that the program would run out of money by the end of march",
		"we will not back down from this fight",
	}
	if got := story.Units(text); !slices.Equal(got, want) {
		t.Fatalf("Units:\ngot  %q\nwant %q", got, want)
	}
	// "U.S." and "US" give the same units, so a copy edited that way keeps
	// its sentences.
	a := story.Compute(text)
	b := story.Compute(strings.ReplaceAll(text, "U.S.", "US"))
	if !slices.Equal(a.Units, b.Units) || a.SimHash != b.SimHash {
		t.Fatal("U.S. -> US changed the fingerprint")
	}
}

func TestCompareLevels(t *testing.T) {
	base := strings.Repeat("x", 0) +
		"The city council voted on Monday to build a new library in the old train station downtown. " +
		"“This is the best use of a building that has been empty for twenty years,” council member Ana Ruiz said. " +
		"The project will cost about twelve million dollars and should open in the spring of next year. " +
		"“We listened to what residents told us at every public meeting,” said Mayor Tom Bell. " +
		"Opponents had argued the money should go to road repairs instead of a new library building. " +
		"“Libraries are where this town learns, and we are proud of this decision,” Ruiz added."
	other := "Heavy rain flooded several streets near the harbor on Sunday night and closed two schools. " +
		"Crews worked through the night to pump water out of basements in the old part of town. " +
		"Forecasters expect more storms later in the week, with up to three inches of rain possible."
	rewrite := "Downtown is getting a library. " +
		"“This is the best use of a building that has been empty for twenty years,” said Ana Ruiz. " +
		"Bell said the plan followed months of hearings: “We listened to what residents told us at every public meeting.” " +
		"Some residents wanted road repairs. “Libraries are where this town learns, and we are proud of this decision,” Ruiz said."
	fb, fo, fr := story.Compute(base), story.Compute(other), story.Compute(rewrite)
	fc := story.Compute("From the Daily Planet news desk.\n\n" + strings.ReplaceAll(base, "said", "says"))
	for _, c := range []struct {
		name string
		a, b *story.Fingerprint
		want story.Level
	}{
		{"self", &fb, &fb, story.Copy},
		{"copy", &fb, &fc, story.Copy},
		{"rewrite", &fb, &fr, story.Shared},
		{"other", &fb, &fo, story.None},
	} {
		m := story.Compare(c.a, c.b)
		if m.Level != c.want {
			t.Errorf("%s: %+v, want %v", c.name, m, c.want)
		}
		if m2 := story.Compare(c.b, c.a); m2 != m {
			t.Errorf("%s: not symmetric: %+v vs %+v", c.name, m, m2)
		}
	}
	short := story.Compute("Too short to compare.")
	if short.Usable() || story.Compare(&short, &short).Level != story.None {
		t.Error("a short text matched")
	}
}

func TestUnionFindEarliestRoot(t *testing.T) {
	dates := []int{5, 3, 9, 1, 7}
	for _, order := range [][][2]int{{{0, 1}, {1, 2}, {3, 4}, {2, 4}}, {{2, 4}, {3, 4}, {1, 2}, {0, 1}}} {
		u := story.NewUnionFind(len(dates), func(a, b int) bool { return dates[a] < dates[b] })
		for _, p := range order {
			u.Union(p[0], p[1])
		}
		for i := range dates {
			if u.Find(i) != 3 {
				t.Fatalf("order %v: root of %d is %d, want 3 (the earliest)", order, i, u.Find(i))
			}
		}
		if g := u.Groups(); len(g) != 1 || g[0][0] != 3 || len(g[0]) != 5 {
			t.Fatalf("groups %v", g)
		}
	}
}

// TestVariantsEqualFingerprints checks that texts that differ only in what
// normalisation drops have equal fingerprints: "U.S." and "US", curly and
// straight quotes and apostrophes, "1,000" and "1000", case and white
// space.
func TestVariantsEqualFingerprints(t *testing.T) {
	base := "The U.S. Senate approved 1,000 new grants on Tuesday, officials said. " +
		"“We don’t expect the money to last the year,” said Dr. Ada Price of the agency. " +
		"Critics said the program was poorly run and that 3.5 million dollars went missing. " +
		"\"It is a scandal,\" one senator told reporters after the vote in the chamber."
	want := story.Compute(base)
	if !want.Usable() || len(want.Units) == 0 {
		t.Fatalf("base text fingerprint unusable or without units: %+v", want)
	}
	for _, v := range []string{
		strings.ReplaceAll(base, "U.S.", "US"),
		strings.NewReplacer("“", `"`, "”", `"`, "’", "'").Replace(base),
		strings.NewReplacer(`"It`, "“It", `scandal,"`, "scandal,”", "'", "’").Replace(base),
		strings.ReplaceAll(base, "1,000", "1000"),
		strings.ToUpper(base),
		strings.ToLower(base),
		strings.ReplaceAll(base, " ", "  \t "),
		"  " + strings.ReplaceAll(base, ". ", ".   ") + "\t",
	} {
		if got := story.Compute(v); !got.Equal(&want) {
			t.Errorf("Compute(%q):\ngot  %+v\nwant %+v", v, got, want)
		}
	}
}
