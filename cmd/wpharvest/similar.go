package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/store"
)

func (m *Main) similarCommand() *cobra.Command {
	var (
		db, site string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "similar GUID [--db F] [--site NAME] [--json]",
		Short: "List the posts of other sites that match one post",
		Long: `List the posts of other sites whose text matches the post whose GUID is
GUID, best first, as a table: SITE, LEVEL (copy: near-identical text;
shared: a rewrite reusing whole sentences or quotes), JACCARD (estimated
word-shingle resemblance, 0 to 1), UNITS (long sentences and quotes in
common), STORY (yes when both posts are in one story), DATE, GUID and TITLE.
GUID may hold HTML entities; --site looks in one site only. The story index
is brought up to date first, as for stories.

With --json, one JSON object per match instead (NDJSON). Exit status 1 when
no post has that GUID; a post without matches prints nothing.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := m.openStories(cmd, dbPath(db, nil))
			if err != nil {
				return m.failed(err)
			}
			sims, err := d.Similar(site, args[0])
			if err != nil {
				if errors.Is(err, store.ErrUnknownPost) {
					return m.failed(fmt.Errorf("similar: no post with GUID %q", args[0]))
				}
				return m.failed(err)
			}
			if asJSON {
				enc := json.NewEncoder(m.Stdout)
				enc.SetEscapeHTML(false)
				for _, s := range sims {
					if err := enc.Encode(similarJSON{Of: s.OfGUID, OfSite: s.OfSite, Site: s.Site, GUID: s.GUID, Title: s.Title,
						DateGMT: s.Date.UTC(), Level: s.Level, Jaccard: s.Jaccard, Units: s.Units, SameStory: s.SameStory}); err != nil {
						return m.failed(fmt.Errorf("similar: %w", err))
					}
				}
				return nil
			}
			if len(sims) == 0 {
				return nil
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SITE\tLEVEL\tJACCARD\tUNITS\tSTORY\tDATE\tGUID\tTITLE")
			for _, s := range sims {
				same := "no"
				if s.SameStory {
					same = "yes"
				}
				fmt.Fprintf(tw, "%s\t%s\t%.2f\t%d\t%s\t%s\t%s\t%s\n", s.Site, s.Level, s.Jaccard, s.Units, same,
					s.Date.UTC().Format(time.RFC3339), s.GUID, s.Title)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "database file (default ./wpharvest.db)")
	cmd.Flags().StringVar(&site, "site", "", "look for GUID in this site only")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per match (NDJSON) instead of a table")
	return cmd
}

// similarJSON is the --json shape of a match.
type similarJSON struct {
	Of        string    `json:"of"`
	OfSite    string    `json:"of_site"`
	Site      string    `json:"site"`
	GUID      string    `json:"guid"`
	Title     string    `json:"title"`
	DateGMT   time.Time `json:"date_gmt"`
	Level     string    `json:"level"`
	Jaccard   float64   `json:"jaccard"`
	Units     int       `json:"units"`
	SameStory bool      `json:"same_story"`
}
