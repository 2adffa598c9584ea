package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// SiteState returns the saved state of site, or the zero SiteState when the
// site has never been saved.
func (db *DB) SiteState(site string) (harvester.SiteState, error) {
	var st harvester.SiteState
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readSite(tx, site)
		if !ok || sb.meta == nil {
			return nil
		}
		v := sb.meta.Get(keyState)
		if v == nil {
			return nil
		}
		return json.Unmarshal(v, &st)
	})
	if err != nil {
		return harvester.SiteState{}, fmt.Errorf("read state of site %q: %w", site, err)
	}
	return st, nil
}

// SavePage stores one page of posts of site together with the site's new
// state, in one write transaction (so it always writes, at least the state).
// Each post must have a Type and an ID > 0; its GUID must already be
// entity-decoded. The store sets Site, Version and (for a post without a
// GUID) GUID on what it stores; the caller's slice is not modified.
//
// A post not seen before is stored with version 1 (New). A post whose
// modified_gmt (compared at second precision) and deletedness are both
// unchanged is left alone (Unchanged). A later modified_gmt moves the
// stored record to versions and stores the post with the next version
// (Updated). The same modified_gmt with deleted_at set rewrites the record
// in place, keeping its version (Updated). A post marked deleted that comes
// again (restored on the site) is stored as a new version with deleted_at
// cleared, the deleted record moving to versions (Restored). An earlier
// modified_gmt than the stored one is a stale answer (a cache, a replica)
// and is ignored (Unchanged).
func (db *DB) SavePage(site string, posts []harvester.Post, state harvester.SiteState) (harvester.PageStats, error) {
	stateJSON, err := json.Marshal(state)
	if err != nil {
		return harvester.PageStats{}, fmt.Errorf("save page of site %q: encode state: %w", site, err)
	}
	var stats harvester.PageStats
	err = db.bolt.Update(func(tx *bbolt.Tx) error {
		sb, err := writeSite(tx, site)
		if err != nil {
			return err
		}
		s := saver{site: site, b: sb, enc: newEncoder()}
		if !db.noStories {
			if s.stories.sb, err = writeStories(tx); err != nil {
				return err
			}
			s.stories.deferRecords = true
			s.staging = true
		}
		for i := range posts {
			p := posts[i]
			if err := s.save(&p, &stats); err != nil {
				return err
			}
		}
		if err := sb.meta.Put(keyState, stateJSON); err != nil {
			return fmt.Errorf("put state: %w", err)
		}
		return nil
	})
	if err != nil {
		return harvester.PageStats{}, fmt.Errorf("save page of site %q: %w", site, err)
	}
	db.afterWrite()
	return stats, nil
}

// saver stores the posts of one SavePage transaction.
type saver struct {
	site    string
	b       siteBuckets
	enc     *encoder
	staging bool // record story fingerprints
	stories storyStager
}

func (s *saver) save(p *harvester.Post, stats *harvester.PageStats) error {
	if p.Type == "" || p.ID <= 0 {
		return fmt.Errorf("post %q: need a type and an id > 0, got type %q id %d", p.GUID, p.Type, p.ID)
	}
	p.Site = s.site
	if p.GUID == "" {
		p.GUID = urnKey(p.Type, p.ID)
	}
	idk := idKey(p.Type, p.ID)
	key, old, err := s.keyOf(p, idk)
	if err != nil {
		return err
	}
	if old == nil {
		p.Version = 1
		if err := s.put(key, p, true); err != nil {
			return err
		}
		stats.New++
		return nil
	}
	info, err := peek(old, rawCut(old))
	if err != nil {
		return fmt.Errorf("%s %d: %w", p.Type, p.ID, err)
	}
	was, now := info.Modified.UTC().Truncate(time.Second), p.ModifiedGMT.UTC().Truncate(time.Second)
	revived := info.Deleted != nil && p.DeletedAt == nil
	switch {
	case now.Before(was), now.Equal(was) && (info.Deleted != nil) == (p.DeletedAt != nil):
		stats.Unchanged++
		return nil
	case now.Equal(was) && !revived: // marked deleted: same content, same version
		p.Version = info.Version
	default: // a later modified_gmt, or a deleted post listed again
		if err := s.b.versions.Put(freeVersionKey(s.b.versions, key, info.Modified, info.Version), bytes.Clone(old)); err != nil {
			return fmt.Errorf("put version of %s %d: %w", p.Type, p.ID, err)
		}
		p.Version = info.Version + 1
	}
	if err := s.put(key, p, false); err != nil {
		return err
	}
	if revived {
		stats.Restored++
	} else {
		stats.Updated++
	}
	return nil
}

