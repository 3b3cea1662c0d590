package policy

// This file decides whether a rule applies to a unit on a day: surely,
// possibly or not (step 4 of "How a decision is made",
// policy/data/README.md).

import (
	"slices"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/dates"
	"github.com/tradepolicy/cbec/zones"
)

// A match is how a rule's scope applies to a unit on a day.
type match struct {
	state    matchState
	unit     zones.City // the unit the reason is about
	name     text       // the unit as the reason names it
	facility zones.City // where a required facility must lie
	zone     *zones.Zone
	district string
	conds    []text
	gaps     []gap  // unverified facts; with maybe, what is not known
	maybe    text   // why it is maybe
	evidence []text // the absences shown while matching (see hosts)
}

// A matchState says whether a rule applies.
type matchState uint8

const (
	no matchState = iota
	yes
	maybe
)

// scope matches the clauses of r against unit d on day x: the first that
// surely applies, else the first that may.
func (f *facts) scope(r *Rule, d zones.City, x cbec.Date, h *hypothesis) match {
	best := match{state: no}
	var evidence []text
	for _, s := range r.Scope {
		var mt match
		switch s.Kind {
		case ScopeAll:
			mt = match{state: yes, unit: d, name: same(d.Name), facility: f.city(d)}
			if cu, ok := f.customs[f.city(d).Code]; ok {
				mt.district = cu.Name
			}
			if r.Requires != "" && province(d) {
				mt = provinceMaybe(d)
			}
		case ScopeList:
			mt = f.inList(s.List, d, x)
		case ScopeZones:
			mt = f.inZones(r, s.Zones, d, x, h)
		case ScopeCustoms:
			mt = f.inCustoms(s.List, d)
		}
		evidence = appendNew(evidence, mt.evidence...)
		if mt.state == yes {
			mt.evidence = evidence
			return mt
		}
		if mt.state == maybe && best.state == no {
			best = mt
		}
	}
	best.evidence = evidence
	return best
}

// province reports whether d is a province that is not a municipality:
// the rules decide city by city there.
func province(d zones.City) bool { return d.Level == zones.Province && !d.IsMunicipality() }

func provinceMaybe(d zones.City) match {
	return match{state: maybe, unit: d, name: same(d.Name), maybe: reasonProvince.with(d.Name),
		gaps: []gap{{GapLevel, d.Code, gapProvince.with(d.Name)}}}
}

// chain returns d and the units it lies in.
func (f *facts) chain(d zones.City) []zones.City {
	out := []zones.City{d}
	for a := range f.reg.Ancestors(d) {
		out = append(out, a)
	}
	return out
}

// city returns the city-level unit of d: d itself, or its parent city; a
// county directly under a province stands for itself.
func (f *facts) city(d zones.City) zones.City {
	if d.Level != zones.County {
		return d
	}
	if p, ok := f.reg.Parent(d); ok && p.IsCity() {
		return p
	}
	return d
}

// inList matches d against a list: d, or a unit it lies in, is on it.
func (f *facts) inList(list string, d zones.City, x cbec.Date) match {
	info := f.info[list]
	for _, u := range f.chain(d) {
		row, ok := f.members[listKey{list, u.Code}]
		if !ok {
			continue
		}
		if !row.member {
			return match{state: no}
		}
		mt := match{state: yes, unit: d, name: same(d.Name), facility: u}
		if province(u) {
			// A province-level member: the rules decide for the units it
			// covers, not for the province itself.
			if d.Code == u.Code {
				except := f.unitNames(row.except)
				return match{state: maybe, name: mt.name, facility: d,
					maybe: reasonListedAs.with(d.Name, row.name, except),
					gaps:  []gap{{GapLevel, d.Code, gapListedAs.with(d.Name, row.name, except)}}}
			}
			if f.excepted(row, d) {
				continue
			}
			mt.name = nameListedAs.with(d.Name, row.name)
			mt.facility = f.city(d)
		}
		if !row.sourced() {
			t := condUnverifiedPlace.with(u.Name, info.doc)
			mt.conds = append(mt.conds, t)
			mt.gaps = append(mt.gaps, gap{GapUnverified, list + ":" + u.Code, t})
		}
		switch {
		case row.joinUnknown, row.joinedBy != 0 && ymd(x) < row.joinedBy:
			mt.state = maybe
			mt.maybe = reasonJoinDay.with(u.Name, info.doc)
			mt.gaps = append(mt.gaps, gap{GapJoinDate, list, gapJoinDay.with(u.Name, list, info.doc)})
		case row.from.Prec != dates.Unknown && ymd(x) < row.from.Min:
			return match{state: no}
		case row.from.Prec != dates.Unknown && ymd(x) < row.from.End():
			mt.state = maybe
			mt.maybe = reasonJoinMonth.with(u.Name, info.doc, row.from.String())
			mt.gaps = append(mt.gaps, gap{GapJoinDate, list, gapJoinMonth.with(u.Name, list, info.doc, row.from.String())})
		}
		return mt
	}
	if province(d) {
		return provinceMaybe(d)
	}
	if info.complete {
		return match{state: no}
	}
	return match{state: maybe, unit: d, name: same(d.Name), facility: f.city(d),
		maybe: info.unknown.fill("{city}", same(d.Name)),
		gaps:  []gap{{GapList, list, gapOnList.with(d.Name, list, info.doc)}}}
}

