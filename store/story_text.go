package store

import (
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story"
)

// The story index keeps only each post's Signature. What only a few posts
// ever need is read from the posts themselves: the whole Fingerprint that
// confirms a candidate pair, computed again from the stored text (a
// harvest signs every post, but only posts that look alike are compared),
// and the title that Stories and Similar show.

// storedPost returns the fields of the post ref that the story index reads
// (GUID, date, title, text), and false when the archive does not hold it.
func storedPost(tx *bbolt.Tx, ref []byte) (harvester.Post, bool, error) {
	site, key := splitRef(ref)
	ss, ok := readSite(tx, site)
	if !ok || ss.posts == nil {
		return harvester.Post{}, false, nil
	}
	v := ss.posts.Get(key)
	if v == nil {
		return harvester.Post{}, false, nil
	}
	p, err := decodeStoryFields(v)
	if err != nil {
		return p, false, fmt.Errorf("post %q of site %q: %w", key, site, err)
	}
	return p, true, nil
}

// fingerprint returns the Fingerprint of the post's stored text, computed
// with f on first use; nil when the archive does not hold the post.
func (p *batchPost) fingerprint(tx *bbolt.Tx, f *story.Fingerprinter) (*story.Fingerprint, error) {
	if p.fp != nil || p.gone {
		return p.fp, nil
	}
	post, ok, err := storedPost(tx, p.ref)
	if err != nil {
		return nil, fmt.Errorf("story index: %w", err)
	}
	if !ok {
		p.gone = true
		return nil, nil
	}
	fp := f.Fingerprint(post.Text)
	p.fp = &fp
	return p.fp, nil
}
