package harvester

import (
	"encoding/json"
	"fmt"

	gojson "github.com/goccy/go-json"
)

// A listing page is the hot path of a harvest: a 100-post page is about
// 600 KB of JSON. encoding/json would scan it four times (validate, split
// into elements, validate each element, decode it); here the page is
// validated once, split by a byte scanner that only tracks strings and
// nesting, and each element decoded once with github.com/goccy/go-json,
// about four times faster in all (see BENCHMARKS.md).

// splitJSONArray returns the elements of a JSON array. The body must
// already be known to be valid JSON whose first value is an array; the
// element slices share its memory.
func splitJSONArray(body []byte) ([][]byte, error) {
	i := 0
	for i < len(body) && body[i] != '[' {
		i++
	}
	if i == len(body) {
		return nil, fmt.Errorf("not a JSON array")
	}
	var out [][]byte
	depth, start, end, inString := 0, -1, -1, false
	for i++; i < len(body); i++ {
		c := body[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
				end = i
			}
			continue
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}':
			depth--
		case ']':
			if depth == 0 {
				if start >= 0 {
					out = append(out, body[start:end+1])
				}
				return out, nil
			}
			depth--
		case ',':
			if depth == 0 {
				if start < 0 {
					return nil, fmt.Errorf("empty element in JSON array")
				}
				out = append(out, body[start:end+1])
				start = -1
				continue
			}
		}
		if start < 0 {
			start = i
		}
		end = i
	}
	return nil, fmt.Errorf("unterminated JSON array")
}

// validJSON checks a whole answer; on failure it returns encoding/json's
// description of the problem (with its offset), which is the clearer one.
func validJSON(body []byte) error {
	if gojson.Valid(body) {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	return fmt.Errorf("invalid JSON")
}
