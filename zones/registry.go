package zones

import (
	"iter"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/zonedata"
)

// A Dataset describes the data of one category: how many zones it holds,
// whether that is all of them, and the official total it is measured
// against.
type Dataset struct {
	Category Category `json:"category"`
	Rows     int      `json:"rows"` // zones in the data, including revoked ones
	// Complete reports whether the data holds every zone of the category as
	// of the data version. When it does not, a city's not hosting a zone of
	// the category cannot be concluded from the data.
	Complete      bool      `json:"complete"`
	OfficialTotal int       `json:"official_total,omitempty"` // the published count, 0 if none found
	AsOf          cbec.Date `json:"as_of,omitzero"`           // the day of the published count
	URL           string    `json:"url,omitempty"`            // where the count was read
	Gap           string    `json:"gap,omitempty"`            // what is missing, in one sentence
}

// A Registry is a complete, immutable set of cities and zones. The package
// functions ([Lookup], [All], [In] …) use the embedded one, [Default]; a
// program may load its own with [Load]. A Registry is safe for concurrent use.
type Registry struct {
	cities   []City
	parent   []uint32 // 1 + index of the parent; 0 for a province
	keys     []string
	keyOffs  []uint32
	keyUnits []uint32
	zones    []Zone
	zoneOffs []uint32
	zoneIdx  []uint32
	datasets [OtherSpecialArea + 1]Dataset
	nearOnce nearState // the close-match index, built on first use
}

// Default returns the registry of the embedded data.
func Default() *Registry { return &std }

// Cities returns every unit, in code order.
func (r *Registry) Cities() iter.Seq[City] { return slices.Values(r.cities) }

// Len returns the number of units.
func (r *Registry) Len() int { return len(r.cities) }

// IndexOf returns c's position in [Registry.Cities] order, or -1 when c is
// not in r. Callers that keep a table per city use it; it does not allocate.
func (r *Registry) IndexOf(c City) int {
	if i := int(c.idx) - 1; uint(i) < uint(len(r.cities)) && r.cities[i].Code == c.Code {
		return i // c came from r: no search
	}
	return r.search(c.Code)
}

// search returns the position of the unit with the given code, or -1.
func (r *Registry) search(code string) int {
	i, ok := slices.BinarySearchFunc(r.cities, code, func(e City, code string) int { return strings.Compare(e.Code, code) })
	if !ok {
		return -1
	}
	return i
}

// At returns the unit at position i of [Registry.Cities] order.
func (r *Registry) At(i int) City { return r.cities[i] }

// ByCode returns the unit with the given six-digit code.
func (r *Registry) ByCode(code string) (City, bool) {
	i := r.search(code)
	if i < 0 {
		return City{}, false
	}
	return r.cities[i], true
}

// Parent returns the unit c belongs to: a county's prefecture (or
// municipality or province), a prefecture's province. It reports false for a
// province or a unit not in r.
func (r *Registry) Parent(c City) (City, bool) {
	i := r.IndexOf(c)
	if i < 0 || r.parent[i] == 0 {
		return City{}, false
	}
	return r.cities[r.parent[i]-1], true
}

// Ancestors yields c's parent, its parent's parent and so on up to the
// province.
func (r *Registry) Ancestors(c City) iter.Seq[City] {
	return func(yield func(City) bool) {
		i := r.IndexOf(c)
		for i >= 0 && r.parent[i] != 0 {
			i = int(r.parent[i]) - 1
			if !yield(r.cities[i]) {
				return
			}
		}
	}
}

// All yields every zone of every category, revoked ones included, by
// category and then in data order.
func (r *Registry) All() iter.Seq[Zone] { return slices.Values(r.zones) }

// NumZones returns the number of zones, revoked ones included.
func (r *Registry) NumZones() int { return len(r.zones) }

// ZoneAt returns the zone at position i of [Registry.All] order.
func (r *Registry) ZoneAt(i int) Zone { return r.zones[i] }

// ByID returns the zone with the given id.
func (r *Registry) ByID(id string) (Zone, bool) {
	for _, z := range r.zones {
		if z.ID == id {
			return z, true
		}
	}
	return Zone{}, false
}

