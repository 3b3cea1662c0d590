package zones

import (
	"reflect"
	"slices"

	"github.com/tradepolicy/cbec/internal/overlay"
)

func init() {
	overlay.Changes = func(reg any) (base any, units []string, all, ok bool) {
		r, _ := reg.(*Registry)
		if r == nil || r.changes == nil {
			return nil, nil, false, false
		}
		return r.changes.base, r.changes.units, r.changes.all, true
	}
}

// changes records what an overlay changed in a registry made by [Extend]:
// the units whose facts differ from those of the registry it amends.
type changes struct {
	base  *Registry
	units []string // codes of the units whose zones or counts changed
	all   bool     // the facts of any unit may have changed
}

// diff returns what overlay, the records of an overlay, changed in r, the
// registry it made from base.
func diff(base, r *Registry, overlay records) *changes {
	ch := &changes{base: base}
	for _, f := range []string{"cities.tsv", "datasets.tsv", "registers.tsv", "registered.tsv"} {
		if len(overlay[f]) > 0 {
			ch.all = true
			return ch
		}
	}
	// A dataset's number of rows is part of an explanation only while it
	// is below the official total.
	for c := range numCategories {
		a, b := base.datasets[c], r.datasets[c]
		if a.Rows != b.Rows && (a.Rows < a.OfficialTotal || b.Rows < b.OfficialTotal) {
			ch.all = true
			return ch
		}
	}
	// Whether a register matches the rows decides absence everywhere.
	if !slices.Equal(base.registerMask, r.registerMask) {
		ch.all = true
		return ch
	}
	touched := map[string]bool{}
	at := make(map[string]int, len(base.zones))
	for j, z := range base.zones {
		at[z.ID] = j
	}
	for i, z := range r.zones {
		j, ok := at[z.ID]
		if ok && sameZone(base, j, r, i) {
			continue
		}
		touched[z.City] = true
		if ok {
			touched[base.zones[j].City] = true
		}
	}
	if len(r.zones) < len(base.zones) {
		ch.all = true // a zone gone: not something an overlay does
		return ch
	}
	counts := make(map[string]int, len(base.counts))
	for j, n := range base.counts {
		counts[n.ID] = j
	}
	for i := range r.counts {
		n := &r.counts[i]
		j, ok := counts[n.ID]
		if ok && reflect.DeepEqual(&r.counts[i], &base.counts[j]) && r.countMatch[i] == base.countMatch[j] {
			continue
		}
		if n.Scope == NationScope || ok && base.counts[j].Scope == NationScope {
			ch.all = true
			return ch
		}
		touched[n.Scope] = true
		if ok {
			touched[base.counts[j].Scope] = true
		}
	}
	for c := range touched {
		ch.units = append(ch.units, c)
	}
	slices.Sort(ch.units)
	return ch
}

// sameZone reports whether zone j of base and zone i of r are the same row
// with the same chain of conversions: the same predecessors, the same first
// day the site operated and the same last zone, unchanged.
func sameZone(base *Registry, j int, r *Registry, i int) bool {
	if !equalZones(&base.zones[j], &r.zones[i]) || base.siteOpen[j] != r.siteOpen[i] || len(base.preds[j]) != len(r.preds[i]) {
		return false
	}
	for k, p := range base.preds[j] {
		if base.zones[p].ID != r.zones[r.preds[i][k]].ID {
			return false
		}
	}
	return equalZones(&base.zones[base.last[j]], &r.zones[r.last[i]])
}

// equalZones reports whether a and b are equal in every field: what
// reflect.DeepEqual tells, at a fraction of its cost (TestEqualZones checks
// that it looks at every field).
func equalZones(a, b *Zone) bool {
	return a.ID == b.ID && a.Name == b.Name && a.NameEN == b.NameEN && a.Category == b.Category &&
		a.Group == b.Group && a.City == b.City && a.Period == b.Period &&
		a.FromPrecision == b.FromPrecision && a.UntilPrecision == b.UntilPrecision && a.KnownBy == b.KnownBy &&
		a.Opened == b.Opened && a.OpenedPrecision == b.OpenedPrecision && a.OpenBy == b.OpenBy &&
		a.GoneBy == b.GoneBy && a.Successor == b.Successor && a.Verified == b.Verified && a.Note == b.Note &&
		a.Source.Doc == b.Source.Doc && a.Source.Title == b.Source.Title && a.Source.Issuer == b.Source.Issuer &&
		a.Source.Issued == b.Source.Issued && a.Source.Effective == b.Source.Effective &&
		a.Source.URL == b.Source.URL && slices.Equal(a.Source.ReadAt, b.Source.ReadAt)
}
