package story

// UnionFind groups the elements 0..n-1. The root of each group is its least
// element by the order given to NewUnionFind, so with "earlier" as the
// order the root of a story is its first post, whatever order the unions
// come in.
type UnionFind struct {
	parent []int
	less   func(a, b int) bool
}

// NewUnionFind returns n singleton groups ordered by less.
func NewUnionFind(n int, less func(a, b int) bool) *UnionFind {
	u := &UnionFind{parent: make([]int, n), less: less}
	for i := range u.parent {
		u.parent[i] = i
	}
	return u
}

// Find returns the root of x's group.
func (u *UnionFind) Find(x int) int {
	root := x
	for u.parent[root] != root {
		root = u.parent[root]
	}
	for u.parent[x] != root { // path compression
		u.parent[x], x = root, u.parent[x]
	}
	return root
}

// Union merges the groups of a and b and returns the root of the result:
// the lesser of the two roots.
func (u *UnionFind) Union(a, b int) int {
	ra, rb := u.Find(a), u.Find(b)
	if ra == rb {
		return ra
	}
	if u.less(rb, ra) {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	return ra
}

// Groups returns the groups of more than one element, each as its root
// followed by its other elements in increasing index order, groups in
// increasing root index order.
func (u *UnionFind) Groups() [][]int {
	at := map[int]int{}
	var out [][]int
	for x := range u.parent {
		r := u.Find(x)
		if r == x {
			continue
		}
		i, ok := at[r]
		if !ok {
			i = len(out)
			at[r] = i
			out = append(out, []int{r})
		}
		out[i] = append(out[i], x)
	}
	return out
}
