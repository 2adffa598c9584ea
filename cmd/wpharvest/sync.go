package main

import (
	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/harvester"
)

func (m *Main) syncCommand() *cobra.Command {
	var (
		f         siteFlags
		reconcile bool
	)
	cmd := &cobra.Command{
		Use:   "sync [--config F] [--db F] [--site NAME]... [--reconcile] [URL]...",
		Short: "One incremental pass over the sites, then exit",
		Long: `Fetch what changed on the configured sites and/or the site URLs given as
arguments since the last harvest, then exit (cron-friendly). A site never
fully backfilled is backfilled first.

Sites that honour modified_after (WordPress 5.7 and later) are asked for the
posts modified since the newest one stored (minus a 26-hour overlap); on
older sites a light listing of ids and modification times finds the changed
posts. A changed post is stored as a new version, the previous one kept. An
unchanged site costs one request and writes nothing to the database.

Every reconcile_every (default 24h), or with --reconcile, every id the site
lists is compared with the archive: posts gone from the site are marked
deleted (kept, and left out of exports unless --include-deleted), posts that
come back are restored as a new version, and posts never seen are fetched.

One summary line per site: new, changed, unchanged, deleted and restored
posts, requests, bytes, duration. Exit status: 0 when every site succeeded,
1 when some site failed (the others still ran), 2 on a usage or config error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runHarvest(cmd, f, args, func(h *harvester.Harvester) harvester.RunFunc {
				h.SyncOptions.Reconcile = reconcile
				return h.Sync
			})
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&reconcile, "reconcile", false, "compare every id the site lists with the archive, whatever reconcile_every says")
	return cmd
}
