package policy

import (
	"iter"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

// facts are what the rules are decided against: the zones and cities, and
// the lists, customs districts, requirements and regimes of the policy
// data. They are built once per engine (their index once per data) and
// never change.
type facts struct {
	reg *zones.Registry
	*factIndex
}

// A factIndex is the data's facts by key. It depends on the data only: the
// embedded data's is made once and shared by every engine built on it.
type factIndex struct {
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
	d.indexOnce.Do(func() { d.index = indexFacts(d) })
	return &facts{reg: reg, factIndex: d.index}
}

// indexFacts makes the index of d's facts.
func indexFacts(d *data) *factIndex {
	f := &factIndex{
		docs: map[string]doc{}, info: map[string]listInfo{},
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

// A view is how a question about facilities is asked: whether a zone exists
// (approved and not ended: the scope of 商财发〔2021〕39号), or operates (open:
// what 1210 needs, a requirement with open=yes).
type view bool

const (
	existing  view = false
	operating view = true
)

// hostsCat reports whether unit c hosts a zone of category cat on day x.
func (f *facts) hostsCat(c zones.City, cat zones.Category, x cbec.Date, v view) zones.Presence {
	if v == operating {
		return f.reg.Operating(c, cat, x)
	}
	return f.reg.Hosts(c, cat, x)
}

// zonesIn yields the zones lying in c or inside it that surely exist (or
// operate) on day x.
func (f *facts) zonesIn(c zones.City, x cbec.Date, v view) iter.Seq[zones.Zone] {
	if v == operating {
		return f.reg.OperatingIn(c, x)
	}
	return f.reg.In(c, x)
}

// zoneOn reports whether zone z exists (or operates) on day x.
func (f *facts) zoneOn(z zones.Zone, x cbec.Date, v view) zones.Presence {
	if v == operating {
		return f.reg.Operates(z, x)
	}
	return z.On(x)
}

// proof returns what an absence of a zone of category cat in c on day x
// rests on: a count or, for operating zones, a register.
func (f *facts) proof(c zones.City, cat zones.Category, x cbec.Date, v view) (zones.Proof, bool) {
	if v == operating {
		return f.reg.OperatingProof(c, cat, x)
	}
	n, ok := f.reg.Evidence(c, cat, x)
	return zones.Proof{ID: n.ID, Day: n.Day, Verified: n.Verified}, ok
}