// Within yields every zone that ever lay in c or inside it, whatever its
// dates. A zone coded to 海南省 that covers Hainan Island (the free trade
// zone, the CBEC test zone of 2025) lies in every unit on the island.
func (r *Registry) Within(c City) iter.Seq[Zone] {
	return func(yield func(Zone) bool) {
		i := r.IndexOf(c)
		if i < 0 {
			return
		}
		for _, zi := range r.zoneIdx[r.zoneOffs[i]:r.zoneOffs[i+1]] {
			if !yield(r.zones[zi]) {
				return
			}
		}
	}
}

// In yields the zones that lie in c or inside it and surely exist on day d
// (see [Zone.On]).
func (r *Registry) In(c City, d cbec.Date) iter.Seq[Zone] {
	return func(yield func(Zone) bool) {
		for z := range r.Within(c) {
			if z.On(d) == Present && !yield(z) {
				return
			}
		}
	}
}

// Hosts reports whether c hosts a zone of category cat on day d: Present if a
// zone surely exists there then, Absent if none can and the category's data
// is complete, Unsure otherwise.
func (r *Registry) Hosts(c City, cat Category, d cbec.Date) Presence {
	unsure := false
	for z := range r.Within(c) {
		if z.Category != cat {
			continue
		}
		switch z.On(d) {
		case Present:
			return Present
		case Unsure:
			unsure = true
		}
	}
	if unsure || !cat.IsValid() || !r.datasets[cat].Complete || !d.IsValid() || r.IndexOf(c) < 0 {
		return Unsure
	}
	return Absent
}

// Hosting yields, in code order, the units that surely host a zone of
// category cat on day d, the zone lying in them or inside them.
func (r *Registry) Hosting(cat Category, d cbec.Date) iter.Seq[City] {
	return func(yield func(City) bool) {
		for _, c := range r.cities {
			if r.Hosts(c, cat, d) == Present && !yield(c) {
				return
			}
		}
	}
}

// Dataset describes the data of category cat.
func (r *Registry) Dataset(cat Category) Dataset {
	if !cat.IsValid() {
		return Dataset{}
	}
	return r.datasets[cat]
}

// Package-level functions over the embedded registry.

// Lookup finds a unit by what a user types; see [Registry.Lookup].
func Lookup(q string) (City, error) { return std.Lookup(q) }

// ByCode returns the unit with the given six-digit code.
func ByCode(code string) (City, bool) { return std.ByCode(code) }

// All yields every zone of the embedded data.
func All() iter.Seq[Zone] { return std.All() }

// In yields the zones that lie in c or inside it and surely exist on day d.
func In(c City, d cbec.Date) iter.Seq[Zone] { return std.In(c, d) }

// Hosts reports whether c hosts a zone of category cat on day d.
func Hosts(c City, cat Category, d cbec.Date) Presence { return std.Hosts(c, cat, d) }

// Hosting yields the units that surely host a zone of category cat on day d.
func Hosting(cat Category, d cbec.Date) iter.Seq[City] { return std.Hosting(cat, d) }

// Parent returns the unit c belongs to.
func Parent(c City) (City, bool) { return std.Parent(c) }

// OnHainanIsland reports whether c lies on Hainan Island: a unit of 海南省
// other than 三沙市 (460300) and what lies in it. The island as a whole was
// listed by 商财发〔2020〕15号; 三沙 governs the South China Sea islands.
func OnHainanIsland(c City) bool {
	return c.IsValid() && zonedata.OnHainanIsland(c.Code, c.Parent)
}

// Lookup finds the unit a user means by q: a six-digit code ("330100"), a
// Chinese name with or without its suffix ("杭州市", "杭州"), or an English or
// pinyin name in any case, with or without spaces, apostrophes or a trailing
// "City" ("Hangzhou", "xi'an", "XIAN"). A name may be qualified by a
// province or prefecture in front ("辽宁朝阳", "杭州滨江") or after a comma or
// space ("Chaoyang, Liaoning").
//
// When a name fits several units of different levels, a prefecture-level
// unit or municipality wins over a province, a province over a county-level
// city (县级市), and that over other counties and districts ("吉林" is 吉林市,
// "Nanjing" is 南京市 not 南靖县, "Yiwu" is 义乌市 not 伊吾县). When several units of the
// same level remain, the error wraps [ErrAmbiguousCity] and lists them
// ("Suzhou": 苏州市 or 宿州市). A query that fits nothing gets an error
// wrapping [ErrUnknownCity] that names close matches: the names within one
// edit of the query (two for a query of six or more characters), closest
// first, found through an index of the names that the first unknown query
// builds (a few milliseconds, about 1 MiB).
//
// 雄安新区 has no GB/T 2260 code of its own: it is 雄县, 容城县 and 安新县 of 保定市,
// and Lookup says so.
func (r *Registry) Lookup(q string) (City, error) {
	var buf [128]byte
	key := zonedata.AppendKey(buf[:0], q)
	if len(key) == 0 || len(key) > len(buf) {
		return City{}, r.unknown(q, key)
	}
	units := r.find(key)
	if len(units) == 0 && slices.Contains(key, '\'') {
		key = slices.DeleteFunc(key, func(b byte) bool { return b == '\'' })
		units = r.find(key)
	}
	if len(units) > 0 {
		if i, ok := r.best(units, -1); ok {
			return r.cities[i], nil
		}
		return City{}, r.ambiguous(q, units, -1)
	}
	if c, ok, err := r.qualified(q, key); ok {
		return c, err
	}
	return City{}, r.unknown(q, key)
}

