package policy

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// This file is the decision procedure: how the rules in force on a day
// decide for a unit and a mode, given the facts (zones, lists, customs
// districts). It is a pure function of its arguments. policy/data/README.md
// ("How a decision is made") follows it function by function:
//
//   - decide: the rules, then the facility hypothesis, then finish;
//   - decideRules: the rules in precedence order, and which one is cited;
//   - scope (inList, inZones, inCustoms, in scope.go): whether a rule
//     applies to the unit;
//   - apply: a rule that applies, with its requirement (a facility);
//   - hosts: whether a unit hosts a facility, and the evidence of absence.
//
// The facts it reads are indexed in facts.go; why the data cannot tell
// something (unsure, unsureFacility) is said in explain.go.

// An answer is a decision being made: everything an outcome of the engine
// holds, before it is interned.
type answer struct {
	verdict Verdict
	rule    string       // the rule cited
	docs    []string     // the documents, the deciding one first
	modeSrc *cbec.Source // the document that created the mode, for a day before its code
	zones   []zones.Zone // the zones that qualify the unit
	conds   []text
	gaps    []gap
	reason  text // a clause; made a sentence when interned
	// evidence are the conditions of the counts the answer rests on: the
	// absences shown while the rules were tried. finish adds them to conds.
	evidence []text
}

// A gap is a fact the data cannot tell (see [Gap]).
type gap struct {
	kind    GapKind
	subject string
	text    text
}

// A hypothesis assumes, while deciding, that unit (and the units that hold
// it) hosts (present) or does not host a facility of each of cats.
type hypothesis struct {
	unit    zones.City
	cats    []zones.Category
	present bool
}

// hypotheticalID is the id of the facility a hypothesis assumes present.
const hypotheticalID = "\x00hypothetical"

// decide answers for unit d, mode m, day x, under rules: the rules of m in
// force on x, in precedence order.
//
// Where the rules leave the answer Unknown only because the data cannot
// tell whether the unit hosts a facility that a rule requires, decide says
// so: it decides again assuming the facility present and then absent, and
// when the mode is allowed with it and denied without it, that one fact is
// the answer's gap (and the evidence for the categories not in doubt is
// cited, as the answer rests on it).
func (f *facts) decide(rules []*Rule, d zones.City, m trade.Mode, x cbec.Date) answer {
	a := f.decideRules(rules, d, m, x, nil)
	evidence := a.evidence // what the rules rested on, whatever is assumed below
	if a.verdict != Unknown {
		return f.finish(a, x, evidence)
	}
	u := f.city(d)
	if d.Level == zones.County {
		u = d
	}
	q := f.requirementOf(rules, m)
	if q == nil {
		return f.finish(a, x, evidence)
	}
	var unsure []zones.Category
	for _, cat := range q.categories {
		switch f.hostsCat(u, cat, x, q.open) {
		case zones.Present:
			return f.finish(a, x, evidence)
		case zones.Unsure:
			if cat != zones.SpecialRegime {
				unsure = append(unsure, cat)
			}
		}
	}
	if len(unsure) == 0 {
		return f.finish(a, x, evidence)
	}
	with := f.decideRules(rules, d, m, x, &hypothesis{unit: u, cats: unsure, present: true})
	without := f.decideRules(rules, d, m, x, &hypothesis{unit: u, cats: unsure, present: false})
	switch {
	case with.verdict == Denied && without.verdict == Denied:
		return f.finish(with, x, evidence) // denied whatever the facility: the reason holds either way
	case with.verdict != Allowed || without.verdict != Denied:
		return f.finish(a, x, evidence)
	}
	why, gaps := f.unsureFacility(u, unsure, x, q.open)
	res := answer{
		verdict: Unknown,
		rule:    with.rule,
		docs:    append(slices.Clone(with.docs), q.doc),
		conds:   slices.Clone(with.conds),
		gaps:    append(gaps, a.unverified()...),
		reason:  reasonFacilityDecides.with(u.Name, facilityNames(unsure, q.open), why, with.docs[0], m.Code()),
	}
	for _, z := range with.zones {
		if z.ID != hypotheticalID {
			res.zones = append(res.zones, z)
		}
	}
	return f.finish(res, x, evidence)
}

