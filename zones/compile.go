package zones

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/tsv"
)

// This file builds a Registry from the rows read by read.go: the city
// hierarchy, where each zone lies, the lookup index and which counts match
// the rows.

// A dataset is the rows of a dataset's files, read and validated one file
// at a time.
type dataset struct {
	cities    []cityRow
	index     *keyIndex // the index of cities, when already built
	zones     []zoneRow
	byCat     [numCategories][]zoneRow // the zones by category, in the embedded base
	datasets  []Dataset
	counts    []countRow
	registers []Register
}

// read reads the rows of recs.
func read(recs records) (*dataset, error) {
	cities, err := readCities(recs["cities.tsv"])
	if err != nil {
		return nil, err
	}
	d, err := readZoneFiles(recs, nil, nil)
	if err != nil {
		return nil, err
	}
	d.cities = cities
	return d, nil
}

// readZoneFiles reads the rows of recs but cities.tsv. With reuse, the rows
// of the embedded base already read, recs are the base amended by overlay,
// and the files overlay leaves alone are not read again.
func readZoneFiles(recs records, reuse *dataset, overlay records) (*dataset, error) {
	d := new(dataset)
	var err error
	keep := func(names ...string) bool {
		if reuse == nil {
			return false
		}
		for _, n := range names {
			if len(overlay[n]) > 0 {
				return false
			}
		}
		return true
	}
	if reuse != nil {
		n := 0
		for _, zs := range reuse.byCat {
			n += len(zs)
		}
		d.zones = make([]zoneRow, 0, n)
	}
	for _, cat := range Categories() {
		if keep(cat.Key() + ".tsv") {
			d.zones = append(d.zones, reuse.byCat[cat]...)
			continue
		}
		zs, err := readZones(cat, recs[cat.Key()+".tsv"])
		if err != nil {
			return nil, err
		}
		d.zones = append(d.zones, zs...)
	}
	switch {
	case keep("datasets.tsv"):
		d.datasets = reuse.datasets
	default:
		if d.datasets, err = readDatasets(recs["datasets.tsv"]); err != nil {
			return nil, err
		}
	}
	switch {
	case keep("counts.tsv"):
		d.counts = reuse.counts
	default:
		if d.counts, err = readCounts(recs["counts.tsv"]); err != nil {
			return nil, err
		}
	}
	switch {
	case keep("registers.tsv", "registered.tsv"):
		d.registers = reuse.registers
	default:
		if d.registers, err = readRegisters(recs["registers.tsv"], recs["registered.tsv"]); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// compile validates the rows of d together and builds the registry.
func compile(d *dataset) (*Registry, error) {
	byCode := func(a, b cityRow) int { return cmp.Compare(a.Code, b.Code) }
	cities := d.cities // read only; sorted here unless already (the embedded base's are)
	if !slices.IsSortedFunc(cities, byCode) {
		cities = slices.Clone(cities)
		slices.SortStableFunc(cities, byCode)
	}
	if len(cities) > maxUnits {
		return nil, fmt.Errorf("cities.tsv: %w: %d units, more than %d", tsv.ErrLimit, len(cities), maxUnits)
	}
	r := &Registry{cities: make([]City, len(cities)), parent: make([]uint32, len(cities))}
	pos := make(map[string]int, len(cities))
	for i, c := range cities {
		pos[c.Code] = i
		r.cities[i] = c.City
		r.cities[i].idx = uint32(i + 1)
	}
	for i, c := range cities {
		if c.Parent != "" {
			p, ok := pos[c.Parent]
			if !ok {
				return nil, fmt.Errorf("cities.tsv: %s: parent %s is not in the registry", c.Code, c.Parent)
			}
			r.parent[i] = uint32(p + 1)
		}
	}
	if err := r.placeZones(d.zones, pos); err != nil {
		return nil, err
	}
	for _, ds := range d.datasets {
		r.datasets[ds.Category] = ds
	}
	for c := range numCategories {
		r.datasets[c].Category = c
		r.datasets[c].Rows = 0
	}
	for _, z := range r.zones {
		r.datasets[z.Category].Rows++
	}
	ix := d.index
	if ix == nil {
		var err error
		if ix, err = buildIndex(cities); err != nil {
			return nil, err
		}
	}
	r.keys, r.keyOffs, r.keyUnits, r.keySlots, r.keyCanon = ix.keys, ix.offs, ix.units, ix.slots, ix.canon
	if err := r.matchCounts(d.counts, pos); err != nil {
		return nil, err
	}
	if err := r.matchRegisters(d.registers, pos); err != nil {
		return nil, err
	}
	return r, nil
}

// placeZones sorts the zones by category (in file order within one) and
// records where each lies: in the unit of its city code and the units above
// it; a city-wide zone in every unit inside its city too; a zone coded to
// 海南省 on every unit of Hainan Island.
func (r *Registry) placeZones(rows []zoneRow, pos map[string]int) error {
	if len(rows) > maxZones {
		return fmt.Errorf("%w: %d zones, more than %d", tsv.ErrLimit, len(rows), maxZones)
	}
	type sameName struct {
		cat        Category
		name, city string
		from       cbec.Date
	}
	ids := make(map[string]int, len(rows))
	names := make(map[sameName]int, len(rows))
	for i := range rows {
		z := &rows[i]
		if j, dup := ids[z.ID]; dup {
			p := &rows[j]
			return &tsv.Error{File: z.file, Line: z.line, Field: "id", Err: fmt.Errorf("duplicate id %q (also %s:%d)", z.ID, p.file, p.line)}
		}
		ids[z.ID] = i
		k := sameName{z.Category, z.Name, z.City, z.Period.From}
		if j, dup := names[k]; dup {
			p := &rows[j]
			return &tsv.Error{File: z.file, Line: z.line, Field: "name", Err: fmt.Errorf("duplicate zone %s (also %s:%d)", z.Name, p.file, p.line)}
		}
		names[k] = i
		if _, ok := pos[z.City]; !ok {
			return &tsv.Error{File: z.file, Line: z.line, Field: "city", Err: fmt.Errorf("%s is not in the registry", z.City)}
		}
	}
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b zoneRow) int { return cmp.Compare(a.Category, b.Category) })
	children := make([][]int, len(r.cities))
	for i, p := range r.parent {
		if p > 0 {
			children[p-1] = append(children[p-1], i)
		}
	}
	var island []int // the units on Hainan Island
	for j, c := range r.cities {
		if OnHainanIsland(c) {
			island = append(island, j)
		}
	}
	within := make([][]uint32, len(r.cities))
	coded := make([][]uint32, len(r.cities))
	r.zones = make([]Zone, len(rows))
	for zi, z := range rows {
		r.zones[zi] = z.Zone
		i := pos[z.City]
		switch {
		case cityWide(z.Zone, r.cities[i]):
			var add func(int)
			add = func(p int) {
				for _, j := range children[p] {
					within[j] = append(within[j], uint32(zi))
					add(j)
				}
			}
			add(i)
		case z.City != hainanProvince:
			coded[i] = append(coded[i], uint32(zi))
		}
		for j := i; j >= 0; j = int(r.parent[j]) - 1 {
			within[j] = append(within[j], uint32(zi))
		}
		if z.City == hainanProvince {
			for _, j := range island {
				within[j] = append(within[j], uint32(zi))
			}
		}
	}
	if n := total(within); n > math.MaxUint32 {
		return fmt.Errorf("%w: %d zone memberships, more than %d", tsv.ErrLimit, n, uint32(math.MaxUint32))
	}
	r.zoneOffs, r.zoneIdx = flatten(within)
	r.codedOffs, r.codedIdx = flatten(coded) // at most one entry per zone
	return r.chainSuccessors(rows)
}

