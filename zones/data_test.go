package zones_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

// Data integrity of the embedded tables, one subtest per kind of issue.

func isSixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := range 6 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func TestDataCityCodes(t *testing.T) {
	n := 0
	for c := range zones.Default().Cities() {
		n++
		if !isSixDigits(c.Code) {
			t.Errorf("%s: code %q is not six digits", c.Name, c.Code)
			continue
		}
		if want := c.Code[:2] + "0000"; c.Province != want {
			t.Errorf("%v: province %q, want %q", c, c.Province, want)
		}
		if c.Name == "" {
			t.Errorf("%s: empty name", c.Code)
		}
		switch c.Level {
		case zones.Province:
			if c.Parent != "" || c.Code[2:] != "0000" {
				t.Errorf("%v: a province has parent %q", c, c.Parent)
			}
		case zones.Prefecture, zones.County:
			p, ok := zones.Parent(c)
			if !ok || p.Code != c.Parent {
				t.Errorf("%v: parent %q not found (got %v, %v)", c, c.Parent, p, ok)
				continue
			}
			if p.Code[:2] != c.Code[:2] {
				t.Errorf("%v: parent %v is in another province", c, p)
			}
			if p.Level >= c.Level {
				t.Errorf("%v (%v): parent %v is of level %v", c, c.Level, p, p.Level)
			}
		default:
			t.Errorf("%v: level %v", c, c.Level)
		}
	}
	if n < 3000 {
		t.Errorf("registry holds %d units; GB/T 2260 has more than 3000", n)
	}
}

// TestDataCityNames checks that every unit's own name finds it: Lookup of
// the full Chinese name returns the unit or an ambiguity that lists it. A unit
// that can never be reached by its name shadows or is shadowed by another.
func TestDataCityNames(t *testing.T) {
	for c := range zones.Default().Cities() {
		got, err := zones.Lookup(c.Name)
		if err == nil && got == c || err != nil && ambiguousWith(err, c) {
			continue
		}
		t.Errorf("Lookup(%q) = %v, %v; want %v or an ambiguity listing it", c.Name, got, err, c)
	}
}

func TestDataZoneCities(t *testing.T) {
	for z := range zones.All() {
		if !isSixDigits(z.City) {
			t.Errorf("%s: city %q is not six digits", z.ID, z.City)
			continue
		}
		c, ok := zones.ByCode(z.City)
		if !ok {
			t.Errorf("%s: city %s is not in the registry", z.ID, z.City)
			continue
		}
		if c.Province != z.City[:2]+"0000" {
			t.Errorf("%s: city %v has province %s", z.ID, c, c.Province)
		}
	}
}

func TestDataUniqueIDs(t *testing.T) {
	seen := map[string]zones.Zone{}
	for z := range zones.All() {
		if p, dup := seen[z.ID]; dup {
			t.Errorf("duplicate id %q: %s and %s", z.ID, p.Name, z.Name)
		}
		seen[z.ID] = z
		if got, ok := zones.Default().ByID(z.ID); !ok || got.ID != z.ID {
			t.Errorf("ByID(%q) = %v, %v", z.ID, got.ID, ok)
		}
		if !strings.HasPrefix(z.ID, z.Category.Key()+"-") {
			t.Logf("%s: id does not start with its category key %q", z.ID, z.Category.Key())
		}
	}
}

