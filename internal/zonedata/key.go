package zonedata

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tradepolicy/cbec/internal/norm"
	"github.com/tradepolicy/cbec/internal/tsv"
)

// AppendKey appends to dst the lookup key of s: ASCII letters lower-cased,
// full-width ASCII folded to half-width, apostrophes made ASCII (Xi'an and
// Jin'an differ from Xian and Jinan), white space (Unicode's, with the
// zero-width space and byte order mark: see norm.IsSpace), hyphens, dots and
// middle dots dropped, and a trailing English word "city", "prefecture",
// "county", "district" or "province" dropped. Chinese text is kept as it is.
// It does not allocate when dst has room.
func AppendKey(dst []byte, s string) []byte {
	start := len(dst)
	wordStart := start
	for _, r := range s {
		r = norm.Width(r)
		switch {
		case r >= 'A' && r <= 'Z':
			dst = append(dst, byte(r+'a'-'A'))
		case r == ' ' || r == ',' || r == '，' || r == '、' || norm.IsSpace(r):
			dst = dropSuffixWord(dst, start, wordStart)
			wordStart = len(dst)
		case r == '\'' || r == '’' || r == '‘':
			dst = append(dst, '\'')
		case r == '-' || r == '.' || r == '·' || r == '•' || r == '_':
		case r < utf8.RuneSelf:
			dst = append(dst, byte(r))
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dropSuffixWord(dst, start, wordStart)
}

var suffixWords = []string{"city", "prefecture", "county", "district", "province"}

func dropSuffixWord(dst []byte, start, wordStart int) []byte {
	if wordStart > start && slices.Contains(suffixWords, string(dst[wordStart:])) {
		return dst[:wordStart]
	}
	return dst
}

// Key returns the lookup key of s.
func Key(s string) string { return string(AppendKey(nil, s)) }

// An Index maps lookup keys to units: Keys sorted, and the units of Keys[i]
// are Units[Offs[i]:Offs[i+1]] (indexes into the city table). Slots is an
// open-addressing hash table of the keys: a key k is at the first of
// Slots[Hash(k)&(len(Slots)-1)], Slots[…+1] … that holds 1 + its index in
// Keys, before the first 0.
type Index struct {
	Keys  []string
	Offs  []uint32
	Units []uint32
	Slots []uint32
}

// Hash hashes a lookup key, eight bytes at a time.
func Hash[K ~string | ~[]byte](k K) uint32 {
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

// slots builds the hash table of keys (see [Index]).
func slots(keys []string) []uint32 {
	n := 16
	for n < 2*len(keys) {
		n *= 2
	}
	t := make([]uint32, n)
	for i, k := range keys {
		j := Hash(k) & uint32(n-1)
		for t[j] != 0 {
			j = (j + 1) & uint32(n-1)
		}
		t[j] = uint32(i + 1)
	}
	return t
}

// BuildIndex indexes each city under its code, name, English name and
// aliases. It fails only when the index would outgrow its 32-bit offsets.
func BuildIndex(cities []City) (Index, error) {
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
		add(Key(c.Name), i)
		add(Key(c.NameEN), i)
		for _, a := range c.Aliases {
			add(Key(a), i)
		}
	}
	var ix Index
	for k := range m {
		ix.Keys = append(ix.Keys, k)
	}
	slices.Sort(ix.Keys)
	n := 0
	for _, us := range m {
		n += len(us)
	}
	if n > math.MaxUint32 || len(cities) > math.MaxUint32 {
		return Index{}, fmt.Errorf("cities.tsv: %w: %d names, more than %d", tsv.ErrLimit, n, uint32(math.MaxUint32))
	}
	ix.Offs = make([]uint32, 0, len(ix.Keys)+1)
	ix.Units = make([]uint32, 0, n)
	for _, k := range ix.Keys {
		ix.Offs = append(ix.Offs, uint32(len(ix.Units)))
		ix.Units = append(ix.Units, m[k]...)
	}
	ix.Offs = append(ix.Offs, uint32(len(ix.Units)))
	ix.Slots = slots(ix.Keys)
	return ix, nil
}

// TrimSuffix returns the Chinese name without its administrative suffix
// (杭州市 → 杭州), or "" when nothing sensible remains.
func TrimSuffix(name string) string {
	for _, suf := range []string{"特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "新区", "林区", "特区", "省", "市", "盟", "县", "区", "旗"} {
		if t, ok := strings.CutSuffix(name, suf); ok && utf8.RuneCountInString(t) >= 2 {
			return t
		}
	}
	return ""
}
