package harvester

import (
	"sync"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// fingerprinters reuses the buffers of story fingerprinting across pages
// and workers (see Harvester.Fingerprints: decodePosts fingerprints each
// post's text as soon as it is extracted).
var fingerprinters = sync.Pool{New: func() any { return new(story.Fingerprinter) }}