func TestDataDates(t *testing.T) {
	lo, hi := cbec.MakeDate(1990, 1, 1), cbec.DataDate()
	for z := range zones.All() {
		for _, f := range []struct {
			name string
			d    cbec.Date
		}{{"from", z.Period.From}, {"until", z.Period.Until}, {"known_by", z.KnownBy}} {
			if f.d.IsValid() && (f.d.Before(lo) || f.d.After(hi)) {
				t.Errorf("%s: %s %v is outside %v..%v", z.ID, f.name, f.d, lo, hi)
			}
		}
		if (z.FromPrecision == zones.DateUnknown) != !z.Period.From.IsValid() {
			t.Errorf("%s: from %v with precision %v", z.ID, z.Period.From, z.FromPrecision)
		}
		if (z.UntilPrecision == zones.DateUnknown) != !z.Period.Until.IsValid() {
			t.Errorf("%s: until %v with precision %v", z.ID, z.Period.Until, z.UntilPrecision)
		}
		if z.Period.From.IsValid() && z.Period.Until.IsValid() && z.Period.Until.Before(z.Period.From) {
			t.Errorf("%s: until %v before from %v", z.ID, z.Period.Until, z.Period.From)
		}
		if z.KnownBy.IsValid() {
			if z.Period.From.IsValid() && z.KnownBy.Before(z.Period.From) {
				t.Errorf("%s: known_by %v before from %v", z.ID, z.KnownBy, z.Period.From)
			}
			if z.Period.Until.IsValid() && !z.KnownBy.Before(z.Period.Until) {
				t.Errorf("%s: known_by %v not before until %v", z.ID, z.KnownBy, z.Period.Until)
			}
			if z.On(z.KnownBy) != zones.Present {
				t.Errorf("%s: On(known_by %v) = %v, want present", z.ID, z.KnownBy, z.On(z.KnownBy))
			}
		}
	}
}

func TestDataSources(t *testing.T) {
	unverified := map[zones.Category]int{}
	for z := range zones.All() {
		if !z.Verified {
			unverified[z.Category]++
			continue
		}
		if len(z.Source.ReadAt) == 0 {
			t.Errorf("%s: verified but no page read (Source.ReadAt)", z.ID)
		}
	}
	for _, cat := range zones.Categories() {
		if n := unverified[cat]; n > 0 {
			t.Logf("%s: %d rows are verified=no", cat.Key(), n)
		}
	}
}

// officialCount counts what the official total of cat counts on day d: the
// zones surely existing then (for free trade zones, the FTZs, not their
// areas), and those that may exist (the surely existing ones included).
func officialCount(cat zones.Category, d cbec.Date) (sure, maybe int) {
	sureSet, maybeSet := map[string]bool{}, map[string]bool{}
	for z := range zones.All() {
		if z.Category != cat {
			continue
		}
		key := z.ID
		if cat == zones.FreeTradeZone {
			key = z.Group
		}
		switch z.On(d) {
		case zones.Present:
			sureSet[key] = true
			maybeSet[key] = true
		case zones.Unsure:
			maybeSet[key] = true
		}
	}
	return len(sureSet), len(maybeSet)
}

func TestDataCounts(t *testing.T) {
	for _, cat := range zones.Categories() {
		t.Run(cat.Key(), func(t *testing.T) {
			ds := zones.Default().Dataset(cat)
			rows := 0
			for z := range zones.All() {
				if z.Category == cat {
					rows++
				}
			}
			if ds.Category != cat || ds.Rows != rows {
				t.Errorf("Dataset(%v) = {Category: %v, Rows: %d}, want %d rows", cat, ds.Category, ds.Rows, rows)
			}
			if cat == zones.SpecialRegime && !ds.Complete && ds.Gap != "" {
				return // no official list of such areas exists: the gap says so
			}
			if ds.OfficialTotal == 0 || !ds.AsOf.IsValid() || ds.URL == "" {
				t.Errorf("Dataset(%v): no official total with its day and URL (datasets.tsv): %+v", cat, ds)
				return
			}
			sure, maybe := officialCount(cat, ds.AsOf)
			msg := fmt.Sprintf("%s on %v: official %d; data: %d surely, %d possibly (%d rows)",
				cat.Key(), ds.AsOf, ds.OfficialTotal, sure, maybe, rows)
			switch {
			case ds.Complete && (sure != ds.OfficialTotal || maybe != ds.OfficialTotal):
				t.Errorf("%s, but the dataset is marked complete", msg)
			case !ds.Complete && ds.Gap == "":
				t.Errorf("%s, and the dataset is incomplete without naming its gap", msg)
			case !ds.Complete:
				t.Logf("%s; documented gap: %s", msg, ds.Gap)
				if sure > ds.OfficialTotal {
					t.Logf("OVERCOUNT: more %s rows surely exist on %v than the official total: rows lack an until date", cat.Key(), ds.AsOf)
				}
			default:
				t.Logf("%s; complete", msg)
			}
		})
	}
}

