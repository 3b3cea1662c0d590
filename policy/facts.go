package policy

import "github.com/tradepolicy/cbec/zones"

// facts are what the rules are decided against: the zones and cities, and
// the lists, customs districts, requirements and regimes of the policy
// data. They are built once per engine and never change.
type facts struct {
	reg          *zones.Registry
	docs         map[string]doc
	info         map[string]listInfo
	members      map[listKey]listRow // by list and unit code
	byName       map[listKey]listRow // by list and name (customs scopes)
	byUnit       map[string][]listRow
	customs      map[string]customsRow
	requirements map[string]*requirement
	regimes      map[string]regime
}

type listKey struct{ list, key string }

// newFacts indexes d's facts over reg.
func newFacts(reg *zones.Registry, d *data) *facts {
	f := &facts{
		reg: reg, docs: map[string]doc{}, info: map[string]listInfo{},
		members: map[listKey]listRow{}, byName: map[listKey]listRow{}, byUnit: map[string][]listRow{},
		customs: map[string]customsRow{}, requirements: map[string]*requirement{}, regimes: map[string]regime{},
	}
	for _, x := range d.docs {
		f.docs[x.Doc] = x
	}
	for _, x := range d.listInfo {
		f.info[x.list] = x
	}
	for _, x := range d.lists {
		f.members[listKey{x.list, x.city}] = x
		f.byName[listKey{x.list, x.name}] = x
		f.byUnit[x.city] = append(f.byUnit[x.city], x)
	}
	for _, x := range d.customs {
		f.customs[x.City] = x
	}
	for i := range d.requirements {
		f.requirements[d.requirements[i].id] = &d.requirements[i]
	}
	for _, x := range d.regimes {
		f.regimes[x.zone] = x
	}
	return f
}
