package wptest

import (
	"strconv"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendEsc appends s as the inside of a JSON string, escaped the way PHP's
// json_encode does with WordPress's default flags: `/` becomes `\/` and
// every non-ASCII character becomes a \uXXXX escape (surrogate pairs above
// U+FFFF). s must be valid UTF-8.
func appendEsc(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' && c != '/' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				dst = append(dst, '\\', '"')
			case '\\':
				dst = append(dst, '\\', '\\')
			case '/':
				dst = append(dst, '\\', '/')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = appendU(dst, rune(c))
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			dst = appendU(appendU(dst, r1), r2)
		} else {
			dst = appendU(dst, r)
		}
		i += size
		start = i
	}
	return append(dst, s[start:]...)
}

func appendU(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// appendStr appends s as a complete JSON string.
func appendStr(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEsc(dst, s)
	return append(dst, '"')
}

func appendInt(dst []byte, n int64) []byte { return strconv.AppendInt(dst, n, 10) }

// appendWall appends a wall-clock time given as seconds since the epoch
// (read as UTC) in WordPress's REST format, 2006-01-02T15:04:05, with no
// zone suffix.
func appendWall(dst []byte, sec int64) []byte {
	t := time.Unix(sec, 0).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	dst = append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	dst = append(dst, byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), 'T')
	dst = append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':')
	return append(dst, byte('0'+s/10), byte('0'+s%10))
}

// wallSeconds converts an instant to the wall clock of loc, expressed as
// seconds since the epoch as if that wall clock were UTC. Comparing two
// such values compares site-local DATETIME columns the way MySQL does.
func wallSeconds(unix int64, loc *time.Location) int64 {
	if loc == time.UTC {
		return unix
	}
	t := time.Unix(unix, 0).In(loc)
	_, off := t.Zone()
	return unix + int64(off)
}

// bufferPool recycles render buffers between requests.
type bufferPool struct{ p sync.Pool }

func (bp *bufferPool) get() *[]byte {
	if b, ok := bp.p.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 64<<10)
	return &b
}

func (bp *bufferPool) put(b *[]byte) {
	if cap(*b) > 8<<20 {
		return
	}
	*b = (*b)[:0]
	bp.p.Put(b)
}
