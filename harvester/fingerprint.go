package harvester

import (
	"sync"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// fingerprinters reuses the buffers of story fingerprinting across pages
// and workers.
var fingerprinters = sync.Pool{New: func() any { return new(story.Fingerprinter) }}

// fingerprintPosts sets the syndication fingerprint of each post's text.
func fingerprintPosts(posts []Post) {
	f := fingerprinters.Get().(*story.Fingerprinter)
	defer fingerprinters.Put(f)
	for i := range posts {
		fp := f.Fingerprint(posts[i].Text)
		posts[i].Fingerprint = &fp
	}
}
