package policydata

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/tsv"
	"github.com/tradepolicy/cbec/internal/zonedata"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// Load reads the policy data files from base, amended by the files of
// overlay if it is not nil: an overlay row replaces the base row with the
// same key (a rule's id, a document's number, a list member) or is added;
// added rules come before the base ones.
func Load(base, overlay fs.FS) (*Data, error) {
	if base == nil {
		return nil, errors.New("nil file system")
	}
	d := new(Data)
	for _, f := range Files {
		recs, err := tsv.ReadFS(base, f.Name, f.Cols...)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, fmt.Errorf("%s: missing or empty", f.Name)
		}
		if overlay != nil {
			more, err := tsv.ReadFSAs(overlay, f.Name, "overlay/"+f.Name, f.Cols...)
			if err != nil {
				return nil, err
			}
			key := func(r tsv.Record) string {
				var k []string
				for _, c := range f.Key {
					k = append(k, r.Get(c))
				}
				return strings.Join(k, "\x00")
			}
			if recs, err = tsv.Merge(recs, more, key, f.First); err != nil {
				return nil, err
			}
		}
		switch f.Name {
		case "docs.tsv":
			d.Docs, err = ReadDocs(recs)
		case "lists.tsv":
			d.Lists, err = ReadLists(recs)
		case "listinfo.tsv":
			d.ListInfo, err = ReadListInfo(recs)
		case "customs.tsv":
			d.Customs, err = ReadCustoms(recs)
		case "rules.tsv":
			d.Rules, err = ReadRules(recs)
		}
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

// An Outcome is one distinct answer. Its basis, zones and conditions are
// ranges [from, to) of Tables.Basis, Tables.Zones and Tables.Conditions.
type Outcome struct {
	Verdict                  int
	Basis, Zones, Conditions [2]int
	Reason                   string
}

// Tables are the compiled timelines.
type Tables struct {
	Sources    []cbec.Source
	Basis      []int    // indexes into Sources
	Zones      []int    // indexes of zones in the registry's All order
	Conditions []string // condition sentences
	Outcomes   []Outcome
	Slot       []uint16 // per registry unit: its deciding slot
	SlotUnit   []uint16 // per slot: the registry index of its deciding unit
	SpanOffs   []uint32 // per slot*NumModes+mode-1: SpanFrom[SpanOffs[k]:SpanOffs[k+1]]
	SpanFrom   []int32  // YYYYMMDD the span starts (0 for the first)
	SpanOut    []uint16 // outcome of each span
}

// NumModes is the number of trade modes.
var NumModes = func() int {
	n := 0
	for range trade.Modes() {
		n++
	}
	return n
}()

type listKey struct{ list, city string }

type builder struct {
	reg      *zones.Registry
	data     *Data
	docs     map[string]Doc
	info     map[string]ListInfo
	members  map[listKey]ListRow // by list and city code (list scopes)
	byName   map[listKey]ListRow // by list and name (customs scopes)
	customs  map[string]Customs
	sources  []cbec.Source
	srcIndex map[string]int
	outKey   map[string]int
	runs     map[string][2]int
	zoneIdx  map[string]int
	tables   *Tables

	byCity map[string][]ListRow // list rows by city code
	modes  map[trade.Mode]*ruleIndex
}

// A ruleIndex holds the rules of one mode (indexes into Data.Rules, in data
// order) by the units they may apply to: those that may apply anywhere, and
// those whose scope is only complete lists, which apply only to the units
// on the lists (and to provinces, answered "ask about a city").
type ruleIndex struct {
	general, listed []int
	byList          map[string][]int
}

// Build validates d against reg and compiles the timelines of every unit and
// mode.
func Build(reg *zones.Registry, d *Data) (*Tables, error) {
	if err := d.Check(reg); err != nil {
		return nil, err
	}
	if err := checkUnits(reg); err != nil {
		return nil, err
	}
	b := &builder{
		reg: reg, data: d,
		docs: map[string]Doc{}, info: map[string]ListInfo{},
		members: map[listKey]ListRow{}, byName: map[listKey]ListRow{},
		customs: map[string]Customs{}, srcIndex: map[string]int{}, outKey: map[string]int{},
		runs: map[string][2]int{}, zoneIdx: map[string]int{},
		tables: &Tables{},
	}
	for _, x := range d.Docs {
		b.docs[x.Doc] = x
	}
	i := 0
	for z := range reg.All() {
		b.zoneIdx[z.ID] = i
		i++
	}
	for _, x := range d.ListInfo {
		b.info[x.List] = x
	}
	b.byCity = map[string][]ListRow{}
	for _, x := range d.Lists {
		b.members[listKey{x.List, x.City}] = x
		b.byName[listKey{x.List, x.Name}] = x
		b.byCity[x.City] = append(b.byCity[x.City], x)
	}
	if err := b.indexRules(); err != nil {
		return nil, err
	}
	for _, x := range d.Customs {
		b.customs[x.City] = x
	}
	listed := map[string]bool{}
	for _, x := range d.Lists {
		listed[x.City] = true
	}
	// Deciding units: every unit but the counties whose answer is their
	// city's (not listed themselves, and under a city).
	n := reg.Len()
	t := b.tables
	t.Slot = make([]uint16, n)
	var slots []zones.City
	slotOf := map[string]uint16{}
	for i := range n {
		c := reg.At(i)
		d := b.decider(c, listed)
		s, ok := slotOf[d.Code]
		if !ok {
			s = uint16(len(slots))
			slotOf[d.Code] = s
			slots = append(slots, d)
			t.SlotUnit = append(t.SlotUnit, uint16(reg.IndexOf(d)))
		}
		t.Slot[i] = s
	}
	t.SpanOffs = make([]uint32, 0, len(slots)*NumModes+1)
	for _, d := range slots {
		for m := range trade.Modes() {
			t.SpanOffs = append(t.SpanOffs, uint32(len(t.SpanFrom)))
			b.timeline(d, m)
		}
	}
	t.SpanOffs = append(t.SpanOffs, uint32(len(t.SpanFrom)))
	t.Sources = b.sources
	if err := checkWidths(t); err != nil {
		return nil, err
	}
	return t, nil
}

// The widths of the engine's tables: outcome numbers and the ends of the
// basis, zone and condition ranges, registry and slot indexes.
const (
	maxOutcomes = 1<<16 - 1
	maxRange    = 1<<16 - 1
	maxUnits    = 1<<16 - 1
	maxSpans    = 1<<32 - 1
)

// ErrTooLarge is wrapped by the errors for data whose compiled tables would
// outgrow the engine's index widths.
var ErrTooLarge = errors.New("too large for the engine")

// checkUnits checks the registry against the width of the slot tables.
func checkUnits(reg *zones.Registry) error {
	if reg.Len() > maxUnits {
		return fmt.Errorf("%w: %d units in the registry, more than %d", ErrTooLarge, reg.Len(), maxUnits)
	}
	return nil
}

// checkWidths checks the compiled tables against the widths the engine
// stores them in, so that no answer is ever read from a wrapped index.
func checkWidths(t *Tables) error {
	switch {
	case len(t.Outcomes) > maxOutcomes:
		return fmt.Errorf("%w: %d distinct answers, more than %d", ErrTooLarge, len(t.Outcomes), maxOutcomes)
	case len(t.Basis) > maxRange:
		return fmt.Errorf("%w: %d basis entries, more than %d", ErrTooLarge, len(t.Basis), maxRange)
	case len(t.Zones) > maxRange:
		return fmt.Errorf("%w: %d zone entries, more than %d", ErrTooLarge, len(t.Zones), maxRange)
	case len(t.Conditions) > maxRange:
		return fmt.Errorf("%w: %d condition entries, more than %d", ErrTooLarge, len(t.Conditions), maxRange)
	case len(t.SpanFrom) > maxSpans:
		return fmt.Errorf("%w: %d spans, more than %d", ErrTooLarge, len(t.SpanFrom), maxSpans)
	}
	return nil
}

// indexRules builds the rule index of every mode, and checks that no more
// than MaxRulesInForce rules of a mode are in force on one day.
func (b *builder) indexRules() error {
	b.modes = map[trade.Mode]*ruleIndex{}
	for m := range trade.Modes() {
		if err := b.checkInForce(m); err != nil {
			return err
		}
		ix := &ruleIndex{byList: map[string][]int{}}
		for i, r := range b.data.Rules {
			switch {
			case !slices.Contains(r.Modes, m):
			case !b.onlyCompleteLists(r):
				ix.general = append(ix.general, i)
			default:
				ix.listed = append(ix.listed, i)
				for _, s := range r.Scopes {
					if l := ix.byList[s.List]; len(l) == 0 || l[len(l)-1] != i {
						ix.byList[s.List] = append(l, i)
					}
				}
			}
		}
		b.modes[m] = ix
	}
	return nil
}

// checkInForce checks the number of rules of mode m in force on any day.
func (b *builder) checkInForce(m trade.Mode) error {
	type event struct {
		day   int32
		delta int
		rule  int
	}
	var evs []event
	for i, r := range b.data.Rules {
		if slices.Contains(r.Modes, m) {
			evs = append(evs, event{r.From, 1, i})
			if r.Until != 0 {
				evs = append(evs, event{r.Until, -1, i})
			}
		}
	}
	// On one day, ends come before starts: a rule ending on a day is not in
	// force on it.
	slices.SortFunc(evs, func(a, b event) int { return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.delta, b.delta)) })
	n := 0
	for _, e := range evs {
		if n += e.delta; n > MaxRulesInForce {
			r := b.data.Rules[e.rule]
			return fmt.Errorf("%s:%d: %s: %w: more than %d rules of %s in force on %s", r.File, r.Line, r.ID, tsv.ErrLimit, MaxRulesInForce, m.Code(), date(e.day))
		}
	}
	return nil
}

