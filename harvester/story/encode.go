package story

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// encodingVersion is the first byte of an encoded Fingerprint.
const encodingVersion = 3

// AppendBinary appends the binary encoding of fp to b: a version byte, the
// SimHash (8 bytes, big-endian), then the word count and the lengths of
// MinHash, Units and Probes as uvarints, each followed by its 4-byte
// values.
func (fp *Fingerprint) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, encodingVersion)
	b = binary.BigEndian.AppendUint64(b, fp.SimHash)
	b = binary.AppendUvarint(b, uint64(fp.Words))
	for _, list := range [][]uint32{fp.MinHash, fp.Units, fp.Probes} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, v := range list {
			b = binary.BigEndian.AppendUint32(b, v)
		}
	}
	return b, nil
}

// errShort reports a truncated encoding.
var errShort = errors.New("truncated fingerprint")

// Decode decodes a fingerprint written by AppendBinary and returns it with
// the number of bytes it used.
func Decode(b []byte) (Fingerprint, int, error) {
	var fp Fingerprint
	if len(b) < 9 {
		return fp, 0, errShort
	}
	if b[0] != encodingVersion {
		return fp, 0, fmt.Errorf("fingerprint encoding version %d, want %d", b[0], encodingVersion)
	}
	fp.SimHash = binary.BigEndian.Uint64(b[1:])
	off := 9
	uv := func() (int, error) {
		v, n := binary.Uvarint(b[off:])
		if n <= 0 || v > 1<<24 {
			return 0, errShort
		}
		off += n
		return int(v), nil
	}
	words, err := uv()
	if err != nil {
		return fp, 0, err
	}
	fp.Words = words
	for _, dst := range []*[]uint32{&fp.MinHash, &fp.Units, &fp.Probes} {
		n, err := uv()
		if err != nil {
			return fp, 0, err
		}
		if len(b)-off < 4*n {
			return fp, 0, errShort
		}
		list := make([]uint32, n)
		for i := range list {
			list[i] = binary.BigEndian.Uint32(b[off:])
			off += 4
		}
		*dst = list
	}
	return fp, off, nil
}
