package zonedata

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/tradepolicy/cbec/internal/tsv"
)

// Tables is the whole zone dataset, validated and indexed: what the zones
// package serves.
type Tables struct {
	Cities   []City // sorted by code
	Parent   []int  // index of each city's parent, -1 for a province
	Index    Index
	Zones    []Zone // by category, then file order
	ZoneOffs []uint32
	ZoneIdx  []uint32 // zones in city i or inside it: ZoneIdx[ZoneOffs[i]:ZoneOffs[i+1]]
	// Zones coded to unit i that do not cover what lies inside it (a
	// facility coded to a city without its district):
	// CodedIdx[CodedOffs[i]:CodedOffs[i+1]].
	CodedOffs []uint32
	CodedIdx  []uint32
	Datasets  []Dataset
	Counts    []Count // file order
	// CountMatch[i] reports whether Counts[i] matches the rows (see
	// [Tables.Tally]).
	CountMatch []bool
	// The matching counts (indexes into Counts) scoped to unit i, earliest
	// day first: CountIdx[CountOffs[i]:CountOffs[i+1]]; NationCounts those
	// scoped to the nation.
	CountOffs    []uint32
	CountIdx     []uint32
	NationCounts []uint32

	indexed bool // Index is already that of Cities
}

// Files are the names of the zone data files (cities.tsv, a file per
// category, datasets.tsv, counts.tsv and regime.tsv): a file of another name
// in a dataset or an overlay is an error ([tsv.CheckNames]).
var Files = func() []string {
	names := []string{"cities.tsv"}
	for _, c := range Categories {
		names = append(names, c+".tsv")
	}
	return append(names, "datasets.tsv", "counts.tsv")
}()

// Load reads cities.tsv, the zone file of each category (ftz.tsv …),
// datasets.tsv and counts.tsv from base and validates them together. Files in
// overlay, if not nil, amend base's: a row replaces the base row with the same
// key (a city's code, a zone's id, a dataset's category, a count's id) and
// other rows are added.
// latest is the last day (YYYYMMDD) a date may name. A file whose name is not
// one of [Files], a column a file does not have, or a missing column is an
// error naming the file (and the column).
func Load(base, overlay fs.FS, latest int32) (*Tables, error) {
	b, err := ReadBase(base)
	if err != nil {
		return nil, err
	}
	return b.Load(overlay, latest)
}

// A Base is the records of a dataset's files, read once, that loads with
// different overlays share. It is immutable and safe for concurrent use.
type Base struct {
	recs map[string][]tsv.Record

	once   sync.Once // computes the fields below, for loads whose overlay has no cities.tsv
	cities []City    // sorted by code
	index  Index
	err    error
}

// ReadBase reads the files of a dataset (see [Load]).
func ReadBase(fsys fs.FS) (*Base, error) {
	if fsys == nil {
		return nil, errors.New("nil file system")
	}
	if err := tsv.CheckNames(fsys, "", Files...); err != nil {
		return nil, err
	}
	b := &Base{recs: map[string][]tsv.Record{}}
	for _, f := range files() {
		recs, err := tsv.ReadFS(fsys, f.name, f.cols...)
		if err != nil {
			return nil, err
		}
		b.recs[f.name] = recs
	}
	return b, nil
}

type file struct {
	name string
	key  string // the column that keys a row
	cols []string
}

func files() []file {
	fs := []file{{"cities.tsv", "code", CityColumns}}
	for _, cat := range Categories {
		fs = append(fs, file{cat + ".tsv", "id", ZoneColumns})
	}
	return append(fs, file{"datasets.tsv", "category", DatasetColumns}, file{"counts.tsv", "id", CountColumns})
}

// baseCities returns the base's cities, sorted, and their index.
func (b *Base) baseCities() ([]City, Index, error) {
	b.once.Do(func() {
		recs := b.recs["cities.tsv"]
		if len(recs) == 0 {
			b.err = fmt.Errorf("cities.tsv: missing or empty")
			return
		}
		if b.cities, b.err = ReadCities(recs); b.err != nil {
			return
		}
		sortCities(b.cities)
		b.index, b.err = BuildIndex(b.cities)
	})
	return b.cities, b.index, b.err
}

func sortCities(cs []City) {
	slices.SortStableFunc(cs, func(a, b City) int { return cmp.Compare(a.Code, b.Code) })
}

// Load validates the base amended by the files of overlay (which may be nil),
// as [Load] does.
func (b *Base) Load(overlay fs.FS, latest int32) (*Tables, error) {
	if overlay != nil {
		if err := tsv.CheckNames(overlay, "overlay/", Files...); err != nil {
			return nil, err
		}
	}
	t := new(Tables)
	var err error
	for _, f := range files() {
		recs := b.recs[f.name]
		var more []tsv.Record
		if overlay != nil {
			if more, err = tsv.ReadOverlayFS(overlay, f.name, f.cols...); err != nil {
				return nil, err
			}
			if recs, err = tsv.Merge(recs, more, func(r tsv.Record) string { return r.Get(f.key) }, false); err != nil {
				return nil, err
			}
		}
		switch f.name {
		case "cities.tsv":
			if len(more) == 0 {
				// The base's cities: their index is built once.
				cities, index, err := b.baseCities()
				if err != nil {
					return nil, err
				}
				t.Cities, t.Index, t.indexed = slices.Clone(cities), index, true
				continue
			}
			if len(recs) == 0 {
				return nil, fmt.Errorf("cities.tsv: missing or empty")
			}
			if t.Cities, err = ReadCities(recs); err != nil {
				return nil, err
			}
		case "datasets.tsv":
			if t.Datasets, err = ReadDatasets(recs); err != nil {
				return nil, err
			}
		case "counts.tsv":
			if t.Counts, err = ReadCounts(recs, latest); err != nil {
				return nil, err
			}
		default:
			zs, err := ReadZones(strings.TrimSuffix(f.name, ".tsv"), recs, latest)
			if err != nil {
				return nil, err
			}
			t.Zones = append(t.Zones, zs...)
		}
	}
	return t, t.Build()
}

