package store

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// typeField introduces the type field of a record. The fields before it
// are strings and a number, and a JSON string cannot hold an unescaped
// quote, so its first occurrence is the field itself.
var typeField = []byte(`,"type":"`)

// typeOf returns the record's type field, decoding the record only when the
// fast path fails (a type holding an escape).
func typeOf(rec []byte) (string, error) {
	if i := bytes.Index(rec, typeField); i >= 0 {
		s := rec[i+len(typeField):]
		if j := bytes.IndexByte(s, '"'); j >= 0 && bytes.IndexByte(s[:j], '\\') < 0 {
			return string(s[:j]), nil
		}
	}
	var o owner
	if err := json.Unmarshal(rec, &o); err != nil {
		return "", fmt.Errorf("decode stored record: %w", err)
	}
	return o.Type, nil
}
