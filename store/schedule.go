package store

import (
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// keySchedule holds a site's harvester.SiteSchedule in its meta bucket.
var keySchedule = []byte("schedule")

var _ harvester.ScheduleStore = (*DB)(nil)

// Schedule returns the daemon's schedule of a site; the zero value (due at
// once) when there is none.
func (db *DB) Schedule(site string) (harvester.SiteSchedule, error) {
	var s harvester.SiteSchedule
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readSite(tx, site)
		if !ok || sb.meta == nil {
			return nil
		}
		v := sb.meta.Get(keySchedule)
		if v == nil {
			return nil
		}
		return json.Unmarshal(v, &s)
	})
	if err != nil {
		return harvester.SiteSchedule{}, fmt.Errorf("site %s: schedule: %w", site, err)
	}
	return s, nil
}

// SaveSchedule stores the daemon's schedule of a site.
func (db *DB) SaveSchedule(site string, s harvester.SiteSchedule) error {
	v, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("site %s: schedule: %w", site, err)
	}
	err = db.bolt.Update(func(tx *bbolt.Tx) error {
		sb, err := writeSite(tx, site)
		if err != nil {
			return err
		}
		return sb.meta.Put(keySchedule, v)
	})
	if err != nil {
		return fmt.Errorf("site %s: save schedule: %w", site, err)
	}
	return nil
}
