package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

func (m *Main) historyCommand() *cobra.Command {
	var (
		db, site string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "history GUID [--db F] [--site NAME] [--json]",
		Short: "Show every stored version of a post, oldest first",
		Long: `Show every stored version of the post whose GUID is GUID, oldest first,
as a table: SITE, ID, VERSION, MODIFIED (modified_gmt), DELETED (deleted_at,
or - while the post is on its site) and TITLE. The last row of a post is its
current record. GUID may be given as the site serves it (with &#038; or
&amp;) or decoded. Posts of several sites, or of one site, may share a GUID:
each comes in turn, by site. --site searches one site only.

With --json, one NDJSON line per version instead, in the export's record
shape (without raw). Exit status 1 when no post has that GUID.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := m.openDB(dbPath(db, nil), true)
			if err != nil {
				return m.failed(err)
			}
			posts, err := d.History(site, args[0])
			if err != nil {
				return m.failed(fmt.Errorf("history: %w", err))
			}
			if len(posts) == 0 {
				return m.failed(fmt.Errorf("history: no post with GUID %q", args[0]))
			}
			if asJSON {
				enc := json.NewEncoder(m.Stdout)
				enc.SetEscapeHTML(false)
				for _, p := range posts {
					p.Raw = nil
					if err := enc.Encode(p); err != nil {
						return m.failed(fmt.Errorf("history: %w", err))
					}
				}
				return nil
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SITE\tID\tVERSION\tMODIFIED\tDELETED\tTITLE")
			for _, p := range posts {
				deleted := "-"
				if p.DeletedAt != nil {
					deleted = p.DeletedAt.UTC().Format(time.RFC3339)
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", p.Site, p.ID, strconv.Itoa(p.Version),
					p.ModifiedGMT.UTC().Format(time.RFC3339), deleted, p.Title)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "database file (default ./wpharvest.db)")
	cmd.Flags().StringVar(&site, "site", "", "look in this site only")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one NDJSON record per version instead of a table")
	return cmd
}

// failed prints err and returns exit status 1 (Run prints no message for
// that status, which harvesting commands give after their summary).
func (m *Main) failed(err error) error {
	fmt.Fprintln(m.Stderr, "wpharvest:", err)
	return &exitError{code: ExitSiteFailed, err: err}
}
