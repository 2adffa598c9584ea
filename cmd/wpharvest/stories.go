package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/store"
)

func (m *Main) storiesCommand() *cobra.Command {
	var (
		db, since string
		minSites  int
		asJSON    bool
	)
	cmd := &cobra.Command{
		Use:   "stories [--db F] [--min-sites 2] [--since T] [--json]",
		Short: "List the same story across sites, with who published it first",
		Long: `List the stories published by several sites: wire copies (near-identical
text) and rewrites that reuse whole sentences or quotes (shared). For each
story: its id (the GUID of its first post), the first publisher (earliest
date_gmt), then every post with its site, level, delay after the first
post and title.

--min-sites keeps stories published by at least that many sites (default
2); --since keeps stories with a post dated at or after T (RFC3339 or
YYYY-MM-DD, UTC). The story index is brought up to date first (posts
harvested since the last run); on a read-only file the stories of posts
not yet indexed are missing and a warning says how many.

With --json, one JSON object per story instead (NDJSON): id, sites, and
posts with site, guid, title, date_gmt, level, first and delay_seconds.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, err := parseTimeFlag("--since", since)
			if err != nil {
				return err
			}
			if minSites < 1 {
				return usageError(fmt.Errorf("--min-sites %d: want 1 or more", minSites))
			}
			d, err := m.openStories(cmd, dbPath(db, nil))
			if err != nil {
				return m.failed(err)
			}
			stories, err := d.Stories(minSites, t)
			if err != nil {
				return m.failed(err)
			}
			if asJSON {
				return writeStoriesJSON(m.Stdout, stories)
			}
			return writeStoriesTable(m.Stdout, stories)
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "database file (default ./wpharvest.db)")
	cmd.Flags().IntVar(&minSites, "min-sites", 2, "only stories published by at least this many sites")
	cmd.Flags().StringVar(&since, "since", "", "only stories with a post dated at or after T (RFC3339 or YYYY-MM-DD, UTC)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per story (NDJSON) instead of a table")
	return cmd
}

// openStories opens the database and brings its story index up to date.
// A file that cannot be opened for writing is opened read-only, with a
// warning when posts wait for indexing.
func (m *Main) openStories(cmd *cobra.Command, path string) (*store.DB, error) {
	d, err := m.openDB(path, false)
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return nil, err
		}
		ro, roErr := m.openDB(path, true)
		if roErr != nil {
			return nil, err
		}
		if n, err := ro.PendingStories(); err == nil && n > 0 {
			fmt.Fprintf(m.Stderr, "wpharvest: warning: %d posts are not in the story index yet (the file is read-only)\n", n)
		}
		return ro, nil
	}
	if _, err := d.IndexStories(cmd.Context()); err != nil {
		return nil, err
	}
	return d, nil
}

// fmtDelay renders a delay after the first post: "first", "+40m",
// "+1h30m", "+2d3h", or with a minus sign for a post dated earlier (never
// for a story's posts, which come after their first).
func fmtDelay(d time.Duration, first bool) string {
	if first {
		return "first"
	}
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	mins := int64(d.Round(time.Minute) / time.Minute)
	days, hours, mins := mins/(24*60), mins/60%24, mins%60
	var b strings.Builder
	b.WriteString(sign)
	if days > 0 {
		fmt.Fprintf(&b, "%dd", days)
	}
	if hours > 0 {
		fmt.Fprintf(&b, "%dh", hours)
	}
	if mins > 0 || (days == 0 && hours == 0) {
		fmt.Fprintf(&b, "%dm", mins)
	}
	return b.String()
}

func writeStoriesTable(w io.Writer, stories []store.Story) error {
	if len(stories) == 0 {
		fmt.Fprintln(w, "no stories")
		return nil
	}
	for i, s := range stories {
		if i > 0 {
			fmt.Fprintln(w)
		}
		first := s.Posts[0]
		fmt.Fprintf(w, "STORY %s  %d sites, first by %s at %s\n", s.ID, len(s.Sites), first.Site, first.Date.UTC().Format(time.RFC3339))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  SITE\tLEVEL\tDELAY\tDATE\tGUID\tTITLE")
		for _, p := range s.Posts {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", p.Site, p.Level, fmtDelay(p.Delay, p.First),
				p.Date.UTC().Format(time.RFC3339), p.GUID, p.Title)
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("stories: %w", err)
		}
	}
	return nil
}

// storyJSON is the --json shape of a story.
type storyJSON struct {
	ID    string          `json:"id"`
	Sites []string        `json:"sites"`
	Posts []storyPostJSON `json:"posts"`
}

type storyPostJSON struct {
	Site         string    `json:"site"`
	GUID         string    `json:"guid"`
	Title        string    `json:"title"`
	DateGMT      time.Time `json:"date_gmt"`
	Level        string    `json:"level"`
	First        bool      `json:"first"`
	DelaySeconds int64     `json:"delay_seconds"`
}

func writeStoriesJSON(w io.Writer, stories []store.Story) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, s := range stories {
		out := storyJSON{ID: s.ID, Sites: s.Sites}
		for _, p := range s.Posts {
			out.Posts = append(out.Posts, storyPostJSON{Site: p.Site, GUID: p.GUID, Title: p.Title, DateGMT: p.Date.UTC(),
				Level: p.Level, First: p.First, DelaySeconds: int64(p.Delay / time.Second)})
		}
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("stories: %w", err)
		}
	}
	return nil
}
