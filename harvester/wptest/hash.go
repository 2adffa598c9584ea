package wptest

// Salts separate the independent random choices made for one post.
const (
	saltTime uint64 = iota + 1
	saltTitle
	saltContent
	saltMeta
	saltGUID
)

// mix64 is the SplitMix64 finalizer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// hash derives a well-mixed 64-bit value from the seed, a post id and a salt.
func hash(seed, id int64, salt uint64) uint64 {
	return mix64(uint64(seed)*0x9e3779b97f4a7c15 ^ mix64(uint64(id)+salt*0x632be59bd9b4e019))
}

// rng is a small deterministic generator (SplitMix64).
type rng struct{ x uint64 }

func (r *rng) next() uint64 {
	r.x += 0x9e3779b97f4a7c15
	return mix64(r.x)
}

// n returns a value in [0, k).
func (r *rng) n(k int) int { return int(r.next() % uint64(k)) }

// chance reports true with probability 1/k.
func (r *rng) chance(k int) bool { return r.n(k) == 0 }
