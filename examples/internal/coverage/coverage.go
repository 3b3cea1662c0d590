// Package coverage counts, day by day, how many units could use a customs
// supervision mode, and draws the counts as an SVG picture. The
// examples/timeline program writes the picture to a file and
// examples/cbec-service serves it; both draw it with this package, so
// that the README's picture and the page's are the same.
package coverage

import (
	"cmp"
	"slices"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// Start is the first day counted: no mode's code existed before 2014.
var Start = cbec.MustParseDate("2014-01-01")

// A Coverage is the count of units by verdict for one mode, from Start to
// the data version.
type Coverage struct {
	Mode trade.Mode `json:"mode"`
	// From and Until bound the days counted: [From, Until), Until the day
	// after the data version.
	From  cbec.Date `json:"from"`
	Until cbec.Date `json:"until"`
	Units int       `json:"units"` // the units counted: policy's Engine.Units
	// Steps are the runs of days over which no unit's verdict changes, in
	// order; the first starts on From.
	Steps []Step `json:"steps"`
}

// A Step is a run of days with the same verdicts.
type Step struct {
	From    cbec.Date `json:"from"`
	Until   cbec.Date `json:"until"`
	Allowed int       `json:"allowed"`
	Unknown int       `json:"unknown"`
	Denied  int       `json:"denied"`
	// ChangedBy says what changed the verdicts on From, most units first:
	// empty for the first step.
	ChangedBy []Cause `json:"changed_by"`
}

// A Cause is what changed the verdict of some units on a day.
type Cause struct {
	// Kind is "document" (a document took effect that day), "zone" (a
	// zone opened or closed that day) or "rule" (the verdict changed under
	// the rule cited, as a date the data knows only to the month or year
	// came into certainty, say).
	Kind  string `json:"kind"`
	Doc   string `json:"doc"`            // the document: the one that took effect, the zone's approval, or the rule's
	Zone  string `json:"zone,omitempty"` // for kind "zone": its name
	Units int    `json:"units"`          // how many units it changed
}

// Compute counts the verdicts of e's units for mode on every day from
// Start to the data version.
func Compute(e *policy.Engine, mode trade.Mode) Coverage {
	var units []zones.City
	for c := range e.Units() {
		units = append(units, c)
	}
	cov := Coverage{Mode: mode, From: Start, Until: cbec.DataDate().AddDays(1), Units: len(units)}
	verdicts := make([]policy.Verdict, len(units))
	var changed []int
	for day := Start; day.Before(cov.Until); day = day.AddDays(1) {
		changed = changed[:0]
		for i, u := range units {
			v := e.Decide(u, day, mode).Verdict()
			if day == Start || v != verdicts[i] {
				changed = append(changed, i)
			}
			verdicts[i] = v
		}
		if len(changed) == 0 {
			continue
		}
		st := Step{From: day, ChangedBy: []Cause{}}
		for _, v := range verdicts {
			switch v {
			case policy.Allowed:
				st.Allowed++
			case policy.Denied:
				st.Denied++
			default:
				st.Unknown++
			}
		}
		if day != Start {
			st.ChangedBy = causes(e, units, changed, day, mode)
		}
		if n := len(cov.Steps); n > 0 {
			cov.Steps[n-1].Until = day
		}
		cov.Steps = append(cov.Steps, st)
	}
	if n := len(cov.Steps); n > 0 {
		cov.Steps[n-1].Until = cov.Until
	}
	return cov
}

// causes returns what changed the verdicts of units[changed] on day.
func causes(e *policy.Engine, units []zones.City, changed []int, day cbec.Date, mode trade.Mode) []Cause {
	var out []Cause
	for _, i := range changed {
		c := causeOf(e, units[i], day, mode)
		j := slices.IndexFunc(out, func(o Cause) bool { return o.Kind == c.Kind && o.Doc == c.Doc && o.Zone == c.Zone })
		if j < 0 {
			out = append(out, c)
			j = len(out) - 1
		}
		out[j].Units++
	}
	slices.SortStableFunc(out, func(a, b Cause) int { return cmp.Compare(b.Units, a.Units) })
	return out
}

// causeOf returns what changed the verdict of c on day: a document of the
// new decision's basis that took effect that day, else a zone of either
// decision that opened or closed that day, else the rule cited.
func causeOf(e *policy.Engine, c zones.City, day cbec.Date, mode trade.Mode) Cause {
	after, before := e.Decide(c, day, mode), e.Decide(c, day.AddDays(-1), mode)
	basis := after.Basis()
	for _, s := range basis {
		if s.Effective == day {
			return Cause{Kind: "document", Doc: s.Doc}
		}
	}
	if r, ok := e.Rule(after.Rule()); ok && r.Period.From == day && len(r.Docs) > 0 {
		return Cause{Kind: "document", Doc: r.Docs[0]}
	}
	for _, z := range append(after.Zones(), before.Zones()...) {
		if z.Period.From == day || z.Period.Until == day || z.KnownBy == day {
			return Cause{Kind: "zone", Doc: z.Source.Doc, Zone: z.Name}
		}
	}
	cause := Cause{Kind: "rule"}
	if len(basis) > 0 {
		cause.Doc = basis[0].Doc
	}
	return cause
}

// Major reports whether a step's change is marked with a number on the
// picture: a document took effect that day.
func (s Step) Major() bool {
	return slices.ContainsFunc(s.ChangedBy, func(c Cause) bool { return c.Kind == "document" })
}
