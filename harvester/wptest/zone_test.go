package wptest

import (
	"testing"
	"time"
)

// mustZone loads a named zone, falling back to a fixed zone of the same
// name and offset when the system has no zone database.
func mustZone(t *testing.T, name string, offset int) *time.Location {
	t.Helper()
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(name, offset)
}
