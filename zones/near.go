package zones

import (
	"math/bits"
	"slices"
	"sync"
	"unicode/utf8"
)

// The close-match search for an unknown name finds every lookup key within
// a small edit distance (1 for a short query, 2 for a longer one) without
// comparing the query with every key. It is a partition filter: split a key
// of n runes into limit+1 segments; a query within limit edits of it leaves
// at least one segment untouched, so the query holds that segment at a
// position at most limit runes from where the key has it. The index maps
// each (key length, limit, segment number, segment text) to the keys, and a
// query looks up its own substrings near each segment's position: about 20
// look-ups, instead of ~13,000 distances.
// Candidates are then checked with the edit distance itself, so the answer
// is exactly that of comparing with every key.
//
// The index is built on the first unknown name (a few milliseconds), not at
// package initialisation.

// maxNearRunes is the longest query (in runes) that gets close matches.
const maxNearRunes = 40

// A nearIndex finds the keys near a query.
type nearIndex struct {
	segs  map[uint64][]uint32 // segment hash → keys (indexes into Registry.keys)
	short [3][3][]uint32      // per limit and length: keys too short to split into limit+1 segments
	masks []uint64            // per key: its runes as a set (see runeMask)
}

// runeMask returns the set of runes of s, each rune a bit of 64 (by its
// value modulo 64; digits, letters and the apostrophe are distinct). Each
// rune of a in no rune of b costs an edit: the distance of a and b is at
// least the number of bits of mask(a) not in mask(b), and the other way.
func runeMask(s string) uint64 {
	var m uint64
	for _, r := range s {
		m |= 1 << (uint32(r) % 64)
	}
	return m
}

// nearState holds a registry's index, built once.
type nearState struct {
	once sync.Once
	ix   *nearIndex
}

// near returns r's close-match index, building it on first use.
func (r *Registry) near() *nearIndex {
	r.nearOnce.once.Do(func() { r.nearOnce.ix = buildNear(r.keys) })
	return r.nearOnce.ix
}

// segment returns the start and length (in runes) of segment i of a key of
// n runes split into parts segments: the first ones a rune shorter when n
// does not divide evenly.
func segment(n, parts, i int) (start, size int) {
	size = n / parts
	long := n % parts // the last long segments are one rune longer
	short := parts - long
	if i < short {
		return i * size, size
	}
	return short*size + (i-short)*(size+1), size + 1
}

// segHash hashes a segment with the kind of key, its length, the limit and
// the segment number (FNV-1a). Collisions only add candidates, which the distance check drops.
func segHash(kind byte, n, limit, i int, seg string) uint64 {
	h := uint64(14695981039346656037)
	for _, b := range [4]byte{kind, byte(n), byte(limit), byte(i)} {
		h = (h ^ uint64(b)) * 1099511628211
	}
	for j := 0; j < len(seg); j++ {
		h = (h ^ uint64(seg[j])) * 1099511628211
	}
	return h
}

func buildNear(keys []string) *nearIndex {
	ix := &nearIndex{segs: make(map[uint64][]uint32, len(keys)), masks: make([]uint64, len(keys))}
	var offs []int
	for ki, key := range keys {
		ix.masks[ki] = runeMask(key)
		offs = runeOffsets(offs[:0], key)
		n := len(offs) - 1
		if n > maxNearRunes+2 {
			continue // too far from any query that gets close matches
		}
		for limit := 1; limit <= 2; limit++ {
			if n <= limit {
				ix.short[limit][n] = append(ix.short[limit][n], uint32(ki))
				continue
			}
			for i := 0; i <= limit; i++ {
				p, l := segment(n, limit+1, i)
				h := segHash(kind(key), n, limit, i, key[offs[p]:offs[p+l]])
				if ks := ix.segs[h]; len(ks) == 0 || ks[len(ks)-1] != uint32(ki) {
					ix.segs[h] = append(ks, uint32(ki))
				}
			}
		}
	}
	return ix
}

