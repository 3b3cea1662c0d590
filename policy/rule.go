package policy

import (
	"iter"
	"slices"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/enum"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// A Rule is one row of policy/data/rules.tsv: for some modes, over a
// period, the verdict of the law for the units in its scope, the documents
// it rests on and why. The rules of a mode in force on a day are tried in
// the order of the file, overlay rules first (see [Engine.Decide] and
// policy/data/README.md, "How a decision is made").
//
// Rules are read-only: [Engine.Rule] and [Engine.Rules] return copies.
type Rule struct {
	ID    string       `json:"id"`    // e.g. "1210-39"
	Modes []trade.Mode `json:"modes"` // the modes it decides
	// Period is when the rule is in force: from Period.From, until
	// Period.Until (zero: open-ended).
	Period cbec.Period `json:"period"`
	// Scope is where the rule applies: the union of its clauses.
	Scope []Scope `json:"scope"`
	// Requires names a row of policy/data/requirements.tsv: a facility the
	// mode needs in the unit as well (a special customs supervision area or
	// a type-B bonded logistics center for 1210), or "".
	Requires string  `json:"requires,omitempty"`
	Verdict  Verdict `json:"verdict"`
	// Docs are the numbers of the documents it rests on, the deciding one
	// first; each is a row of policy/data/docs.tsv.
	Docs []string `json:"docs"`
	// Reason and ReasonZH are the reason templates: {city}, {zone} and
	// {district} are filled in for each decision.
	Reason   string `json:"reason"`
	ReasonZH string `json:"reason_zh"`
	// Conditions are what the law still requires when the rule decides, in
	// English; ConditionsZH the same in Chinese, one for one.
	Conditions   []string `json:"conditions,omitempty"`
	ConditionsZH []string `json:"conditions_zh,omitempty"`
	Confidence   string   `json:"confidence"` // high, medium or low
	Note         string   `json:"note,omitempty"`

	file string // where the rule was read, for errors
	line int
}

// clone returns a copy of r that shares no slice with it.
func (r Rule) clone() Rule {
	r.Modes = slices.Clone(r.Modes)
	r.Scope = slices.Clone(r.Scope)
	for i := range r.Scope {
		r.Scope[i].Zones = slices.Clone(r.Scope[i].Zones)
	}
	r.Docs = slices.Clone(r.Docs)
	r.Conditions = slices.Clone(r.Conditions)
	r.ConditionsZH = slices.Clone(r.ConditionsZH)
	return r
}

// decides reports whether r decides mode m.
func (r *Rule) decides(m trade.Mode) bool { return slices.Contains(r.Modes, m) }

// residual reports whether r is a rule for every other unit: a denial with
// scope "all". Its reason ("… is not on the list") holds only where no
// earlier rule may apply.
func (r *Rule) residual() bool {
	return r.Verdict == Denied && len(r.Scope) == 1 && r.Scope[0].Kind == ScopeAll
}

// A Scope is one clause of a rule's scope.
type Scope struct {
	Kind ScopeKind `json:"kind"`
	// List is the list a list or customs clause names (policy/data/lists.tsv).
	List string `json:"list,omitempty"`
	// Zones are the categories of a zones clause.
	Zones []zones.Category `json:"zones,omitempty"`
}

// A ScopeKind says how a [Scope] clause picks units.
type ScopeKind uint8

// The kinds of scope clause, as rules.tsv writes them.
const (
	ScopeAll     ScopeKind = iota + 1 // all: every unit
	ScopeList                         // list:ID: the members of a list, and what lies in them
	ScopeZones                        // zones:ftz+cbec+…: the cities hosting a zone of the categories
	ScopeCustoms                      // customs:ID: the cities whose customs district is on a list
)

var scopeKinds = enum.Table[ScopeKind]{Pkg: "policy", Type: "ScopeKind", Noun: "scope kind",
	Names: []string{"", "all", "list", "zones", "customs"}}

// String returns "all", "list", "zones" or "customs".
func (k ScopeKind) String() string { return scopeKinds.String(k) }

// MarshalText returns [ScopeKind.String], and empty text for the zero
// ScopeKind; see [Verdict.MarshalText] for the rules every enumeration of
// the package follows.
func (k ScopeKind) MarshalText() ([]byte, error) { return scopeKinds.Marshal(k) }

// UnmarshalText accepts the names of [ScopeKind.String].
func (k *ScopeKind) UnmarshalText(b []byte) error { return scopeKinds.Unmarshal(k, b) }

// Rule returns the rule with the given id (see [Decision.Rule]).
func (e *Engine) Rule(id string) (Rule, bool) {
	for i := range e.rules {
		if e.rules[i].ID == id {
			return e.rules[i].clone(), true
		}
	}
	return Rule{}, false
}

// Rules yields every rule of e, in precedence order.
func (e *Engine) Rules() iter.Seq[Rule] {
	return func(yield func(Rule) bool) {
		for i := range e.rules {
			if !yield(e.rules[i].clone()) {
				return
			}
		}
	}
}

// Documents yields every document of e's data (policy/data/docs.tsv), in
// file order: the citations that rules, requirements and lists name.
func (e *Engine) Documents() iter.Seq[cbec.Source] {
	return func(yield func(cbec.Source) bool) {
		for _, s := range e.docs {
			if !yield(cloneSource(s)) {
				return
			}
		}
	}
}

// A requirement is a row of requirements.tsv: a facility a mode needs in
// the unit, whichever rule decides, and the document that imposes it.
type requirement struct {
	id         string
	categories []zones.Category // the facilities that satisfy it
	// absent is the verdict where the unit surely hosts none: Denied, or
	// Unknown when other sites, not in the data, serve as well.
	absent    Verdict
	open      view   // operating: the facility must operate on the day, not only exist
	doc       string // the document that imposes it
	what      text   // "a special customs supervision area or type-B bonded logistics center"
	elsewhere text   // with absent Unknown: the sites not in the data ("bonded warehouses …")
}

// statutory returns the categories of q that are statutory facilities:
// all but the areas under a special customs regime, which serve only the
// modes a source shows (see regimes.tsv).
func (q *requirement) statutory() []zones.Category {
	return slices.DeleteFunc(slices.Clone(q.categories), func(c zones.Category) bool { return c == zones.SpecialRegime })
}

// A regime is a row of regimes.tsv: the modes a source shows operating
// under a special customs regime (zones.SpecialRegime), outside statutory
// special customs supervision areas.
type regime struct {
	zone  string       // the zone id (zones/data/regime.tsv)
	modes []trade.Mode // the modes served
	url   string
}

// serves reports whether facility z serves mode m: a statutory special area
// or type-B center always does; an area under a special customs regime only
// for the modes regimes.tsv lists for it.
func (f *facts) serves(z zones.Zone, m trade.Mode) bool {
	if z.Category != zones.SpecialRegime {
		return true
	}
	rg, ok := f.regimes[z.ID]
	return ok && slices.Contains(rg.modes, m)
}