// excepted reports whether d is, or lies in, a unit the membership of row
// does not cover.
func (f *facts) excepted(row listRow, d zones.City) bool {
	for _, u := range f.chain(d) {
		if slices.Contains(row.except, u.Code) {
			return true
		}
	}
	return false
}

// unitNames names the units of codes: "三沙市", "a、b".
func (f *facts) unitNames(codes []string) text {
	var ts []text
	for _, c := range codes {
		if u, ok := f.reg.ByCode(c); ok {
			ts = append(ts, same(u.Name))
		}
	}
	return andList(ts)
}

// inZones matches d's city against zone categories.
func (f *facts) inZones(r *Rule, cats []zones.Category, d zones.City, x cbec.Date, h *hypothesis) match {
	if province(d) {
		return provinceMaybe(d)
	}
	c := f.city(d)
	z, pres, evidence := f.hosts(c, cats, x, h, existing)
	switch pres {
	case zones.Present:
		return match{state: yes, unit: c, name: same(c.Name), facility: c, zone: &z}
	case zones.Absent:
		return match{state: no, evidence: evidence}
	}
	var unsure []zones.Category
	for _, cat := range cats {
		if f.reg.Hosts(c, cat, x) == zones.Unsure {
			unsure = append(unsure, cat)
		}
	}
	why, gaps := f.unsure(c, unsure, x, existing)
	return match{state: maybe, unit: c, name: same(c.Name), facility: c, gaps: gaps, evidence: evidence,
		maybe: reasonNoZones.with(c.Name, numberWord(len(cats)), r.Docs[0], why)}
}

// inCustoms matches d's customs district against a list of districts.
func (f *facts) inCustoms(list string, d zones.City) match {
	if province(d) {
		return provinceMaybe(d)
	}
	c := f.city(d)
	cu, ok := f.customs[c.Code]
	if !ok {
		return match{state: maybe, unit: c, name: same(c.Name), facility: c,
			maybe: reasonNoDistrict.with(c.Name),
			gaps:  []gap{{GapCustoms, c.Code, gapNoDistrict.with(c.Name)}}}
	}
	mt := match{state: no, unit: c, name: same(c.Name), facility: c, district: cu.Name}
	if !cu.Sourced() {
		t := condUnverifiedCustom.with(c.Name, cu.Name)
		mt.conds = append(mt.conds, t)
		mt.gaps = append(mt.gaps, gap{GapUnverified, "customs:" + c.Code, t})
	}
	info := f.info[list]
	row, ok := f.byName[listKey{list, cu.Name}]
	if ok && row.member {
		mt.state = yes
		if !row.sourced() {
			t := condUnverifiedPlace.with(cu.Name, info.doc)
			mt.conds = append(mt.conds, t)
			mt.gaps = append(mt.gaps, gap{GapUnverified, list + ":" + row.city, t})
		}
	} else if !info.complete {
		mt.state = maybe
		mt.maybe = info.unknown.fill("{city}", same(c.Name))
		mt.gaps = append(mt.gaps, gap{GapList, list, gapDistrictOnList.with(cu.Name, c.Name, list)})
	}
	return mt
}