// chainSuccessors links each zone to the zones it succeeds, and computes
// the first day each zone's site surely operated: its own opening, or the
// earliest opening of a zone it succeeds, directly or not.
func (r *Registry) chainSuccessors(rows []zoneRow) error {
	index := make(map[string]int, len(r.zones))
	for i, z := range r.zones {
		index[z.ID] = i
	}
	r.preds = make([][]uint32, len(r.zones))
	for i, z := range rows {
		if z.Successor == "" {
			continue
		}
		j, ok := index[z.Successor]
		if !ok {
			return &tsv.Error{File: z.file, Line: z.line, Field: "successor", Err: fmt.Errorf("%s is not the id of a zone", z.Successor)}
		}
		r.preds[j] = append(r.preds[j], uint32(i))
	}
	r.siteOpen = make([]cbec.Date, len(r.zones))
	state := make([]uint8, len(r.zones)) // 0 new, 1 visiting, 2 done
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case 1:
			return &tsv.Error{File: rows[i].file, Line: rows[i].line, Field: "successor", Err: fmt.Errorf("%s succeeds itself through its successors", r.zones[i].ID)}
		case 2:
			return nil
		}
		state[i] = 1
		s := r.zones[i].openStart()
		for _, p := range r.preds[i] {
			if err := visit(int(p)); err != nil {
				return err
			}
			if ps := r.siteOpen[p]; ps.IsValid() && (!s.IsValid() || ps.Before(s)) {
				s = ps
			}
		}
		r.siteOpen[i], state[i] = s, 2
		return nil
	}
	for i := range r.zones {
		if err := visit(i); err != nil {
			return err
		}
	}
	r.last = make([]uint32, len(r.zones))
	for i := range r.zones {
		j := i
		for r.zones[j].Successor != "" {
			j = index[r.zones[j].Successor]
		}
		r.last[i] = uint32(j)
	}
	return nil
}