// cbecBatches are the official sizes of the CBEC test zone batches: 165 in
// batches 1-7 (MOFCOM, 2023-02-23) and 16 in the 2025 batch.
var cbecBatches = map[string]int{"1": 1, "2": 12, "3": 22, "4": 24, "5": 46, "6": 27, "7": 33, "8": 16}

func TestDataCBECBatches(t *testing.T) {
	got := map[string]int{}
	for z := range zones.All() {
		if z.Category == zones.CBECTestZone {
			got[z.Group]++
		}
	}
	complete := zones.Default().Dataset(zones.CBECTestZone).Complete
	for _, b := range slices.Sorted(maps.Keys(got)) {
		if _, ok := cbecBatches[b]; !ok {
			t.Errorf("batch %q: %d rows, but no such batch is known", b, got[b])
		}
	}
	total := 0
	for _, b := range slices.Sorted(maps.Keys(cbecBatches)) {
		total += cbecBatches[b]
		switch {
		case got[b] == cbecBatches[b]:
		case complete:
			t.Errorf("batch %s: %d rows, official %d, but the dataset is marked complete", b, got[b], cbecBatches[b])
		default:
			t.Logf("batch %s: %d rows, official %d (gap: %s)", b, got[b], cbecBatches[b], zones.Default().Dataset(zones.CBECTestZone).Gap)
		}
	}
	if total != 181 {
		t.Errorf("batches sum to %d, want 165 + 16", total)
	}
}

// TestDataCBECRevocations checks that the zones of 海口, 三亚 and 阿拉山口
// end on the day the 2025 batch, which revoked them, begins.
func TestDataCBECRevocations(t *testing.T) {
	hainan, ok := zones.Default().ByID("cbec-hainan")
	if !ok {
		t.Fatal("no cbec-hainan zone (the 2025 whole-island zone)")
	}
	revoked := cbec.MakeDate(2025, 4, 25)
	if hainan.Period.From != revoked || hainan.Group != "8" {
		t.Errorf("cbec-hainan: from %v batch %s, want %v batch 8", hainan.Period.From, hainan.Group, revoked)
	}
	for _, code := range []string{"460100", "460200", "652702"} {
		var found []zones.Zone
		for z := range zones.All() {
			if z.Category == zones.CBECTestZone && z.City == code {
				found = append(found, z)
			}
		}
		if len(found) != 1 {
			t.Errorf("%s: %d CBEC zones, want 1", code, len(found))
			continue
		}
		z := found[0]
		if z.Period.Until != revoked || z.UntilPrecision != zones.ExactDay {
			t.Errorf("%s: until %v (%v), want %v", z.ID, z.Period.Until, z.UntilPrecision, revoked)
		}
		if z.On(revoked.AddDays(-1)) != zones.Present || z.On(revoked) != zones.Absent {
			t.Errorf("%s: On(%v) = %v, On(%v) = %v; want present, absent", z.ID,
				revoked.AddDays(-1), z.On(revoked.AddDays(-1)), revoked, z.On(revoked))
		}
	}
	// No other CBEC zone is revoked.
	for z := range zones.All() {
		if z.Category == zones.CBECTestZone && z.Period.Until.IsValid() && !slices.Contains([]string{"460100", "460200", "652702"}, z.City) {
			t.Errorf("%s: revoked on %v; only 海口, 三亚 and 阿拉山口 were", z.ID, z.Period.Until)
		}
	}
}
