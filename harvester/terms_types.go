package harvester

// Term is one term of a taxonomy (a category, a tag, a custom taxonomy's
// term) as the archive keeps it. Name is entity-decoded ("Arts & Culture").
type Term struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Slug   string `json:"slug"`
	Parent int64  `json:"parent"`
}

// User is an author as the archive keeps it.
type User struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Media is a featured image: its URL and alt text, not the file.
type Media struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
	Alt string `json:"alt"`
}

// Taxonomy is a taxonomy whose terms are harvested.
type Taxonomy struct {
	// Slug names it in the export's terms object (category, post_tag,
	// genre).
	Slug string `json:"slug"`
	// RestBase is its listing route segment and the field of the post
	// objects that holds the ids of its terms (categories, tags, genres).
	RestBase  string `json:"rest_base"`
	Namespace string `json:"rest_namespace"`
	// Types are the post types that use it.
	Types []string `json:"types"`
}

// TermStore is implemented by stores that keep names behind ids. A Store
// without it gets posts only; the harvester then skips terms, authors and
// featured media.
type TermStore interface {
	// SaveTerms replaces the stored terms of one taxonomy of site, and
	// records the taxonomy (so that export can find its field).
	SaveTerms(site string, tax Taxonomy, terms []Term) error
	// SaveUsers stores users of site. With replace the stored users are
	// replaced by these; without, these are added or updated.
	SaveUsers(site string, users []User, replace bool) error
	// SaveMedia adds or updates featured media of site.
	SaveMedia(site string, media []Media) error
	// KnownRefs returns which of the given user and media ids the store
	// already has names for.
	KnownRefs(site string, users, media []int64) (knownUsers, knownMedia map[int64]bool, err error)
	// UnknownTerms counts the term ids, by taxonomy, the store has no
	// name for.
	UnknownTerms(site string, terms map[string][]int64) (int, error)
}
