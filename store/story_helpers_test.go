package store

import (
	"bytes"
	"encoding/json"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// storyHook is what SavePage calls per stored post once wired: markStory
// (queue) or inlineStory (index at once).
type storyHook func(tx *bbolt.Tx, site string, key []byte, p *harvester.Post) error

func queueStory(tx *bbolt.Tx, site string, key []byte, _ *harvester.Post) error {
	return markStory(tx, site, key)
}

func inlineStory(tx *bbolt.Tx, site string, key []byte, p *harvester.Post) error {
	return indexStory(tx, site, key, p)
}

// savePageHook is SavePage with the story hook wired as it will be: called
// after each stored post (new or changed), in the page's transaction.
func savePageHook(db *DB, site string, posts []harvester.Post, state harvester.SiteState, hook storyHook) (harvester.PageStats, error) {
	stateJSON, err := json.Marshal(state)
	if err != nil {
		return harvester.PageStats{}, err
	}
	var stats harvester.PageStats
	err = db.bolt.Update(func(tx *bbolt.Tx) error {
		sb, err := writeSite(tx, site)
		if err != nil {
			return err
		}
		s := saver{site: site, b: sb, enc: newEncoder()}
		for i := range posts {
			p := posts[i]
			before := stats.Unchanged
			if err := s.save(&p, &stats); err != nil {
				return err
			}
			if stats.Unchanged != before {
				continue
			}
			key := bytes.Clone(sb.ids.Get(idKey(p.Type, p.ID)))
			if err := hook(tx, site, key, &p); err != nil {
				return err
			}
		}
		return sb.meta.Put(keyState, stateJSON)
	})
	return stats, err
}