// A sweep yields, day after day in increasing order, the rules in force:
// those of a set that start on or before the day and end after it, in data
// order. It takes O(n log n) to set up for n rules and, per day, time in
// the rules that start or end by then plus the rules in force.
type sweep struct {
	rules   []Rule
	starts  []int // rule indexes by start day
	ends    []int // rule indexes with an end, by end day
	in      []uint64
	lo, hi  int // the set bits of in lie in words lo..hi-1
	out     []Rule
	changed bool
	data    Data
}

func newSweep(d *Data, idx []int) *sweep {
	w := &sweep{rules: d.Rules, starts: idx, in: make([]uint64, len(d.Rules)/64+1), data: *d, lo: len(d.Rules)/64 + 1}
	slices.SortStableFunc(w.starts, func(a, b int) int { return cmp.Compare(d.Rules[a].From, d.Rules[b].From) })
	for _, i := range idx {
		if d.Rules[i].Until != 0 {
			w.ends = append(w.ends, i)
		}
	}
	slices.SortStableFunc(w.ends, func(a, b int) int { return cmp.Compare(d.Rules[a].Until, d.Rules[b].Until) })
	return w
}

// on returns the data with only the rules in force on day x, which is not
// before the day of the previous call.
func (w *sweep) on(x int32) *Data {
	for len(w.ends) > 0 && w.rules[w.ends[0]].Until <= x {
		i := w.ends[0]
		w.in[i/64] &^= 1 << (i % 64)
		w.ends, w.changed = w.ends[1:], true
	}
	for len(w.starts) > 0 && w.rules[w.starts[0]].From <= x {
		i := w.starts[0]
		if r := w.rules[i]; r.Until == 0 || x < r.Until {
			w.in[i/64] |= 1 << (i % 64)
			w.lo, w.hi = min(w.lo, i/64), max(w.hi, i/64+1)
		}
		w.starts, w.changed = w.starts[1:], true
	}
	if w.changed {
		w.out = w.out[:0]
		for k := w.lo; k < w.hi; k++ {
			for word := w.in[k]; word != 0; word &= word - 1 {
				w.out = append(w.out, w.rules[k*64+bits.TrailingZeros64(word)])
			}
		}
		w.changed = false
	}
	w.data.Rules = w.out
	return &w.data
}