// runeOffsets appends to dst the byte offset of each rune of s and len(s).
func runeOffsets(dst []int, s string) []int {
	for i := range s {
		dst = append(dst, i)
	}
	return append(dst, len(s))
}

// candidates appends to dst the indexes of the keys that may lie within
// limit edits of q (rune offsets offs), each once, in no particular order.
// seen is scratch space of at least len(keys)/64+1 words, all zero.
func (ix *nearIndex) candidates(dst []uint32, seen []uint64, q string, offs []int, limit int) []uint32 {
	n := len(offs) - 1
	qm := runeMask(q)
	add := func(ks []uint32) {
		for _, k := range ks {
			if seen[k/64]&(1<<(k%64)) != 0 {
				continue
			}
			seen[k/64] |= 1 << (k % 64)
			m := ix.masks[k]
			if bits.OnesCount64(qm&^m) <= limit && bits.OnesCount64(m&^qm) <= limit {
				dst = append(dst, k)
			}
		}
	}
	for kn := max(n-limit, 0); kn <= limit; kn++ {
		add(ix.short[limit][kn])
	}
	for kn := max(n-limit, limit+1); kn <= n+limit; kn++ {
		for i := 0; i <= limit; i++ {
			p, l := segment(kn, limit+1, i)
			// The positions where segment i can lie in the query (the
			// multi-match-aware window of Pass-Join, Li et al., 2011):
			// at most i edits before it and limit-i after it.
			d := n - kn
			lo, hi := max(0, p-i, p+d-(limit-i)), min(n-l, p+i, p+d+(limit-i))
			for pos := lo; pos <= hi; pos++ {
				h := segHash(kind(q), kn, limit, i, q[offs[pos]:offs[pos+l]])
				add(ix.segs[h])
			}
		}
	}
	return dst
}

// isCodeKey reports whether a key is a six-digit code.
func isCodeKey(k string) bool { return len(k) == 6 && k[0] >= '0' && k[0] <= '9' }

// kind classes keys: 0 for Chinese, 1 for pinyin and English, 2 for codes.
func kind(k string) byte {
	switch {
	case isCodeKey(k):
		return 2
	case k[0] < utf8.RuneSelf:
		return 1
	}
	return 0
}

// sameKind reports whether a key is compared with the query: pinyin with
// pinyin, Chinese with Chinese, codes with codes.
func sameKind(key, q string) bool {
	return (key[0] < utf8.RuneSelf) == (q[0] < utf8.RuneSelf) && isCodeKey(key) == isCodeKey(q)
}

// A pattern computes the Levenshtein distance of a query of at most 64
// runes to other strings, a column of the distance table at a time in the
// bits of two words (Myers 1999, in Hyyrö's form for whole strings).
type pattern struct {
	m     int
	ascii [utf8.RuneSelf]uint64 // per ASCII rune: the positions where the query has it
	other []runeBits            // the same for other runes
}

type runeBits struct {
	r    rune
	bits uint64
}

// newPattern returns the pattern of q, which has at most 64 runes.
func newPattern(p *pattern, q string) {
	i := 0
	for _, r := range q {
		if r < utf8.RuneSelf {
			p.ascii[r] |= 1 << i
		} else if j := slices.IndexFunc(p.other, func(x runeBits) bool { return x.r == r }); j >= 0 {
			p.other[j].bits |= 1 << i
		} else {
			p.other = append(p.other, runeBits{r, 1 << i})
		}
		i++
	}
	p.m = i
}

// distance returns the Levenshtein distance of the query and s.
func (p *pattern) distance(s string) int {
	if p.m == 0 {
		return utf8.RuneCountInString(s)
	}
	pv, mv := ^uint64(0), uint64(0)
	high := uint64(1) << (p.m - 1)
	score := p.m
	for _, r := range s {
		var eq uint64
		if r < utf8.RuneSelf {
			eq = p.ascii[r]
		} else {
			for _, x := range p.other {
				if x.r == r {
					eq = x.bits
					break
				}
			}
		}
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&high != 0 {
			score++
		} else if mh&high != 0 {
			score--
		}
		ph = ph<<1 | 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
	}
	return score
}
