package zones

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tradepolicy/cbec/internal/norm"
	"github.com/tradepolicy/cbec/internal/tsv"
)

// A keyIndex maps lookup keys to units: keys sorted, and the units of keys[i]
// are units[offs[i]:offs[i+1]] (indexes into the city table). slots is an
// open-addressing hash table of the keys: a key k is at the first of
// slots[hash(k)&(len(slots)-1)], slots[…+1] … that holds 1 + its index in
// keys, before the first 0.
type keyIndex struct {
	keys  []string
	offs  []uint32
	units []uint32
	slots []uint32
	canon []uint32 // per key: the first key whose units are the same
}

// hash hashes a lookup key, eight bytes at a time.
func hash[K ~string | ~[]byte](k K) uint32 {
	h := uint64(len(k)) * 0x9E3779B97F4A7C15
	for len(k) >= 8 {
		w := uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
			uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56
		h = (h ^ w) * 0xBF58476D1CE4E5B9
		h ^= h >> 31
		k = k[8:]
	}
	var w uint64
	for i := 0; i < len(k); i++ {
		w |= uint64(k[i]) << (8 * i)
	}
	h = (h ^ w) * 0x94D049BB133111EB
	return uint32(h ^ h>>29)
}

// buildSlots builds the hash table of keys (see [keyIndex]).
func buildSlots(keys []string) []uint32 {
	n := 16
	for n < 2*len(keys) {
		n *= 2
	}
	t := make([]uint32, n)
	for i, k := range keys {
		j := hash(k) & uint32(n-1)
		for t[j] != 0 {
			j = (j + 1) & uint32(n-1)
		}
		t[j] = uint32(i + 1)
	}
	return t
}

// buildIndex indexes each city under its code, name, English name and
// aliases. It fails only when the index would outgrow its 32-bit offsets.
func buildIndex(cities []cityRow) (*keyIndex, error) {
	m := make(map[string][]uint32)
	add := func(k string, i int) {
		if k == "" {
			return
		}
		// Index the name with its apostrophes and without them, so that
		// "Xi'an" and "Xian" both find 西安.
		for _, k := range []string{k, strings.ReplaceAll(k, "'", "")} {
			// Cities come in order: a repeat can only be the last entry.
			if us := m[k]; len(us) == 0 || us[len(us)-1] != uint32(i) {
				m[k] = append(us, uint32(i))
			}
		}
	}
	for i, c := range cities {
		add(c.Code, i)
		add(norm.Key(c.Name), i)
		add(norm.Key(c.NameEN), i)
		for _, a := range c.aliases {
			add(norm.Key(a), i)
		}
	}
	ix := new(keyIndex)
	for k := range m {
		ix.keys = append(ix.keys, k)
	}
	slices.Sort(ix.keys)
	n := 0
	for _, us := range m {
		n += len(us)
	}
	if n > math.MaxUint32 || len(cities) > math.MaxUint32 {
		return nil, fmt.Errorf("cities.tsv: %w: %d names, more than %d", tsv.ErrLimit, n, uint32(math.MaxUint32))
	}
	ix.offs = make([]uint32, 0, len(ix.keys)+1)
	ix.units = make([]uint32, 0, n)
	for _, k := range ix.keys {
		ix.offs = append(ix.offs, uint32(len(ix.units)))
		ix.units = append(ix.units, m[k]...)
	}
	ix.offs = append(ix.offs, uint32(len(ix.units)))
	ix.slots = buildSlots(ix.keys)
	ix.canon = make([]uint32, len(ix.keys))
	first := make(map[string]uint32, len(ix.keys))
	for i := range ix.keys {
		var b strings.Builder
		for _, u := range ix.units[ix.offs[i]:ix.offs[i+1]] {
			fmt.Fprintf(&b, "%d,", u)
		}
		k := b.String()
		if j, ok := first[k]; ok {
			ix.canon[i] = j
		} else {
			first[k] = uint32(i)
			ix.canon[i] = uint32(i)
		}
	}
	return ix, nil
}

// trimSuffix returns the Chinese name without its administrative suffix
// (杭州市 → 杭州), or "" when nothing sensible remains.
func trimSuffix(name string) string {
	for _, suf := range []string{"特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "新区", "林区", "特区", "省", "市", "盟", "县", "区", "旗"} {
		if t, ok := strings.CutSuffix(name, suf); ok && utf8.RuneCountInString(t) >= 2 {
			return t
		}
	}
	return ""
}
