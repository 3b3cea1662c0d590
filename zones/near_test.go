package zones

import (
	"cmp"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/tradepolicy/cbec/internal/longtest"
)

// scanNear is the close-match search by comparing the query with every key:
// what the index must reproduce exactly.
func (r *Registry) scanNear(k string, limit int) []int {
	n := utf8.RuneCountInString(k)
	qr := []rune(k)
	rows := make([]int, 2*(n+limit+1))
	var out []int
	for ki, key := range r.keys {
		if !sameKind(key, k) {
			continue
		}
		kn := utf8.RuneCountInString(key)
		if kn < n-limit || kn > n+limit {
			continue
		}
		if editDistance(qr, []rune(key), limit, rows) <= limit {
			out = append(out, ki)
		}
	}
	return out
}

// indexNear is the same search through the index.
func (r *Registry) indexNear(k string, limit int) []int {
	n := utf8.RuneCountInString(k)
	qr := []rune(k)
	rows := make([]int, 2*(n+limit+1))
	var out []int
	for _, ki := range r.near().candidates(nil, make([]uint64, len(r.keys)/64+1), k, runeOffsets(nil, k), limit) {
		key := r.keys[ki]
		if !sameKind(key, k) {
			continue
		}
		kn := utf8.RuneCountInString(key)
		if kn < n-limit || kn > n+limit {
			continue
		}
		if editDistance(qr, []rune(key), limit, rows) <= limit {
			out = append(out, int(ki))
		}
	}
	return out
}

// TestNearIndexMatchesScan checks that the index finds exactly the keys a
// comparison with every key finds, for misspellings of every key (a rune
// dropped, changed, added or two runes swapped, at random places) and for
// keys themselves.
func TestNearIndexMatchesScan(t *testing.T) {
	r := Default()
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcdefghijklmnopqrstuvwxyz0123456789杭州市县区西安'")
	edit := func(q []rune) []rune {
		q = slices.Clone(q)
		i := rng.IntN(len(q) + 1)
		switch rng.IntN(4) {
		case 0:
			if i < len(q) {
				q = slices.Delete(q, i, i+1)
			}
		case 1:
			if i < len(q) {
				q[i] = alphabet[rng.IntN(len(alphabet))]
			}
		case 2:
			q = slices.Insert(q, i, alphabet[rng.IntN(len(alphabet))])
		default:
			if i+1 < len(q) {
				q[i], q[i+1] = q[i+1], q[i]
			}
		}
		return q
	}
	step := 11 // about 1,200 keys, 4,600 queries
	if !longtest.Enabled() {
		step = 101
	}
	checked := 0
	for ki := 0; ki < len(r.keys); ki += step {
		base := []rune(r.keys[ki])
		for _, q := range [][]rune{base, edit(base), edit(edit(base)), edit(edit(edit(base)))} {
			k := string(q)
			if k == "" || len(q) > maxNearRunes {
				continue
			}
			limit := 1
			if len(q) >= 6 {
				limit = 2
			}
			want, got := r.scanNear(k, limit), r.indexNear(k, limit)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%q (limit %d): index finds %q, scan %q", k, limit, keysOf(r, got), keysOf(r, want))
			}
			checked++
		}
	}
	t.Logf("%d queries", checked)
}

func keysOf(r *Registry, ix []int) []string {
	var out []string
	for _, i := range ix {
		out = append(out, r.keys[i])
	}
	return out
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

// TestPatternDistance checks the bit-parallel distance against the table.
func TestPatternDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("ab'c杭州")
	word := func() string {
		n := rng.IntN(12)
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(rs)
	}
	for range 20000 {
		a, b := word(), word()
		var p pattern
		newPattern(&p, a)
		ra, rb := []rune(a), []rune(b)
		want := editDistance(ra, rb, 100, make([]int, 2*(len(rb)+1)))
		if got := p.distance(b); got != want {
			t.Fatalf("distance(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

// referenceSuggest is the close-match search of unknown by comparing the
// query with every key at the query's full limit.
func (r *Registry) referenceSuggest(k string) []string {
	n := utf8.RuneCountInString(k)
	if n == 0 || n > maxNearRunes {
		return nil
	}
	limit := 1
	if n >= 6 {
		limit = 2
	}
	var ms []match
	qr := []rune(k)
	for _, ki := range r.scanNear(k, limit) {
		key := r.keys[ki]
		d := editDistance(qr, []rune(key), limit, make([]int, 2*(len([]rune(key))+1)))
		for _, u := range r.keyUnits[r.keyOffs[ki]:r.keyOffs[ki+1]] {
			ms = append(ms, match{int(u), d, r.rank(int(u))})
		}
	}
	slices.SortFunc(ms, func(a, b match) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.rank, b.rank), cmp.Compare(a.unit, b.unit))
	})
	var out []string
	for _, m := range ms {
		if c := r.cities[m.unit].Code; !slices.Contains(out, c) {
			if out = append(out, c); len(out) == 5 {
				break
			}
		}
	}
	return out
}

// TestSuggestionsMatchReference checks the suggestions of unknown against
// the comparison with every key, for misspellings of every 11th key.
func TestSuggestionsMatchReference(t *testing.T) {
	r := Default()
	rng := rand.New(rand.NewPCG(5, 6))
	step := 11
	if !longtest.Enabled() {
		step = 101
	}
	for ki := 0; ki < len(r.keys); ki += step {
		q := []rune(r.keys[ki])
		for range 2 {
			i := rng.IntN(len(q))
			q[i] = []rune("aeiou0123杭州")[rng.IntN(11)]
			k := string(q)
			if _, ok := slices.BinarySearch(r.keys, k); ok || k == "雄安" || k == "xiongan" {
				continue
			}
			var got []string
			var le *LookupError
			if errors.As(r.unknown(k, []byte(k)), &le) {
				for _, c := range le.Candidates {
					got = append(got, c.Code)
				}
			}
			if want := r.referenceSuggest(k); !slices.Equal(got, want) {
				t.Fatalf("%q: suggests %q, want %q", k, got, want)
			}
		}
	}
}
