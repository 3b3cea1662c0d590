package zones

import (
	"cmp"
	"slices"

	"github.com/tradepolicy/cbec/internal/norm"
)

// Candidates returns every unit q could name, best first: the first is the
// one [Lookup] returns when it returns one. It returns nil when q names no
// unit (the error of Lookup then names close matches). It is meant for
// pickers and autocomplete, and allocates.
func Candidates(q string) []City { return std.Candidates(q) }

// Candidates returns every unit q could name in r, best first; see
// [Candidates].
func (r *Registry) Candidates(q string) []City {
	if r == nil {
		return nil
	}
	var buf [128]byte
	key := norm.AppendKey(buf[:0], q)
	if len(key) == 0 || len(key) > len(buf) {
		return nil
	}
	_, units := r.find(key)
	if len(units) == 0 && slices.Contains(key, '\'') {
		key = slices.DeleteFunc(key, func(b byte) bool { return b == '\'' })
		_, units = r.find(key)
	}
	within := -1
	if len(units) == 0 {
		_, units, within = r.qualified(q, key)
		if within < 0 {
			return nil
		}
	}
	return r.ranked(units, within)
}

// ranked returns the units (inside unit within, if within ≥ 0), best rank
// first, then in code order.
func (r *Registry) ranked(units []uint32, within int) []City {
	idx := make([]int, 0, len(units))
	for _, u := range units {
		if within < 0 || int(u) != within && r.inside(int(u), within) {
			idx = append(idx, int(u))
		}
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(r.rank(a), r.rank(b)) })
	out := make([]City, len(idx))
	for i, u := range idx {
		out[i] = r.cities[u]
	}
	return out
}