// HainanProvince is the code of 海南省. A zone coded to it covers Hainan
// Island (the whole-island free trade zone and CBEC test zone).
const HainanProvince = "460000"

// OnHainanIsland reports whether the unit with the given code and parent lies
// on Hainan Island: a unit of 海南省 other than the province itself, 三沙市
// (460300) and what lies in it.
func OnHainanIsland(code, parent string) bool {
	return code[:2] == "46" && code != HainanProvince && code != "460300" && parent != "460300"
}

// IsMunicipality reports whether code is one of the four province-level
// cities (北京, 天津, 上海, 重庆).
func IsMunicipality(code string) bool {
	switch code {
	case "110000", "120000", "310000", "500000":
		return true
	}
	return false
}

// CityWide reports whether zone z, coded to unit u, covers every unit inside
// u: a CBEC comprehensive test zone named after the city it is coded to
// (中国（杭州）跨境电子商务综合试验区, 330100) is the whole city. One named after
// a part of its unit (中国（雄安新区）… coded to 保定市) is not, nor is a zone
// coded to a province other than a municipality; zones coded to 海南省 cover
// Hainan Island (see [OnHainanIsland]) instead. Every other zone is a
// facility: it lies somewhere in u, and the data does not say where.
func CityWide(z Zone, u City) bool {
	if z.Category != "cbec" || z.City != u.Code || (u.Level == "province" && !IsMunicipality(u.Code)) {
		return false
	}
	if strings.Contains(z.Name, u.Name) {
		return true
	}
	t := TrimSuffix(u.Name)
	return t != "" && strings.Contains(z.Name, t)
}

// Build validates the cities and zones together and computes the indexes.
func (t *Tables) Build() error {
	sortCities(t.Cities)
	pos := make(map[string]int, len(t.Cities))
	for i, c := range t.Cities {
		pos[c.Code] = i
	}
	if len(t.Cities) > MaxUnits {
		return fmt.Errorf("cities.tsv: %w: %d units, more than %d", tsv.ErrLimit, len(t.Cities), MaxUnits)
	}
	t.Parent = make([]int, len(t.Cities))
	for i, c := range t.Cities {
		t.Parent[i] = -1
		if c.Parent != "" {
			p, ok := pos[c.Parent]
			if !ok {
				return fmt.Errorf("cities.tsv: %s: parent %s is not in the registry", c.Code, c.Parent)
			}
			t.Parent[i] = p
		}
	}
	if err := CheckUnique(t.Zones); err != nil {
		return err
	}
	if len(t.Zones) > MaxZones {
		return fmt.Errorf("%w: %d zones, more than %d", tsv.ErrLimit, len(t.Zones), MaxZones)
	}
	slices.SortStableFunc(t.Zones, func(a, b Zone) int {
		return cmp.Compare(slices.Index(Categories, a.Category), slices.Index(Categories, b.Category))
	})
	children := make([][]int, len(t.Cities))
	for i, p := range t.Parent {
		if p >= 0 {
			children[p] = append(children[p], i)
		}
	}
	var island []int // the units on Hainan Island
	for j, c := range t.Cities {
		if OnHainanIsland(c.Code, c.Parent) {
			island = append(island, j)
		}
	}
	within := make([][]uint32, len(t.Cities))
	coded := make([][]uint32, len(t.Cities))
	for zi, z := range t.Zones {
		i, ok := pos[z.City]
		if !ok {
			return fmt.Errorf("%s:%d: city: %s is not in the registry", z.File, z.Line, z.City)
		}
		switch {
		case CityWide(z, t.Cities[i]):
			// A city-wide zone lies in every unit inside its city.
			var add func(int)
			add = func(p int) {
				for _, j := range children[p] {
					within[j] = append(within[j], uint32(zi))
					add(j)
				}
			}
			add(i)
		case z.City != HainanProvince:
			coded[i] = append(coded[i], uint32(zi))
		}
		for ; i >= 0; i = t.Parent[i] {
			within[i] = append(within[i], uint32(zi))
		}
		if z.City == HainanProvince {
			// A zone coded to 海南省 covers Hainan Island: every unit of the
			// province but 三沙市 and what lies in it.
			for _, j := range island {
				within[j] = append(within[j], uint32(zi))
			}
		}
	}
	if n := total(within); n > math.MaxUint32 {
		return fmt.Errorf("%w: %d zone memberships, more than %d", tsv.ErrLimit, n, uint32(math.MaxUint32))
	}
	t.ZoneOffs, t.ZoneIdx = flatten(within)
	t.CodedOffs, t.CodedIdx = flatten(coded) // at most one entry per zone
	seen := map[string]bool{}
	for _, d := range t.Datasets {
		if seen[d.Category] {
			return fmt.Errorf("datasets.tsv: %s twice", d.Category)
		}
		seen[d.Category] = true
	}
	if !t.indexed {
		var err error
		if t.Index, err = BuildIndex(t.Cities); err != nil {
			return err
		}
	}
	return t.buildCounts(pos)
}

// total returns the number of entries of all lists.
func total(lists [][]uint32) int {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	return n
}