// find returns the units indexed under key.
func (r *Registry) find(key []byte) []uint32 {
	lo, hi := 0, len(r.keys)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.keys[m] < string(key) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(r.keys) && r.keys[lo] == string(key) {
		return r.keyUnits[r.keyOffs[lo]:r.keyOffs[lo+1]]
	}
	return nil
}

// rank orders units for ambiguous names: cities first, then provinces, then
// county-level cities (县级市), then other counties and districts.
func (r *Registry) rank(i int) int {
	c := &r.cities[i]
	switch {
	case c.IsCity():
		return 0
	case c.Level == Province:
		return 1
	case strings.HasSuffix(c.Name, "市"):
		return 2
	}
	return 3
}

// inside reports whether unit i is unit within or lies inside it.
func (r *Registry) inside(i, within int) bool {
	for ; i >= 0; i = int(r.parent[i]) - 1 {
		if i == within {
			return true
		}
	}
	return false
}

// best picks the one unit among units (inside unit within, if within ≥ 0)
// of the best rank, if there is exactly one.
func (r *Registry) best(units []uint32, within int) (int, bool) {
	best, bestRank, n := -1, 4, 0
	for _, u := range units {
		i := int(u)
		if within >= 0 && (i == within || !r.inside(i, within)) {
			continue
		}
		switch k := r.rank(i); {
		case k < bestRank:
			best, bestRank, n = i, k, 1
		case k == bestRank:
			n++
		}
	}
	return best, n == 1
}

// qualified resolves a query of the form "<unit><name>" or "<name>,<unit>":
// a province or prefecture and a name inside it.
func (r *Registry) qualified(q string, key []byte) (City, bool, error) {
	try := func(outer, inner []byte) (City, bool, error) {
		ou := r.find(outer)
		if len(ou) == 0 {
			return City{}, false, nil
		}
		o, ok := r.best(ou, -1)
		if !ok || r.cities[o].Level == County {
			return City{}, false, nil
		}
		units := r.find(inner)
		var in []uint32
		for _, u := range units {
			if int(u) != o && r.inside(int(u), o) {
				in = append(in, u)
			}
		}
		if len(in) == 0 {
			return City{}, false, nil
		}
		if i, ok := r.best(in, o); ok {
			return r.cities[i], true, nil
		}
		return City{}, true, r.ambiguous(q, in, o)
	}
	// Separated forms: "Chaoyang, Liaoning", "Chaoyang Liaoning", "Liaoning Chaoyang".
	if f := strings.FieldsFunc(q, func(r rune) bool { return r == ',' || r == ' ' || r == '，' || r == '\u3000' }); len(f) == 2 {
		a, b := zonedata.AppendKey(nil, f[0]), zonedata.AppendKey(nil, f[1])
		if c, ok, err := try(b, a); ok {
			return c, ok, err
		}
		if c, ok, err := try(a, b); ok {
			return c, ok, err
		}
	}
	// Run-together Chinese: "辽宁朝阳", "浙江省杭州市", "杭州滨江".
	if len(key) == 0 || key[0] < utf8.RuneSelf {
		return City{}, false, nil
	}
	for n := 0; n < len(key); {
		_, size := utf8.DecodeRune(key[n:])
		n += size
		if n >= len(key) {
			break
		}
		if c, ok, err := try(key[:n], key[n:]); ok {
			return c, ok, err
		}
	}
	return City{}, false, nil
}