// requirementOf returns the requirement of the first rule of m in rules
// that has one, or nil.
func (f *facts) requirementOf(rules []*Rule, m trade.Mode) *requirement {
	for _, r := range rules {
		if r.Requires != "" && r.decides(m) {
			return f.requirements[r.Requires]
		}
	}
	return nil
}

// unverified returns the gaps of a that name unverified facts.
func (a answer) unverified() []gap {
	var out []gap
	for _, g := range a.gaps {
		if g.kind == GapUnverified {
			out = append(out, g)
		}
	}
	return out
}

// finish adds what every answer for day x says: the evidence of absence it
// rests on, that the data is older than the day, and, for an Unknown answer
// without a gap, the rule left open.
func (f *facts) finish(a answer, x cbec.Date, evidence []text) answer {
	a.conds = appendNew(a.conds, evidence...)
	a.evidence = nil
	if x.After(cbec.DataDate()) {
		// A condition, not a gap: no fact the data lacks would settle it.
		a.conds = append(a.conds, condAfterData.with(cbec.DataVersion))
	}
	if a.verdict == Unknown && len(a.gaps) == 0 {
		a.gaps = append(a.gaps, gap{GapRule, a.rule, gapRuleUnsettled.with(a.rule)})
	}
	return a
}

// decideRules tries the rules in precedence order.
//
// The first rule that surely applies decides. A rule that may apply (a
// list whose members are not all known) before it leaves the answer open:
// the later rule settles it only if it gives the verdict the open rule
// would have given; otherwise the open rule answers, Unknown. When both
// agree the rule cited is the one that surely applies, unless it is a
// residual denial (scope all: "not on the earlier lists"), whose reason
// does not hold where the open rule may apply: then the open rule, which
// denies for want of a facility, is cited.
func (f *facts) decideRules(rules []*Rule, d zones.City, m trade.Mode, x cbec.Date, h *hypothesis) answer {
	var (
		pending  *answer
		could    Verdict // the verdict of the pending rule, had it applied
		evidence []text  // the absences shown on the way
	)
	done := func(a answer) answer {
		a.evidence = evidence
		return a
	}
	for _, r := range rules {
		if !r.decides(m) || x.Before(r.Period.From) || r.Period.Until.IsValid() && !x.Before(r.Period.Until) {
			continue
		}
		mt := f.scope(r, d, x, h)
		evidence = appendNew(evidence, mt.evidence...)
		if mt.state == no {
			continue
		}
		res := f.apply(r, mt, d, m, x, h)
		evidence = appendNew(evidence, res.evidence...)
		if mt.state == maybe {
			if pending == nil {
				could = res.verdict
				if res.verdict != Denied {
					res.verdict = Unknown
					res.reason = mt.maybe
					res.gaps = append(mt.gaps, res.unverified()...)
				}
				pending = &res
			}
			continue
		}
		switch {
		case pending == nil:
			return done(res)
		case res.verdict == could && could == Denied && r.residual():
			return done(*pending)
		case res.verdict == could:
			return done(res)
		}
		if pending.verdict == Denied {
			pending.verdict = Unknown
			pending.gaps = append(pending.gaps, mt.gaps...)
			if len(pending.gaps) == 0 {
				pending.gaps = append(pending.gaps, gap{GapRule, r.ID, gapMayApply.with(r.ID, d.Name)})
			}
		}
		return done(*pending)
	}
	if pending != nil {
		return done(*pending)
	}
	if x.Before(m.Introduced()) {
		src := m.Source()
		return done(answer{verdict: Denied, rule: m.String() + "-before-code", modeSrc: &src,
			reason: reasonBeforeCode.with(m.Code(), m.NameZH(), m.Introduced().String(), src.Doc)})
	}
	return done(answer{verdict: Unknown, gaps: []gap{{GapRule, m.String(), gapNoRule.with(m.Code())}}, reason: reasonNoRule.with()})
}