// matchRegisters checks every entry of the registers against the zones, and
// decides which registers match the rows (see [Register]).
func (r *Registry) matchRegisters(regs []Register, pos map[string]int) error {
	if len(regs) >= maxCount {
		return fmt.Errorf("registers.tsv: %w: %d registers, more than %d", tsv.ErrLimit, len(regs), maxCount-1)
	}
	r.registers = regs
	r.registerMask = make([]uint16, len(regs))
	for gi, g := range regs {
		for _, e := range g.Entries {
			zi := r.zoneIndex(e.Zone)
			if zi < 0 {
				return fmt.Errorf("registered.tsv: %s %s: zone %s is not a row of the zone files", g.ID, e.Name, e.Zone)
			}
			if _, ok := pos[e.City]; !ok {
				return fmt.Errorf("registered.tsv: %s %s: %s is not in the registry", g.ID, e.Name, e.City)
			}
		}
		if len(r.Unlisted(g)) == 0 {
			for _, cat := range g.Categories {
				r.registerMask[gi] |= 1 << (cat - 1)
			}
		}
	}
	r.registerUnnamed = make([][]uint32, len(regs))
	for gi, g := range regs {
		named := map[string]bool{}
		for _, e := range g.Entries {
			named[e.Zone] = true
		}
		for zi := range r.zones {
			if g.Has(r.zones[zi].Category) && !r.namedInChain(zi, named, map[int]bool{}) {
				r.registerUnnamed[gi] = append(r.registerUnnamed[gi], uint32(zi))
			}
		}
	}
	return nil
}

// hainanProvince is the code of 海南省. A zone coded to it covers Hainan
// Island (the whole-island free trade zone and CBEC test zone).
const (
	hainanProvince = "460000"
	sanshaCity     = "460300"
)

// cityWide reports whether zone z, coded to unit u, covers every unit inside
// u: a CBEC comprehensive test zone named after the city it is coded to
// (中国（杭州）跨境电子商务综合试验区, 330100) is the whole city. One named after
// a part of its unit (中国（雄安新区）… coded to 保定市) is not, nor is a zone
// coded to a province other than a municipality; zones coded to 海南省 cover
// Hainan Island instead. Every other zone is a facility: it lies somewhere
// in u, and the data does not say where.
func cityWide(z Zone, u City) bool {
	if z.Category != CBECTestZone || z.City != u.Code || (u.Level == Province && !u.IsMunicipality()) {
		return false
	}
	if strings.Contains(z.Name, u.Name) {
		return true
	}
	t := trimSuffix(u.Name)
	return t != "" && strings.Contains(z.Name, t)
}

// matchCounts checks the counts against the registry, decides which match
// the rows ([Registry.Tally]) and indexes the matching ones by scope,
// earliest day first.
func (r *Registry) matchCounts(rows []countRow, pos map[string]int) error {
	if len(rows) >= maxCount {
		return fmt.Errorf("counts.tsv: %w: %d counts, more than %d", tsv.ErrLimit, len(rows), maxCount-1)
	}
	ids := make(map[string]countRow, len(rows))
	r.counts = make([]Count, len(rows))
	r.countMask = make([]uint16, len(rows))
	for i, c := range rows {
		if p, dup := ids[c.ID]; dup {
			return &tsv.Error{File: c.file, Line: c.line, Field: "id", Err: fmt.Errorf("duplicate id %q (also %s:%d)", c.ID, p.file, p.line)}
		}
		ids[c.ID] = c
		if _, ok := pos[c.Scope]; !ok && c.Scope != NationScope {
			return &tsv.Error{File: c.file, Line: c.line, Field: "scope", Err: fmt.Errorf("%s is not in the registry", c.Scope)}
		}
		r.counts[i] = c.Count
		for _, cat := range c.Categories {
			r.countMask[i] |= 1 << (cat - 1)
		}
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return r.counts[a].Day.Compare(r.counts[b].Day) })
	r.countMatch = make([]bool, len(rows))
	byUnit := make([][]uint32, len(r.cities))
	r.nationCounts = nil
	for _, i := range order {
		c := r.counts[i]
		if t, ok := r.Tally(c); !ok || !t.Matches() {
			continue
		}
		r.countMatch[i] = true
		if c.Scope == NationScope {
			r.nationCounts = append(r.nationCounts, uint32(i))
		} else {
			byUnit[pos[c.Scope]] = append(byUnit[pos[c.Scope]], uint32(i))
		}
	}
	r.countOffs, r.countIdx = flatten(byUnit)
	return nil
}

// flatten lays out per-unit lists as offsets and one slice: the list of
// unit i is idx[offs[i]:offs[i+1]].
func flatten(lists [][]uint32) (offs, idx []uint32) {
	offs = make([]uint32, 0, len(lists)+1)
	for _, l := range lists {
		offs = append(offs, uint32(len(idx)))
		idx = append(idx, l...)
	}
	return append(offs, uint32(len(idx))), idx
}

// total returns the number of entries of all lists.
func total(lists [][]uint32) int {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	return n
}