// onlyCompleteLists reports whether every scope clause of r is a complete
// list: then r can apply only to the units on one of them (or to a
// province, which is answered as "ask about a city"), and its dates cannot
// change the answers of other units.
func (b *builder) onlyCompleteLists(r Rule) bool {
	for _, s := range r.Scopes {
		if s.Kind != "list" || !b.info[s.List].Complete {
			return false
		}
	}
	return true
}

// decider returns the unit whose answer c takes: c itself, or the city it
// lies in.
func (b *builder) decider(c zones.City, listed map[string]bool) zones.City {
	if c.Level != zones.County || listed[c.Code] {
		return c
	}
	p, ok := b.reg.Parent(c)
	if !ok || !p.IsCity() {
		return c
	}
	return p
}

// city returns the city-level unit of d: d itself, or its parent city; a
// county directly under a province stands for itself.
func (b *builder) city(d zones.City) zones.City {
	if d.Level != zones.County {
		return d
	}
	if p, ok := b.reg.Parent(d); ok && p.IsCity() {
		return p
	}
	return d
}

func ymd(d cbec.Date) int32 { return int32(d.YYYYMMDD()) }

func date(v int32) cbec.Date {
	if v == 0 {
		return cbec.Date{}
	}
	return cbec.MakeDate(int(v/10000), time.Month(v/100%100), int(v%100))
}