// apply turns a rule that matched (or may match) into an answer, checking
// its requirement: the facility must lie in the unit the scope matched.
func (f *facts) apply(r *Rule, mt match, d zones.City, m trade.Mode, x cbec.Date, h *hypothesis) answer {
	res := answer{verdict: r.Verdict, rule: r.ID, docs: slices.Clone(r.Docs), gaps: slices.Clone(mt.gaps)}
	for i := range r.Conditions {
		res.conds = append(res.conds, text{r.Conditions[i], r.ConditionsZH[i]})
	}
	res.conds = append(res.conds, mt.conds...)
	reason := text{r.Reason, r.ReasonZH}.fill("{city}", mt.name).fill("{district}", same(mt.district))
	if mt.zone != nil {
		reason = reason.fill("{zone}", same(mt.zone.Name))
		res.zones = append(res.zones, *mt.zone)
		res.checkVerified(*mt.zone)
	}
	reason = reason.fill("{zone}", text{"a zone", "区域"})
	if isBlank(reason.en) || isBlank(reason.zh) {
		reason = reasonRuleApplies.with(r.ID)
	}
	if r.Verdict == Unknown {
		res.gaps = append(res.gaps, gap{GapRule, r.ID, gapRuleSilent.with(reason)})
	}
	q := f.requirements[r.Requires]
	if q == nil || r.Verdict == Denied || !mt.facility.IsValid() {
		res.reason = reason
		return res
	}
	fz, pres, evidence := f.hosts(mt.facility, q.categories, x, h, q.open)
	switch {
	case pres == zones.Present && !f.serves(fz, m):
		res.verdict = Unknown
		res.zones = append(res.zones, fz)
		res.gaps = append(res.gaps, gap{GapRegime, fz.ID, gapRegimeSilent.with(m.Code(), fz.Name)})
		why, gaps := f.unsureFacility(mt.facility, q.statutory(), x, q.open)
		res.gaps = append(res.gaps, gaps...)
		reason = reasonRegimeSilent.with(reason, mt.facility.Name, fz.Name, m.Code(), why)
	case pres == zones.Present:
		if fz.Category == zones.SpecialRegime {
			res.conds = append(res.conds, condRegime.with(fz.Name, m.Code()))
		}
		if mt.zone == nil || fz.ID != mt.zone.ID {
			if r.aboutUnit() && mt.unit.Code == mt.facility.Code {
				reason = reasonAndHosts.with(reason, fz.Name)
			} else {
				reason = reasonAndUnitHosts.with(reason, mt.facility.Name, fz.Name)
			}
			res.zones = append(res.zones, fz)
			res.checkVerified(fz)
		}
	case pres == zones.Absent && q.absent == Denied:
		// Denied for want of the facility: the rule is still the one
		// cited, then the document that imposes the requirement.
		return answer{
			verdict:  Denied,
			rule:     r.ID,
			docs:     appendNew(slices.Clone(r.Docs), q.doc),
			evidence: evidence,
			reason:   reasonNoFacility.with(mt.facility.Name, q.what, m.Code(), m.NameZH(), q.doc),
		}
	case pres == zones.Absent:
		res.verdict = Unknown
		res.evidence = evidence
		res.gaps = append(res.gaps, gap{GapFacility, siteGapSubject, gapSiteNotInData.with(mt.facility.Name, q.elsewhere, m.Code())})
		reason = reasonNoFacilityInData.with(mt.facility.Name, q.what, q.elsewhere, m.Code())
	default:
		res.verdict = Unknown
		res.evidence = evidence
		why, gaps := f.unsureFacility(mt.facility, q.statutory(), x, q.open)
		res.gaps = append(res.gaps, gaps...)
		reason = reasonFacilityUnsure.with(reason, mt.facility.Name, q.what, m.Code(), why)
	}
	res.reason = reason
	return res
}

