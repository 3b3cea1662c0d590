package zones

import (
	"iter"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/norm"
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

// A Registry is a complete, immutable set of cities, zones and counts
// ([Count]). The package functions ([Lookup], [All], [In] …) use the
// embedded one, [Default]; a program may load its own with [Load]. A
// Registry is safe for concurrent use; the methods answer on a nil or zero
// Registry as on an empty one.
type Registry struct {
	cities   []City
	parent   []uint32 // 1 + index of the parent; 0 for a province
	keys     []string
	keyOffs  []uint32
	keyUnits []uint32
	keySlots []uint32 // hash table of keys (see keyIndex)
	keyCanon []uint32 // per key: the first key with the same units
	zones    []Zone
	zoneOffs []uint32
	zoneIdx  []uint32
	// facilities coded to unit i that may lie anywhere inside it
	codedOffs []uint32
	codedIdx  []uint32
	datasets  [numCategories]Dataset
	counts    []Count
	// countMask[i] has bit cat-1 set for each category of counts[i].
	countMask  []uint16
	countMatch []bool
	// matching counts scoped to unit i, earliest first; nation-wide ones
	countOffs    []uint32
	countIdx     []uint32
	nationCounts []uint32
	registers    []Register
	// registerMask[i] has bit cat-1 set for each category of registers[i]
	// when it matches the rows, and is 0 when it does not.
	registerMask []uint16
	// registerUnnamed[i] holds the zones of the categories of registers[i]
	// that it does not name, nor any zone of their chains, in order: on its
	// day, such a zone did not operate.
	registerUnnamed [][]uint32
	// per zone: the zones it succeeds, and the first day its site surely
	// operated (its own opening or a predecessor's)
	preds    [][]uint32
	siteOpen []cbec.Date
	last     []uint32  // per zone: the last zone of its chain of conversions (itself when it has no successor)
	nearOnce nearState // the close-match index, built on first use
	changes  *changes  // what the overlay changed, for a registry made by Extend
}

// Default returns the registry of the embedded data.
func Default() *Registry { return std }

// Cities returns every unit, in code order.
func (r *Registry) Cities() iter.Seq[City] {
	if r == nil {
		return func(func(City) bool) {}
	}
	return slices.Values(r.cities)
}

// Len returns the number of units.
func (r *Registry) Len() int {
	if r == nil {
		return 0
	}
	return len(r.cities)
}

// IndexOf returns c's position in [Registry.Cities] order, or -1 when c is
// not in r. Callers that keep a table per city use it; it does not allocate.
func (r *Registry) IndexOf(c City) int { return r.indexOf(int(c.idx)-1, c.Code) }

// Index is [Registry.IndexOf] for a City held by pointer, which it does not
// copy: for hot paths that pass a City on.
func (r *Registry) Index(c *City) int { return r.indexOf(int(c.idx)-1, c.Code) }

// indexOf returns the position of the unit with the given code, trying i
// first: a City that came from r knows its position.
func (r *Registry) indexOf(i int, code string) int {
	if r == nil {
		return -1
	}
	if uint(i) < uint(len(r.cities)) && r.cities[i].Code == code {
		return i
	}
	return r.search(code)
}

// search returns the position of the unit with the given code, or -1.
func (r *Registry) search(code string) int {
	if r == nil {
		return -1
	}
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
func (r *Registry) All() iter.Seq[Zone] {
	if r == nil {
		return func(func(Zone) bool) {}
	}
	return slices.Values(r.zones)
}

// NumZones returns the number of zones, revoked ones included.
func (r *Registry) NumZones() int {
	if r == nil {
		return 0
	}
	return len(r.zones)
}

// ZoneAt returns the zone at position i of [Registry.All] order.
func (r *Registry) ZoneAt(i int) Zone { return r.zones[i] }

// ByID returns the zone with the given id.
func (r *Registry) ByID(id string) (Zone, bool) {
	for z := range r.All() {
		if z.ID == id {
			return z, true
		}
	}
	return Zone{}, false
}

// Within yields every zone that ever lay in c or inside it, whatever its
// dates, in [Registry.All] order. A zone coded to 海南省 that covers Hainan
// Island (the free trade zone, the CBEC test zone of 2025) lies in every unit
// on the island; a CBEC comprehensive test zone coded to a city (杭州市)
// covers the whole city and lies in every unit inside it (滨江区). A
// facility coded to a city without its district (a bonded zone, a type-B
// center, a free trade zone area …) lies in the city only: whether it lies
// in one of the city's districts the data does not say, and [Registry.Hosts]
// answers Unsure there.
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

// Hosts reports whether c hosts a zone of category cat on day d, a zone
// lying in c or inside it ([Registry.Within]):
//
//   - Present if such a zone surely exists on d;
//   - Absent if none can exist on d (none is Present or Unsure, see
//     [Zone.On]), no facility of cat coded to a unit c lies in (its city,
//     its province) without a more precise place may exist on d, and the
//     category's data is complete ([Dataset.Complete]);
//   - Absent too, with the same conditions but an incomplete dataset, when a
//     matching [Count] of cat covers c: its scope is c, a unit c lies in
//     below any such facility's unit, or, when there is no such facility,
//     the nation. [Registry.Evidence] returns that count, whose day a caller
//     should name when d is after it;
//   - Unsure otherwise.
//
// A nil or empty registry, an invalid category or an invalid day answer
// Unsure.
func (r *Registry) Hosts(c City, cat Category, d cbec.Date) Presence {
	p, _ := r.hosts(c, cat, d)
	return p
}

// hosts is [Registry.Hosts]; when the answer rests on a count it also
// returns its index, -1 otherwise.
func (r *Registry) hosts(c City, cat Category, d cbec.Date) (Presence, int) {
	return r.presence(c, cat, d, false)
}

// presence answers whether c hosts a zone of category cat on day d that
// exists (open false: [Zone.On]) or operates (open true: [Registry.Operates]).
// When the answer rests on a count or register it also returns the
// evidence: the index of the count, or len(counts) + the register's index;
// -1 otherwise. Registers are evidence of operation only.
func (r *Registry) presence(c City, cat Category, d cbec.Date, open bool) (Presence, int) {
	i := r.IndexOf(c)
	if i < 0 || !cat.IsValid() {
		return Unsure, -1
	}
	on := func(zi uint32) Presence {
		if !open {
			return r.zones[zi].On(d)
		}
		p := r.site(int(zi), d)
		if p == Unsure && r.unregistered(zi, d) {
			return Absent
		}
		return p
	}
	unsure := false
	for _, zi := range r.zoneIdx[r.zoneOffs[i]:r.zoneOffs[i+1]] {
		if r.zones[zi].Category == cat {
			switch on(zi) {
			case Present:
				return Present, -1
			case Unsure:
				unsure = true
			}
		}
	}
	if unsure || !d.IsValid() {
		return Unsure, -1
	}
	// chain[0] is c, then the units it lies in. A facility of cat coded to
	// chain[held] may lie in c; only a count scoped below it settles that.
	var chain [4]int
	n := 0
	for j := i; j >= 0 && n < len(chain); j = int(r.parent[j]) - 1 {
		chain[n] = j
		n++
	}
	held := n
	for k := 1; k < n && held == n; k++ {
		u := chain[k]
		for _, zi := range r.codedIdx[r.codedOffs[u]:r.codedOffs[u+1]] {
			if z := &r.zones[zi]; z.Category == cat && on(zi) != Absent {
				held = k
				break
			}
		}
	}
	if held == n && r.datasets[cat].Complete {
		return Absent, -1
	}
	best := -1
	var bestDay cbec.Date
	bit := uint16(1) << (cat - 1)
	consider := func(e int, day cbec.Date) {
		if best < 0 || laterEvidence(bestDay, day, d) {
			best, bestDay = e, day
		}
	}
	for k := 0; k < held; k++ {
		u := chain[k]
		for _, ci := range r.countIdx[r.countOffs[u]:r.countOffs[u+1]] {
			if r.countMask[ci]&bit != 0 {
				consider(int(ci), r.counts[ci].Day)
			}
		}
	}
	if held == n {
		for _, ci := range r.nationCounts {
			if r.countMask[ci]&bit != 0 {
				consider(int(ci), r.counts[ci].Day)
			}
		}
		if open {
			for gi, m := range r.registerMask {
				if m&bit != 0 {
					consider(len(r.counts)+gi, r.registers[gi].Day)
				}
			}
		}
	}
	if best < 0 {
		return Unsure, -1
	}
	return Absent, best
}

// unregistered reports whether a matching register of day d leaves zone zi
// out: customs had not coded it, so it did not operate that day.
func (r *Registry) unregistered(zi uint32, d cbec.Date) bool {
	bit := uint16(1) << (r.zones[zi].Category - 1)
	for gi, m := range r.registerMask {
		if m&bit != 0 && r.registers[gi].Day == d {
			if _, ok := slices.BinarySearch(r.registerUnnamed[gi], zi); ok {
				return true
			}
		}
	}
	return false
}

// laterEvidence reports whether a count of day b is better evidence for day
// d than one of day a: a day on or after d beats one before it; of two on
// or after d the earlier wins, of two before it the later.
func laterEvidence(a, b, d cbec.Date) bool {
	aAfter, bAfter := !a.Before(d), !b.Before(d)
	switch {
	case aAfter != bAfter:
		return bAfter
	case aAfter:
		return b.Before(a)
	}
	return a.Before(b)
}

// Hosting yields, in code order, the units that surely host a zone of
// category cat on day d, the zone lying in them or inside them.
func (r *Registry) Hosting(cat Category, d cbec.Date) iter.Seq[City] {
	return func(yield func(City) bool) {
		for c := range r.Cities() {
			if r.Hosts(c, cat, d) == Present && !yield(c) {
				return
			}
		}
	}
}

// Dataset describes the data of category cat.
func (r *Registry) Dataset(cat Category) Dataset {
	if r == nil || !cat.IsValid() {
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

// Registers yields the embedded registers, evidence of the absence of an
// operating facility; see [Register].
func Registers() iter.Seq[Register] { return std.Registers() }

// Operating reports whether c hosts a zone of category cat operating on day
// d; see [Registry.Operating].
func Operating(c City, cat Category, d cbec.Date) Presence { return std.Operating(c, cat, d) }

// Counts yields the embedded counts, the evidence of absence; see [Count].
func Counts() iter.Seq[Count] { return std.Counts() }

// Evidence returns the embedded count on which [Hosts] rests when it answers
// Absent; see [Registry.Evidence].
func Evidence(c City, cat Category, d cbec.Date) (Count, bool) { return std.Evidence(c, cat, d) }

// OnHainanIsland reports whether c lies on Hainan Island: a unit of 海南省
// other than 三沙市 (460300) and what lies in it. The island as a whole was
// listed by 商财发〔2020〕15号; 三沙 governs the South China Sea islands.
func OnHainanIsland(c City) bool {
	return c.Code[:min(2, len(c.Code))] == "46" && c.Code != hainanProvince && c.Code != sanshaCity && c.Parent != sanshaCity
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
	c, _, err := r.Resolve(q)
	return c, err
}

// Resolve is [Registry.Lookup] that also reports how many units q could
// name: 1 when q names one unit only, more when the rank rule of Lookup
// chose among several (see [Registry.Candidates] for them). It does not
// allocate when q is found.
func (r *Registry) Resolve(q string) (City, int, error) {
	c, n, _, err := r.resolve(q)
	return c, n, err
}

// A Name is what a query named in a registry when it could mean several
// units and the rank rule of [Registry.Lookup] chose one: the units it
// could mean, kept as a small comparable value. Two queries that could mean
// the same units have equal Names, whatever their spelling ("朝阳", " 朝阳 ").
// The zero Name names no choice. [Registry.Meanings] lists the units.
type Name struct {
	key    uint32 // 1 + the index of the first lookup key with these units
	within uint32 // 1 + the index of the unit that qualified the name, or 0
}

// IsZero reports whether n is the zero Name.
func (n Name) IsZero() bool { return n == Name{} }

// ResolveName is [Registry.Resolve] that returns, instead of a count, the
// Name the query resolved through when the rank rule chose among several
// units, and the zero Name when q names one unit only. It does not allocate
// when q is found.
func (r *Registry) ResolveName(q string) (City, Name, error) {
	c, n, name, err := r.resolve(q)
	if n <= 1 {
		name = Name{}
	}
	return c, name, err
}

// Meanings returns every unit n could mean, best first (the first is the
// one the rank rule chose), as [Registry.Candidates] does for the query. It
// returns nil for the zero Name or a Name of another registry.
func (r *Registry) Meanings(n Name) []City {
	if r == nil || n.key == 0 || int(n.key) >= len(r.keyOffs) || int(n.within) > len(r.cities) {
		return nil
	}
	k := n.key - 1
	return r.ranked(r.keyUnits[r.keyOffs[k]:r.keyOffs[k+1]], int(n.within)-1)
}

// Spelling returns the name n stands for as Lookup reads names (trimmed,
// lower-cased, full-width folded: "朝阳", "chaoyang"), or "" for the zero
// Name or a Name of another registry.
func (r *Registry) Spelling(n Name) string {
	if r == nil || n.key == 0 || int(n.key) > len(r.keys) {
		return ""
	}
	return r.keys[n.key-1]
}

// resolve is Resolve, with the Name q resolved through.
func (r *Registry) resolve(q string) (City, int, Name, error) {
	if r == nil {
		return City{}, 0, Name{}, &LookupError{Query: q, Err: ErrUnknownCity}
	}
	var buf [128]byte
	key := norm.AppendKey(buf[:0], q)
	if len(key) == 0 || len(key) > len(buf) {
		return City{}, 0, Name{}, r.unknown(q, key)
	}
	k, units := r.find(key)
	if len(units) == 0 && slices.Contains(key, '\'') {
		key = slices.DeleteFunc(key, func(b byte) bool { return b == '\'' })
		k, units = r.find(key)
	}
	if len(units) > 0 {
		name := Name{key: r.canon(k)}
		if i, ok := r.best(units, -1); ok {
			return r.cities[i], len(units), name, nil
		}
		return City{}, len(units), name, r.ambiguous(q, units, -1)
	}
	if k, units, o := r.qualified(q, key); o >= 0 {
		n := 0
		for _, u := range units {
			if int(u) != o && r.inside(int(u), o) {
				n++
			}
		}
		name := Name{key: r.canon(k), within: uint32(o + 1)}
		if i, ok := r.best(units, o); ok {
			return r.cities[i], n, name, nil
		}
		return City{}, n, name, r.ambiguous(q, units, o)
	}
	return City{}, 0, Name{}, r.unknown(q, key)
}

// canon returns 1 + the index of the first key whose units are those of
// key k.
func (r *Registry) canon(k int) uint32 {
	if k < len(r.keyCanon) {
		return r.keyCanon[k] + 1
	}
	return uint32(k) + 1
}

// find returns the index of key and the units indexed under it (none when
// it is not a key).
func (r *Registry) find(key []byte) (int, []uint32) {
	if n := uint32(len(r.keySlots)); n > 0 {
		for j := hash(key) & (n - 1); r.keySlots[j] != 0; j = (j + 1) & (n - 1) {
			if k := r.keySlots[j] - 1; r.keys[k] == string(key) {
				return int(k), r.keyUnits[r.keyOffs[k]:r.keyOffs[k+1]]
			}
		}
		return -1, nil
	}
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
		return lo, r.keyUnits[r.keyOffs[lo]:r.keyOffs[lo+1]]
	}
	return -1, nil
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
// a province or prefecture and a name inside it. It returns the index of
// the name's key, the units it could mean (inside the qualifier and
// elsewhere), and the qualifier's index (-1 when q is not of that form).
func (r *Registry) qualified(q string, key []byte) (int, []uint32, int) {
	try := func(outer, inner []byte) (int, []uint32, int) {
		_, ou := r.find(outer)
		if len(ou) == 0 {
			return -1, nil, -1
		}
		o, ok := r.best(ou, -1)
		if !ok || r.cities[o].Level == County {
			return -1, nil, -1
		}
		k, units := r.find(inner)
		n := 0
		for _, u := range units {
			if int(u) != o && r.inside(int(u), o) {
				n++
			}
		}
		if n == 0 {
			return -1, nil, -1
		}
		return k, units, o
	}
	// Separated forms: "Chaoyang, Liaoning", "Chaoyang Liaoning", "Liaoning Chaoyang".
	if fa, fb, ok := twoFields(q); ok {
		var ba, bb [128]byte
		a, b := norm.AppendKey(ba[:0], fa), norm.AppendKey(bb[:0], fb)
		if k, u, o := try(b, a); o >= 0 {
			return k, u, o
		}
		if k, u, o := try(a, b); o >= 0 {
			return k, u, o
		}
	}
	// Run-together Chinese: "辽宁朝阳", "浙江省杭州市", "杭州滨江".
	if len(key) == 0 || key[0] < utf8.RuneSelf {
		return -1, nil, -1
	}
	for n := 0; n < len(key); {
		_, size := utf8.DecodeRune(key[n:])
		n += size
		if n >= len(key) {
			break
		}
		if k, u, o := try(key[:n], key[n:]); o >= 0 {
			return k, u, o
		}
	}
	return -1, nil, -1
}

// twoFields splits q at its separators (commas and white space) and reports
// whether it has exactly two fields. It does not allocate.
func twoFields(q string) (a, b string, ok bool) {
	var f [2]string
	n, start := 0, -1
	field := func(end int) bool {
		if start < 0 {
			return true
		}
		if n == 2 {
			return false
		}
		f[n], n, start = q[start:end], n+1, -1
		return true
	}
	for i, r := range q {
		if r != ',' && r != '，' && !norm.IsSpace(r) {
			if start < 0 {
				start = i
			}
		} else if !field(i) {
			return "", "", false
		}
	}
	if !field(len(q)) {
		return "", "", false
	}
	return f[0], f[1], n == 2
}