// timeline appends the spans of d and m.
func (b *builder) timeline(d zones.City, m trade.Mode) {
	t := b.tables
	intro := ymd(m.Introduced())
	bounds := []int32{intro, ymd(cbec.DataDate().AddDays(1))}
	chain := b.chain(d)
	// The rules that may apply to d: their days are d's bounds, and decide
	// sees only those in force on each day.
	ix := b.modes[m]
	rules := slices.Clone(ix.general)
	if b.province(d) {
		rules = append(rules, ix.listed...)
	}
	var lists []string // the lists with a row for d or a unit it lies in
	for _, u := range chain {
		for _, l := range b.byCity[u.Code] {
			lists = append(lists, l.List)
			if l.From.Prec != zonedata.Unknown {
				bounds = append(bounds, l.From.Min, l.From.Max())
			}
			if l.JoinedBy != 0 {
				bounds = append(bounds, l.JoinedBy)
			}
		}
	}
	if !b.province(d) {
		slices.Sort(lists)
		for _, l := range slices.Compact(lists) {
			rules = append(rules, ix.byList[l]...)
		}
		slices.Sort(rules)
		rules = slices.Compact(rules)
	}
	for _, i := range rules {
		r := b.data.Rules[i]
		bounds = append(bounds, r.From)
		if r.Until != 0 {
			bounds = append(bounds, r.Until)
		}
	}
	for z := range b.reg.Within(b.city(d)) {
		s := z.Sure()
		for _, x := range []cbec.Date{z.Period.From, z.Period.Until, s.From, s.Until} {
			if x.IsValid() {
				bounds = append(bounds, ymd(x))
			}
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	last := -1
	add := func(from int32, o int) {
		if o == last {
			return
		}
		t.SpanFrom = append(t.SpanFrom, from)
		t.SpanOut = append(t.SpanOut, uint16(o))
		last = o
	}
	add(0, b.outcome(b.beforeCode(m)))
	// decide sees only the rules in force on each day: the others would
	// not apply, and skipping them keeps the build linear in the rules.
	all := b.data
	defer func() { b.data = all }()
	w := newSweep(all, rules)
	for _, x := range bounds {
		if x < intro {
			continue
		}
		b.data = w.on(x)
		add(x, b.outcome(b.decide(d, m, date(x))))
	}
}

// chain returns d and the units it lies in.
func (b *builder) chain(d zones.City) []zones.City {
	out := []zones.City{d}
	for a := range b.reg.Ancestors(d) {
		out = append(out, a)
	}
	return out
}

// A result is an answer being built.
type result struct {
	verdict int
	docs    []string
	modeSrc *cbec.Source
	zones   []zones.Zone
	conds   []string
	reason  string
}

func (b *builder) beforeCode(m trade.Mode) result {
	src := m.Source()
	return result{
		verdict: Denied,
		modeSrc: &src,
		reason: fmt.Sprintf("Denied: customs code %s (%s) did not exist before %s, when %s created it.",
			m.Code(), m.NameZH(), m.Introduced(), src.Doc),
	}
}

func (b *builder) source(doc string) int {
	if i, ok := b.srcIndex[doc]; ok {
		return i
	}
	x := b.docs[doc]
	s := cbec.Source{Doc: x.Doc, Title: x.Title, Issuer: x.Issuer, Issued: date(x.Issued.Min), Effective: date(x.Effective.Min), URL: x.URL}
	if x.Issued.Prec != zonedata.Exact {
		s.Issued = cbec.Date{}
	}
	if x.Effective.Prec != zonedata.Exact {
		s.Effective = cbec.Date{}
	}
	b.sources = append(b.sources, s)
	b.srcIndex[doc] = len(b.sources) - 1
	return len(b.sources) - 1
}

// outcome interns r and returns its index.
func (b *builder) outcome(r result) int {
	var basis []int
	if r.modeSrc != nil {
		basis = append(basis, b.modeSource(*r.modeSrc))
	}
	for _, d := range r.docs {
		if i := b.source(d); !slices.Contains(basis, i) {
			basis = append(basis, i)
		}
	}
	var zs []int
	for _, z := range r.zones {
		if i := b.zoneIdx[z.ID]; !slices.Contains(zs, i) {
			zs = append(zs, i)
		}
	}
	var conds []string
	for _, c := range r.conds {
		if !slices.Contains(conds, c) {
			conds = append(conds, c)
		}
	}
	t := b.tables
	o := Outcome{
		Verdict:    r.verdict,
		Basis:      intern(&t.Basis, b.runs, "basis", basis),
		Zones:      intern(&t.Zones, b.runs, "zones", zs),
		Conditions: intern(&t.Conditions, b.runs, "conds", conds),
		Reason:     r.reason,
	}
	key := fmt.Sprint(o)
	if i, ok := b.outKey[key]; ok {
		return i
	}
	t.Outcomes = append(t.Outcomes, o)
	b.outKey[key] = len(t.Outcomes) - 1
	return len(t.Outcomes) - 1
}

// intern returns the range of *flat that holds vs, appending vs if no
// earlier run equals it.
func intern[T comparable](flat *[]T, runs map[string][2]int, name string, vs []T) [2]int {
	if len(vs) == 0 {
		return [2]int{}
	}
	key := fmt.Sprintf("%s%v", name, vs)
	if r, ok := runs[key]; ok {
		return r
	}
	r := [2]int{len(*flat), len(*flat) + len(vs)}
	*flat = append(*flat, vs...)
	runs[key] = r
	return r
}

func (b *builder) modeSource(s cbec.Source) int {
	if _, ok := b.docs[s.Doc]; ok {
		return b.source(s.Doc)
	}
	if i, ok := b.srcIndex[s.Doc]; ok {
		return i
	}
	b.sources = append(b.sources, s)
	b.srcIndex[s.Doc] = len(b.sources) - 1
	return len(b.sources) - 1
}

// A match is how a rule's scope applies to a unit on a day.
type match struct {
	state    int // yes, no, maybe
	name     string
	facility zones.City // where a required facility must lie
	zone     *zones.Zone
	district string
	conds    []string
	maybe    string // why it is maybe
}

const (
	no = iota
	yes
	maybe
)

var plural = map[zones.Category]string{
	zones.FreeTradeZone:           "pilot free trade zones",
	zones.CBECTestZone:            "CBEC comprehensive test zones",
	zones.ComprehensiveBondedZone: "comprehensive bonded zones",
	zones.ImportDemoZone:          "import trade promotion innovation demonstration zones",
	zones.BondedLogisticsCenterB:  "type-B bonded logistics centers",
	zones.OtherSpecialArea:        "other special customs supervision areas",
}

var facilityCats = []zones.Category{zones.ComprehensiveBondedZone, zones.OtherSpecialArea, zones.BondedLogisticsCenterB}

// decide answers for unit d, mode m, day x.
func (b *builder) decide(d zones.City, m trade.Mode, x cbec.Date) result {
	// A rule that may apply (a list whose members are not all known) leaves
	// the answer open: a later rule that surely applies settles it only if it
	// gives the answer the first would have given.
	var (
		pending *result
		could   int // the verdict of the pending rule, had it applied
	)
	for _, r := range b.data.Rules {
		if !slices.Contains(r.Modes, m) || ymd(x) < r.From || (r.Until != 0 && ymd(x) >= r.Until) {
			continue
		}
		mt := b.scope(r, d, x)
		if mt.state == no {
			continue
		}
		res := b.apply(r, mt, d, m, x)
		if mt.state == maybe {
			if pending == nil {
				could = res.verdict
				if res.verdict != Denied {
					res.verdict = Unknown
					res.reason = "Unknown: " + mt.maybe + "."
				}
				pending = &res
			}
			continue
		}
		switch {
		case pending == nil:
			return b.finish(res, x)
		case res.verdict == could && could == Denied:
			// Denied either way; the pending reason is the one that surely
			// holds (no facility), not this rule's (not on the list).
			return b.finish(*pending, x)
		case res.verdict == could:
			return b.finish(res, x)
		}
		if pending.verdict == Denied {
			pending.verdict = Unknown
			pending.reason = "Unknown: " + strings.TrimPrefix(pending.reason, "Denied: ")
		}
		return b.finish(*pending, x)
	}
	if pending != nil {
		return b.finish(*pending, x)
	}
	return b.finish(result{verdict: Unknown, reason: "Unknown: no rule in the data covers this mode on this day."}, x)
}

func (b *builder) finish(r result, x cbec.Date) result {
	if x.After(cbec.DataDate()) {
		r.conds = append(r.conds, "The data was last checked against its sources on "+cbec.DataVersion+": later changes are not reflected.")
	}
	return r
}

// apply turns a rule that matched (or may match) into a result, checking its
// facility requirement.
func (b *builder) apply(r Rule, mt match, d zones.City, m trade.Mode, x cbec.Date) result {
	res := result{verdict: r.Verdict, docs: r.Docs, conds: slices.Clone(r.Conditions)}
	res.conds = append(res.conds, mt.conds...)
	reason := strings.ReplaceAll(r.Reason, "{city}", mt.name)
	reason = strings.ReplaceAll(reason, "{district}", mt.district)
	if mt.zone != nil {
		reason = strings.ReplaceAll(reason, "{zone}", mt.zone.Name)
		res.zones = append(res.zones, *mt.zone)
		if !mt.zone.Verified {
			res.conds = append(res.conds, unverifiedZone(*mt.zone))
		}
	}
	if r.Requires != "" && r.Verdict != Denied && mt.facility.IsValid() {
		fz, pres := b.facility(mt.facility, x)
		switch {
		case pres == zones.Present:
			if mt.zone == nil || fz.ID != mt.zone.ID {
				reason += " and hosts " + fz.Name
				res.zones = append(res.zones, fz)
				if !fz.Verified {
					res.conds = append(res.conds, unverifiedZone(fz))
				}
			}
		case pres == zones.Absent && r.Requires == "facility":
			return result{
				verdict: Denied,
				docs:    []string{"海关总署公告2014年第57号"},
				reason: fmt.Sprintf("Denied: %s hosts no special customs supervision area or type-B bonded logistics center, which %s (%s) needs under 海关总署公告2014年第57号.",
					mt.facility.Name, m.Code(), m.NameZH()),
			}
		case pres == zones.Absent:
			res.verdict = Unknown
			reason = fmt.Sprintf("%s hosts no special customs supervision area or type-B bonded logistics center in the data; bonded warehouses and type-A centers, which also serve %s, are not in the data", mt.facility.Name, m.Code())
		default:
			res.verdict = Unknown
			reason = fmt.Sprintf("%s, but whether %s hosts a special customs supervision area or type-B bonded logistics center, which %s needs, the data cannot tell: %s",
				reason, mt.facility.Name, m.Code(), b.unsure(mt.facility, facilityCats, x))
		}
	}
	res.reason = verdictWord(res.verdict) + ": " + reason + "."
	return res
}

func unverifiedZone(z zones.Zone) string {
	return fmt.Sprintf("%s (%s) is not confirmed by a source read.", z.Name, z.ID)
}

func verdictWord(v int) string {
	return [...]string{"Unknown", "Allowed", "Denied"}[v]
}

// unsure explains why the data cannot tell whether c hosts a zone of cats
// on day x: a zone whose date is not known precisely, or incomplete data.
func (b *builder) unsure(c zones.City, cats []zones.Category, x cbec.Date) string {
	for z := range b.reg.Within(c) {
		if !slices.Contains(cats, z.Category) || z.On(x) != zones.Unsure {
			continue
		}
		switch {
		case z.UntilPrecision != zones.DateUnknown && !x.Before(z.Period.Until):
			return fmt.Sprintf("the day %s ended is known only to the %s", z.Name, z.UntilPrecision)
		case z.FromPrecision == zones.DateUnknown:
			return fmt.Sprintf("the day %s was approved is not known", z.Name)
		default:
			return fmt.Sprintf("the day %s was approved is known only to the %s", z.Name, z.FromPrecision)
		}
	}
	var names []string
	for _, cat := range cats {
		if !b.reg.Dataset(cat).Complete {
			names = append(names, plural[cat])
		}
	}
	switch len(names) {
	case 0:
		return "the data is incomplete"
	case 1:
		return "the data of " + names[0] + " is incomplete"
	}
	return "the data of " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " is incomplete"
}

// facility reports whether unit c hosts a special area or type-B center on
// day x, and one that it surely hosts (a verified one first).
func (b *builder) facility(c zones.City, x cbec.Date) (zones.Zone, zones.Presence) {
	return b.hosts(c, facilityCats, x)
}

func (b *builder) hosts(c zones.City, cats []zones.Category, x cbec.Date) (zones.Zone, zones.Presence) {
	var found []zones.Zone
	for z := range b.reg.In(c, x) {
		if slices.Contains(cats, z.Category) {
			found = append(found, z)
		}
	}
	if len(found) > 0 {
		slices.SortStableFunc(found, func(a, b zones.Zone) int {
			return cmp.Or(-cmpBool(a.Verified, b.Verified), cmp.Compare(slices.Index(cats, a.Category), slices.Index(cats, b.Category)))
		})
		return found[0], zones.Present
	}
	pres := zones.Absent
	for _, cat := range cats {
		if b.reg.Hosts(c, cat, x) != zones.Absent {
			pres = zones.Unsure
		}
	}
	return zones.Zone{}, pres
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

// scope matches rule r against unit d on day x.
func (b *builder) scope(r Rule, d zones.City, x cbec.Date) match {
	best := match{state: no}
	for _, s := range r.Scopes {
		var mt match
		switch s.Kind {
		case "all":
			mt = match{state: yes, name: d.Name, facility: b.city(d)}
			if cu, ok := b.customs[b.city(d).Code]; ok {
				mt.district = cu.District
			}
			if r.Requires != "" && b.province(d) {
				mt = provinceMaybe(d)
			}
		case "list":
			mt = b.inList(s.List, d, x)
		case "zones":
			mt = b.inZones(s.Zones, d, x)
		case "customs":
			mt = b.inCustoms(s.List, d)
		}
		if mt.state == yes {
			return mt
		}
		if mt.state == maybe && best.state == no {
			best = mt
		}
	}
	return best
}

func (b *builder) province(d zones.City) bool {
	return d.Level == zones.Province && !d.IsMunicipality()
}

func provinceMaybe(d zones.City) match {
	return match{state: maybe, name: d.Name,
		maybe: d.Name + " is a province, and the rules apply city by city: ask about a city in it"}
}

// inList matches d against a list: d or a unit it lies in is on it.
func (b *builder) inList(list string, d zones.City, x cbec.Date) match {
	info := b.info[list]
	for _, u := range b.chain(d) {
		row, ok := b.members[listKey{list, u.Code}]
		if !ok {
			continue
		}
		if !row.Member {
			return match{state: no}
		}
		mt := match{state: yes, name: d.Name, facility: u}
		if u.Level == zones.Province && !u.IsMunicipality() {
			// Hainan Island: the island's units, not 三沙 and not the province itself.
			if d.Code == u.Code {
				return match{state: maybe, name: d.Name, facility: d,
					maybe: fmt.Sprintf("%s is listed as %s, which does not cover 三沙市; ask about a city on the island", d.Name, row.Name)}
			}
			if !zones.OnHainanIsland(d) {
				continue
			}
			mt.name = d.Name + " (listed as " + row.Name + ")"
			mt.facility = b.city(d)
		}
		if !row.Sourced() {
			mt.conds = append(mt.conds, fmt.Sprintf("%s's place on the list of %s is not confirmed by a source read.", u.Name, info.Doc))
		}
		switch {
		case row.JoinUnknown, row.JoinedBy != 0 && ymd(x) < row.JoinedBy:
			mt.state = maybe
			mt.maybe = fmt.Sprintf("the day %s became a pilot city under %s is not known", u.Name, info.Doc)
		case row.From.Prec != zonedata.Unknown && ymd(x) < row.From.Min:
			return match{state: no}
		case row.From.Prec != zonedata.Unknown && ymd(x) < row.From.Max():
			mt.state = maybe
			mt.maybe = fmt.Sprintf("%s became a pilot city under %s in %s, on a day not known", u.Name, info.Doc, row.From)
		}
		return mt
	}
	if b.province(d) {
		return provinceMaybe(d)
	}
	if info.Complete {
		return match{state: no}
	}
	return match{state: maybe, name: d.Name, facility: b.city(d), maybe: strings.ReplaceAll(info.Unknown, "{city}", d.Name)}
}

// inZones matches d's city against zone categories.
func (b *builder) inZones(cats []zones.Category, d zones.City, x cbec.Date) match {
	if b.province(d) {
		return provinceMaybe(d)
	}
	c := b.city(d)
	z, pres := b.hosts(c, cats, x)
	switch pres {
	case zones.Present:
		return match{state: yes, name: c.Name, facility: c, zone: &z}
	case zones.Absent:
		return match{state: no}
	}
	return match{state: maybe, name: c.Name, facility: c,
		maybe: fmt.Sprintf("%s surely hosts none of the five zone categories of 商财发〔2021〕39号 in the data, but %s", c.Name, b.unsure(c, cats, x))}
}

// inCustoms matches d's customs district against a list of districts.
func (b *builder) inCustoms(list string, d zones.City) match {
	if b.province(d) {
		return provinceMaybe(d)
	}
	c := b.city(d)
	cu, ok := b.customs[c.Code]
	if !ok {
		return match{state: maybe, name: c.Name, facility: c, maybe: "the customs district of " + c.Name + " is not in the data"}
	}
	mt := match{state: no, name: c.Name, facility: c, district: cu.District}
	if cu.Verified != "yes" && cu.Verified != "inferred" {
		mt.conds = append(mt.conds, fmt.Sprintf("%s's customs district (%s) is not confirmed by a source read.", c.Name, cu.District))
	}
	row, ok := b.byName[listKey{list, cu.District}]
	if ok && row.Member {
		mt.state = yes
		if !row.Sourced() {
			mt.conds = append(mt.conds, fmt.Sprintf("%s's place on the list of %s is not confirmed by a source read.", cu.District, b.info[list].Doc))
		}
	} else if !b.info[list].Complete {
		mt.state = maybe
		mt.maybe = strings.ReplaceAll(b.info[list].Unknown, "{city}", c.Name)
	}
	return mt
}