// aboutUnit reports whether r's reason is about the unit (it begins with
// the unit's name: "{city} is …"): a facility of that unit then reads "…
// and hosts X"; otherwise "…, and <unit> hosts X".
func (r *Rule) aboutUnit() bool { return len(r.Reason) >= 6 && r.Reason[:6] == "{city}" }

// checkVerified notes that a zone the answer rests on is not confirmed by a
// source read.
func (a *answer) checkVerified(z zones.Zone) {
	if z.Verified || z.ID == hypotheticalID {
		return
	}
	t := condUnverifiedZone.with(z.Name, z.ID)
	a.conds = append(a.conds, t)
	a.gaps = append(a.gaps, gap{GapUnverified, z.ID, t})
}

// hosts reports whether unit c hosts a zone of cats on day x, and one that
// it surely hosts (a verified one first, then by the order of cats). When
// it does not surely host one, it returns the evidence of absence of the
// categories whose absence the data shows: the conditions of the counts it
// rests on, when their day is before x or no source read confirms them.
// Under a hypothesis, the categories assumed are present or absent as
// assumed.
func (f *facts) hosts(c zones.City, cats []zones.Category, x cbec.Date, h *hypothesis, v view) (zones.Zone, zones.Presence, []text) {
	var found []zones.Zone
	for z := range f.zonesIn(c, x, v) {
		if slices.Contains(cats, z.Category) {
			found = append(found, z)
		}
	}
	if len(found) > 0 {
		slices.SortStableFunc(found, func(a, b zones.Zone) int {
			return cmp.Or(-cmpBool(a.Verified, b.Verified), cmp.Compare(slices.Index(cats, a.Category), slices.Index(cats, b.Category)))
		})
		return found[0], zones.Present, nil
	}
	assumed := h != nil && (h.unit.Code == c.Code || c.Contains(h.unit) && h.present)
	pres := zones.Absent
	var evidence []text
	for _, cat := range cats {
		if assumed && slices.Contains(h.cats, cat) {
			if h.present {
				return zones.Zone{ID: hypotheticalID, Name: h.unit.Name, Category: cat, City: h.unit.Code, Verified: true}, zones.Present, nil
			}
			continue
		}
		if cat == zones.SpecialRegime {
			continue // a regime is an exception the data holds where a source names it: no row, none
		}
		if f.hostsCat(c, cat, x, v) != zones.Absent {
			pres = zones.Unsure
			continue
		}
		if t, ok := f.evidence(c, cat, x, v); ok && !slices.Contains(evidence, t) {
			evidence = append(evidence, t)
		}
	}
	return zones.Zone{}, pres, evidence
}

// evidence returns the condition of the count or register that shows c
// hosts no zone of cat on day x: when the day is after its day, or no
// source read confirms it.
func (f *facts) evidence(c zones.City, cat zones.Category, x cbec.Date, v view) (text, bool) {
	n, ok := f.proof(c, cat, x, v)
	switch {
	case !ok:
		return text{}, false
	case n.Register && n.Day.Before(x):
		return condRegisterBefore.with(c.Name, categoryText(cat), n.ID, n.Day.String()), true
	case n.Day.Before(x):
		return condCountBefore.with(c.Name, categoryText(cat), n.Day.String(), n.ID), true
	case !n.Verified:
		return condCountUnverified.with(c.Name, categoryText(cat), n.ID), true
	}
	return text{}, false
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// appendNew appends to s each of vs that it does not hold yet.
func appendNew[T comparable](s []T, vs ...T) []T {
	for _, v := range vs {
		if !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}

// isBlank reports whether s holds nothing but white space.
func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// joinKeys joins category keys with "+": "cbz+special".
func joinKeys(keys []string) string { return strings.Join(keys, "+") }