// keyOf returns the GUID key of p and its stored record (nil for a new
// post), writing the ids entry when it is missing.
func (s *saver) keyOf(p *harvester.Post, idk []byte) (key, old []byte, err error) {
	if k := s.b.ids.Get(idk); k != nil {
		key = bytes.Clone(k)
		return key, s.b.posts.Get(key), nil
	}
	base := p.GUID
	if len(base) > maxGUIDKey || strings.IndexByte(base, 0) >= 0 {
		base = urnKey(p.Type, p.ID)
	}
	cand := base
	for n := 1; ; n++ {
		v := s.b.posts.Get([]byte(cand))
		if v == nil {
			break
		}
		o, err := ownerOf(v)
		if err != nil {
			return nil, nil, fmt.Errorf("record under %q: %w", cand, err)
		}
		if o.Type == p.Type && o.ID == p.ID { // ids entry lost: adopt the record
			old = v
			break
		}
		if n > 1000 {
			return nil, nil, errors.New("too many posts share guid " + base)
		}
		cand = collisionKey(base, p.Type, p.ID, n)
	}
	key = []byte(cand)
	if err := s.b.ids.Put(idk, key); err != nil {
		return nil, nil, fmt.Errorf("put id of %s %d: %w", p.Type, p.ID, err)
	}
	return key, old, nil
}

// put stores p under key; fresh says that no record was stored under key.
func (s *saver) put(key []byte, p *harvester.Post, fresh bool) error {
	rec, err := s.enc.encode(p)
	if err != nil {
		return err
	}
	if err := s.index(key, p); err != nil {
		return err
	}
	if s.staging {
		if err := s.stories.stage(s.site, key, p, fresh); err != nil {
			return err
		}
	}
	if err := s.b.posts.Put(key, rec); err != nil {
		return fmt.Errorf("put %s %d: %w", p.Type, p.ID, err)
	}
	return nil
}

// MarkDeleted sets deleted_at to at on the stored, not yet deleted posts of
// site with the given type and ids (reconciliation found them gone from the
// site), keeping their version. Unknown ids are ignored. It returns how
// many posts it marked, in one write transaction.
func (db *DB) MarkDeleted(site, typ string, ids []int64, at time.Time) (int, error) {
	at = at.UTC()
	marked := 0
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		sb, ok := readSite(tx, site)
		if !ok || sb.ids == nil || sb.posts == nil {
			return nil
		}
		enc := newEncoder()
		for _, id := range ids {
			key := sb.ids.Get(idKey(typ, id))
			if key == nil {
				continue
			}
			key = bytes.Clone(key)
			rec := sb.posts.Get(key)
			if rec == nil {
				continue
			}
			if del, err := deleted(rec, rawCut(rec)); err != nil || del {
				if err != nil {
					return fmt.Errorf("%s %d: %w", typ, id, err)
				}
				continue
			}
			p, err := decodePost(rec)
			if err != nil {
				return fmt.Errorf("%s %d: %w", typ, id, err)
			}
			p.DeletedAt = &at
			out, err := enc.encode(&p)
			if err != nil {
				return err
			}
			if err := sb.posts.Put(key, out); err != nil {
				return fmt.Errorf("put %s %d: %w", typ, id, err)
			}
			marked++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("mark deleted in site %q: %w", site, err)
	}
	return marked, nil
}
