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
// close matches: names within a small edit distance of the query.
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
	type match struct{ unit, dist, rank int }
	var ms []match
	qr := []rune(k)
	var kr []rune
	rows := make([]int, 2*(n+limit+1))
	for ki, key := range r.keys {
		if (key[0] < utf8.RuneSelf) != (k[0] < utf8.RuneSelf) {
			continue // compare pinyin with pinyin, Chinese with Chinese
		}
		kn := utf8.RuneCountInString(key)
		if kn < n-limit || kn > n+limit || (len(key) == 6 && key[0] >= '0' && key[0] <= '9') != (len(k) == 6 && k[0] >= '0' && k[0] <= '9') {
			continue
		}
		kr = kr[:0]
		for _, c := range key {
			kr = append(kr, c)
		}
		d := editDistance(qr, kr, limit, rows)
		if d > limit {
			continue
		}
		for _, u := range r.keyUnits[r.keyOffs[ki]:r.keyOffs[ki+1]] {
			ms = append(ms, match{int(u), d, r.rank(int(u))})
		}
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

// editDistance returns the Levenshtein distance of a and b, or limit+1 when
// it exceeds limit. rows is scratch space of at least 2*(len(b)+1) ints.
func editDistance(a, b []rune, limit int, rows []int) int {
	prev, cur := rows[:len(b)+1], rows[len(b)+1:2*(len(b)+1)]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
