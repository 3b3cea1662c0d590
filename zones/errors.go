package zones

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// xiongan explains how 雄安新区 is modelled.
const xiongan = "雄安新区 has no GB/T 2260 code of its own: it is 雄县 (130638), 容城县 (130629) and 安新县 (130632) of 保定市 (130600)"

func (r *Registry) ambiguous(q string, units []uint32, within int) error {
	e := &LookupError{Query: q, Err: ErrAmbiguousCity}
	best := 4
	for _, u := range units {
		if within < 0 || r.inside(int(u), within) {
			best = min(best, r.rank(int(u)))
		}
	}
	for _, u := range units {
		if (within < 0 || r.inside(int(u), within)) && r.rank(int(u)) == best {
			e.Candidates = append(e.Candidates, r.cities[u])
		}
	}
	return e
}

// unknown builds the error for a query that names no unit, with up to five
// close matches: names within a small edit distance of the query, found
// with the index of near.go.
func (r *Registry) unknown(q string, key []byte) error {
	e := &LookupError{Query: q, Err: ErrUnknownCity}
	k := string(key)
	if k == "雄安" || k == "雄安新区" || k == "xiongan" || k == "xionganxinqu" || k == "xiongannewarea" {
		e.Hint = xiongan
		for _, code := range []string{"130638", "130629", "130632"} {
			if c, ok := r.ByCode(code); ok {
				e.Candidates = append(e.Candidates, c)
			}
		}
		return e
	}
	n := utf8.RuneCountInString(k)
	if n == 0 || n > 40 {
		return e
	}
	limit := 1
	if n >= 6 {
		limit = 2
	}
	var ms []match
	var pat pattern
	newPattern(&pat, k)
	var offs [maxNearRunes + 1]int
	var (
		cands [256]uint32
		seen  []uint64
		room  [256]uint64 // enough for 16,384 keys
	)
	if w := len(r.keys)/64 + 1; w <= len(room) {
		seen = room[:w]
	} else {
		seen = make([]uint64, w)
	}
	qoffs := runeOffsets(offs[:0], k)
	collect := func(limit int) {
		ms = ms[:0]
		clear(seen)
		for _, ki := range r.near().candidates(cands[:0], seen, k, qoffs, limit) {
			key := r.keys[ki]
			if !sameKind(key, k) {
				continue // compare pinyin with pinyin, Chinese with Chinese
			}
			kn := utf8.RuneCountInString(key)
			if kn < n-limit || kn > n+limit {
				continue
			}
			d := pat.distance(key)
			if d > limit {
				continue
			}
			for _, u := range r.keyUnits[r.keyOffs[ki]:r.keyOffs[ki+1]] {
				ms = append(ms, match{int(u), d, r.rank(int(u))})
			}
		}
	}
	// The closest come first: when five units lie within one edit, those
	// within two do not change the answer, and the search for them (the
	// larger one) is skipped.
	if collect(1); limit == 2 && distinctUnits(ms, 5) < 5 {
		collect(2)
	}
	slices.SortFunc(ms, func(a, b match) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.rank, b.rank), cmp.Compare(a.unit, b.unit))
	})
	for _, m := range ms {
		c := r.cities[m.unit]
		if !slices.ContainsFunc(e.Candidates, func(x City) bool { return x.Code == c.Code }) {
			e.Candidates = append(e.Candidates, c)
		}
		if len(e.Candidates) == 5 {
			break
		}
	}
	return e
}

// A match is a unit whose name lies within some edits of a query.
type match struct{ unit, dist, rank int }

// distinctUnits returns the number of distinct units in ms, counting up to
// most.
func distinctUnits(ms []match, most int) int {
	var us []int
	for _, m := range ms {
		if !slices.Contains(us, m.unit) {
			if us = append(us, m.unit); len(us) == most {
				break
			}
		}
	}
	return len(us)
}
