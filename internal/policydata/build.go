package policydata

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"slices"
	"strconv"
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
// added rules come before the base ones. A file whose name is not one of
// [Files], a column a file does not have, or a missing column is an error
// naming the file (and the column).
func Load(base, overlay fs.FS) (*Data, error) {
	if base == nil {
		return nil, errors.New("nil file system")
	}
	names := make([]string, len(Files))
	for i, f := range Files {
		names[i] = f.Name
	}
	if err := tsv.CheckNames(base, "", names...); err != nil {
		return nil, err
	}
	if overlay != nil {
		if err := tsv.CheckNames(overlay, "overlay/", names...); err != nil {
			return nil, err
		}
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
			more, err := tsv.ReadOverlayFS(overlay, f.Name, f.Cols...)
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

// An Outcome is one distinct answer. Its basis, zones, conditions and gaps
// are ranges [from, to) of Tables.Basis, Tables.Zones, Tables.Conditions
// and Tables.Gaps.
type Outcome struct {
	Verdict                        int
	Basis, Zones, Conditions, Gaps [2]int
	Rule                           string // id of the deciding row of rules.tsv
	Reason, ReasonZH               string
}

// A Gap is one fact the data cannot tell; Kind is one of the Gap constants.
type Gap struct {
	Kind          int
	Subject, Text string
}

// Gap kinds, as in package policy.
const (
	GapNone          = iota
	GapList          // a list whose members are not all known; Subject: the list id
	GapJoinDate      // the day a unit joined a list; Subject: the list id
	GapFacility      // whether a unit hosts a facility; Subject: category keys joined by +
	GapZoneDate      // a zone's dates; Subject: the zone id
	GapRule          // the sources are silent; Subject: the rule id
	GapCustoms       // a unit's customs district; Subject: the unit's code
	GapUnverified    // a fact no source read confirms; Subject: a zone id, list:code or customs:code
	GapLevel         // a unit the rules do not decide on its own (a province); Subject: its code
	GapAfterData     // a day after the data version; Subject: the data version
	GapAmbiguousName // the name could mean other units; Subject: their codes
	GapNotInRegistry // a unit not in the registry; Subject: its code
	GapInvalid       // an invalid date or mode; Subject: "date" or "mode"
	GapRegime        // whether a special customs regime serves a mode; Subject: the zone id
	NumGapKinds
)

// Tables are the compiled timelines.
type Tables struct {
	Sources    []cbec.Source
	Basis      []int    // indexes into Sources
	Zones      []int    // indexes of zones in the registry's All order
	Conditions []string // condition sentences
	Gaps       []Gap
	Outcomes   []Outcome
	Customs    []Customs // sorted by city code
	Slot       []uint16  // per registry unit: its deciding slot
	SlotUnit   []uint16  // per slot: the registry index of its deciding unit
	SpanOffs   []uint32  // per slot*NumModes+mode-1: SpanFrom[SpanOffs[k]:SpanOffs[k+1]]
	SpanFrom   []int32   // YYYYMMDD the span starts (0 for the first)
	SpanOut    []uint32  // outcome of each span
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
	outKey   map[Outcome]int
	runs     map[string][2]int
	zoneIdx  map[string]int
	tables   *Tables
	hypo     *hypothesis // while deciding under an assumption
	evidence []string    // conditions of the counts an absence rested on, while deciding

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
		customs: map[string]Customs{}, srcIndex: map[string]int{}, outKey: map[Outcome]int{},
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
	t.Customs = slices.SortedFunc(slices.Values(d.Customs), func(a, b Customs) int { return cmp.Compare(a.City, b.City) })
	if err := checkWidths(t); err != nil {
		return nil, err
	}
	return t, nil
}

// The widths of the engine's tables: outcome numbers (30 bits: a span keeps
// the outcome's verdict in its top two), the ends of the basis, zone,
// condition and gap ranges (32 bits), registry and slot indexes (16 bits).
const (
	MaxOutcomes = 1<<30 - 1
	maxRange    = 1<<32 - 1
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
	case len(t.Outcomes) > MaxOutcomes:
		return fmt.Errorf("%w: %d distinct answers, more than %d", ErrTooLarge, len(t.Outcomes), MaxOutcomes)
	case len(t.Basis) > maxRange:
		return fmt.Errorf("%w: %d basis entries, more than %d", ErrTooLarge, len(t.Basis), maxRange)
	case len(t.Zones) > maxRange:
		return fmt.Errorf("%w: %d zone entries, more than %d", ErrTooLarge, len(t.Zones), maxRange)
	case len(t.Conditions) > maxRange:
		return fmt.Errorf("%w: %d condition entries, more than %d", ErrTooLarge, len(t.Conditions), maxRange)
	case len(t.Gaps) > maxRange:
		return fmt.Errorf("%w: %d gap entries, more than %d", ErrTooLarge, len(t.Gaps), maxRange)
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

// MinDay is the first day of the data (YYYYMMDD): the first span of every
// timeline is decided on it.
const MinDay = 19900101

// timeline appends the spans of d and m.
func (b *builder) timeline(d zones.City, m trade.Mode) {
	t := b.tables
	bounds := []int32{ymd(m.Introduced()), ymd(cbec.DataDate().AddDays(1))}
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
	// A count that covers d makes absence conclusive up to its day, and
	// after it with a condition naming the day.
	for n := range b.reg.Counts() {
		if n.Scope == zones.NationScope || slices.ContainsFunc(chain, func(u zones.City) bool { return u.Code == n.Scope }) {
			bounds = append(bounds, ymd(n.Day), ymd(n.Day.AddDays(1)))
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
		t.SpanOut = append(t.SpanOut, uint32(o))
		last = o
	}
	// decide sees only the rules in force on each day: the others would
	// not apply, and skipping them keeps the build linear in the rules.
	all := b.data
	defer func() { b.data = all }()
	w := newSweep(all, rules)
	b.data = w.on(MinDay)
	add(0, b.outcome(b.decide(d, m, date(MinDay))))
	for _, x := range bounds {
		if x > MinDay {
			b.data = w.on(x)
			add(x, b.outcome(b.decide(d, m, date(x))))
		}
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

// A text is a sentence (or part of one) in English and in Chinese.
type text struct{ en, zh string }

// textf formats both languages with the same arguments; the Chinese format
// may reorder them with explicit indexes (%[2]s).
func textf(en, zh string, args ...any) text {
	return text{fmt.Sprintf(en, args...), fmt.Sprintf(zh, args...)}
}

// sentence begins t with a capital and ends it with a full stop in each
// language.
func (t text) sentence() text {
	if t.en != "" && t.en[0] >= 'a' && t.en[0] <= 'z' {
		t.en = string(t.en[0]-'a'+'A') + t.en[1:]
	}
	if t.en != "" && !strings.HasSuffix(t.en, ".") {
		t.en += "."
	}
	if t.zh != "" && !strings.HasSuffix(t.zh, "。") {
		t.zh += "。"
	}
	return t
}

// A result is an answer being built.
type result struct {
	verdict int
	rule    string
	docs    []string
	modeSrc *cbec.Source
	zones   []zones.Zone
	conds   []string
	gaps    []Gap
	reason  text
}

// beforeCode answers a day before m's code existed when no rule of the data
// covers it.
func (b *builder) beforeCode(m trade.Mode) result {
	src := m.Source()
	return result{
		verdict: Denied,
		rule:    m.String() + "-before-code",
		modeSrc: &src,
		reason: textf("customs code %s (%s) did not exist before %s, when %s created it",
			"海关监管方式代码%[1]s（%[2]s）在%[3]s之前尚不存在，由%[4]s设立",
			m.Code(), m.NameZH(), m.Introduced(), src.Doc),
	}
}

func (b *builder) source(doc string) int {
	if i, ok := b.srcIndex[doc]; ok {
		return i
	}
	x := b.docs[doc]
	s := cbec.Source{Doc: x.Doc, Title: x.Title, Issuer: x.Issuer, Issued: date(x.Issued.Min), Effective: date(x.Effective.Min), URL: x.URL, ReadAt: x.ReadAt}
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
	r.reason = r.reason.sentence()
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
	var gaps []Gap
	for _, g := range r.gaps {
		if !slices.Contains(gaps, g) {
			gaps = append(gaps, g)
		}
	}
	t := b.tables
	o := Outcome{
		Verdict:    r.verdict,
		Basis:      intern(&t.Basis, b.runs, "basis", basis),
		Zones:      intern(&t.Zones, b.runs, "zones", zs),
		Conditions: intern(&t.Conditions, b.runs, "conds", conds),
		Gaps:       intern(&t.Gaps, b.runs, "gaps", gaps),
		Rule:       r.rule,
		Reason:     r.reason.en,
		ReasonZH:   r.reason.zh,
	}
	if i, ok := b.outKey[o]; ok {
		return i
	}
	t.Outcomes = append(t.Outcomes, o)
	b.outKey[o] = len(t.Outcomes) - 1
	return len(t.Outcomes) - 1
}

// intern returns the range of *flat that holds vs, appending vs if no
// earlier run equals it.
func intern[T comparable](flat *[]T, runs map[string][2]int, name string, vs []T) [2]int {
	if len(vs) == 0 {
		return [2]int{}
	}
	key := runKey(name, vs)
	if r, ok := runs[key]; ok {
		return r
	}
	r := [2]int{len(*flat), len(*flat) + len(vs)}
	*flat = append(*flat, vs...)
	runs[key] = r
	return r
}

// runKey returns the map key of a run of values.
func runKey[T comparable](name string, vs []T) string {
	var b strings.Builder
	b.WriteString(name)
	for _, v := range vs {
		b.WriteByte(0)
		switch x := any(v).(type) {
		case int:
			b.WriteString(strconv.Itoa(x))
		case string:
			b.WriteString(x)
		case Gap:
			b.WriteString(strconv.Itoa(x.Kind))
			b.WriteByte(1)
			b.WriteString(x.Subject)
			b.WriteByte(1)
			b.WriteString(x.Text)
		default:
			fmt.Fprint(&b, x)
		}
	}
	return b.String()
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
	name     text
	facility zones.City // where a required facility must lie
	zone     *zones.Zone
	district string
	conds    []string
	gaps     []Gap // unverified facts; with maybe, what is not known
	maybe    text  // why it is maybe
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

// facilityCats are the zones bonded import (1210) and bonded export need: the
// special customs supervision areas, type-B centers, and areas under a
// special customs regime (see serves).
var facilityCats = []zones.Category{zones.ComprehensiveBondedZone, zones.OtherSpecialArea, zones.BondedLogisticsCenterB, zones.SpecialRegime}

// statutoryCats are facilityCats but the special regimes. Only they can
// leave a facility in doubt: a special regime is an exception the data
// encodes where a source names it (平潭), not a kind of zone every city
// might host, so a city without a regime row has none.
var statutoryCats = facilityCats[:3]

// serves reports whether facility z serves mode m: a special area or type-B
// center always does; an area under a special customs regime (zones
// regime.tsv) only for the modes its group column lists, those a source
// shows operating under the regime.
func serves(z zones.Zone, m trade.Mode) bool {
	if z.Category != zones.SpecialRegime {
		return true
	}
	return slices.Contains(strings.Fields(z.Group), m.Code())
}

// facilityNames names a facility of the categories cats: "a type-B bonded
// logistics center", "一个保税物流中心（B型）".
func facilityNames(cats []zones.Category) text {
	var en, zh []string
	for _, c := range cats {
		en = append(en, c.String())
		zh = append(zh, c.NameZH())
	}
	a := "a "
	if len(en) > 0 && strings.ContainsRune("aeiou", rune(en[0][0])) {
		a = "an "
	}
	return text{a + orList(en), strings.Join(zh, "、")}
}

func orList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// A hypothesis, while deciding, assumes that unit city (and the units that
// hold it) hosts (present) or does not host a zone of each of cats.
type hypothesis struct {
	city    zones.City
	cats    []zones.Category
	present bool
}

// decide answers for unit d, mode m, day x. Where the answer is Unknown only
// because the data cannot tell whether d hosts a facility, it says so: with
// the facility the mode is allowed and without it denied, so that one fact
// is the answer's only gap.
func (b *builder) decide(d zones.City, m trade.Mode, x cbec.Date) result {
	b.evidence = b.evidence[:0]
	r := b.decideRules(d, m, x)
	if r.verdict != Unknown || b.hypo != nil {
		return b.finish(r, x)
	}
	f := b.city(d)
	if d.Level == zones.County {
		f = d
	}
	var unsure []zones.Category
	for _, cat := range facilityCats {
		switch b.reg.Hosts(f, cat, x) {
		case zones.Present:
			return b.finish(r, x)
		case zones.Unsure:
			if slices.Contains(statutoryCats, cat) {
				unsure = append(unsure, cat)
			}
		}
	}
	if len(unsure) == 0 {
		return b.finish(r, x)
	}
	b.hypo = &hypothesis{city: f, cats: unsure, present: true}
	with := b.decideRules(d, m, x)
	b.hypo.present = false
	without := b.decideRules(d, m, x)
	b.hypo = nil
	switch {
	case with.verdict == Denied && without.verdict == Denied:
		return b.finish(with, x) // denied whatever the facility: the reason holds either way
	case with.verdict != Allowed || without.verdict != Denied:
		return b.finish(r, x)
	}
	what := facilityNames(unsure)
	held, gaps := b.unsureFacility(f, unsure, x)
	res := result{
		verdict: Unknown,
		rule:    with.rule,
		docs:    append(slices.Clone(with.docs), facilityDoc),
		conds:   with.conds,
		gaps:    append(gaps, r.unverified()...),
		reason: textf("whether %[1]s hosts %[2]s decides, and the data cannot tell (%[5]s): with one, %[3]s allows %[4]s there; without one, it is not allowed",
			"%[1]s能否开展%[4]s取决于其是否设有%[7]s，而数据无法判断（%[6]s）：若设有，%[3]s允许开展；若未设，则不允许",
			f.Name, what.en, with.docs[0], m.Code(), held.en, held.zh, what.zh),
	}
	for _, z := range with.zones {
		if z.ID != hypotheticalID {
			res.zones = append(res.zones, z)
		}
	}
	return b.finish(res, x)
}

// facilityDoc is the document that requires a special area or type-B
// center for bonded retail import.
const facilityDoc = "海关总署公告2014年第57号"

// unverified returns the gaps of r that name unverified facts.
func (r result) unverified() []Gap {
	var out []Gap
	for _, g := range r.gaps {
		if g.Kind == GapUnverified {
			out = append(out, g)
		}
	}
	return out
}

// unsureFacility says why the data cannot tell whether c hosts a zone of
// cats on day x, with one gap per missing fact.
func (b *builder) unsureFacility(c zones.City, cats []zones.Category, x cbec.Date) (text, []Gap) {
	var (
		parts []text
		gaps  []Gap
	)
	for _, cat := range cats {
		if b.reg.Hosts(c, cat, x) != zones.Unsure {
			continue
		}
		t, g := b.unsure(c, []zones.Category{cat}, x)
		parts = append(parts, t)
		gaps = append(gaps, g...)
	}
	var en, zh []string
	for _, p := range parts {
		en = append(en, p.en)
		zh = append(zh, p.zh)
	}
	return text{strings.Join(en, "; "), strings.Join(zh, "；")}, gaps
}

// decideRules applies the rules in order.
func (b *builder) decideRules(d zones.City, m trade.Mode, x cbec.Date) result {
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
					res.reason = mt.maybe
					res.gaps = append(mt.gaps, res.unverified()...)
				}
				pending = &res
			}
			continue
		}
		switch {
		case pending == nil:
			return res
		case res.verdict == could && could == Denied:
			// Denied either way; the pending reason is the one that surely
			// holds (no facility), not this rule's (not on the list).
			return *pending
		case res.verdict == could:
			return res
		}
		if pending.verdict == Denied {
			pending.verdict = Unknown
			pending.gaps = append(pending.gaps, mt.gaps...)
			pending.gaps = append(pending.gaps, b.maybeGaps(pending, r, d)...)
		}
		return *pending
	}
	if pending != nil {
		return *pending
	}
	if ymd(x) < ymd(m.Introduced()) {
		return b.beforeCode(m)
	}
	return result{verdict: Unknown, gaps: []Gap{{GapRule, m.String(), "No rule in the data covers " + m.Code() + " on this day."}},
		reason: text{"no rule in the data covers this mode on this day", "数据中没有适用于该监管方式在该日的规则"}}
}

// maybeGaps returns the gaps of a Denied pending answer that a later rule
// contradicts: the pending rule's own uncertainty.
func (b *builder) maybeGaps(p *result, r Rule, d zones.City) []Gap {
	if len(p.gaps) > 0 {
		return nil
	}
	return []Gap{{GapRule, r.ID, fmt.Sprintf("Rule %s may apply to %s, and the data cannot tell whether it does.", r.ID, d.Name)}}
}

func (b *builder) finish(r result, x cbec.Date) result {
	r.conds = append(r.conds, b.evidence...)
	if x.After(cbec.DataDate()) {
		r.conds = append(r.conds, "The data was last checked against its sources on "+cbec.DataVersion+": later changes are not reflected.")
		r.gaps = append(r.gaps, Gap{GapAfterData, cbec.DataVersion, "The day is after " + cbec.DataVersion + ", when the data was last checked against its sources."})
	}
	if r.verdict == Unknown && len(r.gaps) == 0 {
		r.gaps = append(r.gaps, Gap{GapRule, r.rule, "The sources read do not settle rule " + r.rule + " on this day."})
	}
	return r
}

// apply turns a rule that matched (or may match) into a result, checking its
// facility requirement.
func (b *builder) apply(r Rule, mt match, d zones.City, m trade.Mode, x cbec.Date) result {
	res := result{verdict: r.Verdict, rule: r.ID, docs: r.Docs, conds: slices.Clone(r.Conditions), gaps: slices.Clone(mt.gaps)}
	res.conds = append(res.conds, mt.conds...)
	reason := text{r.Reason, r.ReasonZH}
	fill := func(key string, v text) {
		reason.en = strings.ReplaceAll(reason.en, key, v.en)
		reason.zh = strings.ReplaceAll(reason.zh, key, v.zh)
	}
	fill("{city}", mt.name)
	fill("{district}", text{mt.district, mt.district})
	if mt.zone != nil {
		fill("{zone}", text{mt.zone.Name, mt.zone.Name})
		res.zones = append(res.zones, *mt.zone)
		b.checkVerified(&res, *mt.zone)
	}
	fill("{zone}", text{"a zone", "区域"})
	if strings.TrimSpace(reason.en) == "" || strings.TrimSpace(reason.zh) == "" {
		reason = textf("rule %[1]s applies", "适用规则%[1]s", r.ID)
	}
	if r.Verdict == Unknown {
		res.gaps = append(res.gaps, Gap{GapRule, r.ID, "The sources read do not settle it: " + reason.en + "."})
	}
	if r.Requires != "" && r.Verdict != Denied && mt.facility.IsValid() {
		fz, pres := b.facility(mt.facility, x)
		switch {
		case pres == zones.Present && !serves(fz, m):
			res.verdict = Unknown
			res.zones = append(res.zones, fz)
			res.gaps = append(res.gaps, Gap{GapRegime, fz.ID, fmt.Sprintf("The sources read do not say whether %s may be used under %s outside a statutory special customs supervision area.", m.Code(), fz.Name)})
			why, gaps := b.unsureFacility(mt.facility, statutoryCats, x)
			res.gaps = append(res.gaps, gaps...)
			reason = textf("%[1]s, and %[2]s lies in %[3]s, but the sources read do not say whether %[4]s may be used under that regime outside a statutory special customs supervision area, and whether it hosts one the data cannot tell: %[5]s",
				"%[6]s，%[2]s位于%[3]s，但所读来源未说明该监管制度下能否在法定海关特殊监管区域之外开展%[4]s，数据也无法判断其是否设有此类区域：%[7]s",
				reason.en, mt.facility.Name, fz.Name, m.Code(), why.en, reason.zh, why.zh)
		case pres == zones.Present:
			if fz.Category == zones.SpecialRegime {
				res.conds = append(res.conds, fmt.Sprintf("%s is not a statutory special customs supervision area: %s there rests on its customs regime, under which sources show it operating.", fz.Name, m.Code()))
			}
			if mt.zone == nil || fz.ID != mt.zone.ID {
				if strings.HasPrefix(reason.en, mt.facility.Name) {
					reason.en += " and hosts " + fz.Name
					reason.zh += "，并设有" + fz.Name
				} else { // the reason is about the rule, not the city
					reason.en += ", and " + mt.facility.Name + " hosts " + fz.Name
					reason.zh += "；" + mt.facility.Name + "设有" + fz.Name
				}
				res.zones = append(res.zones, fz)
				b.checkVerified(&res, fz)
			}
		case pres == zones.Absent && r.Requires == "facility":
			return result{
				verdict: Denied,
				rule:    r.ID,
				docs:    []string{facilityDoc},
				reason: textf("%[1]s hosts no special customs supervision area or type-B bonded logistics center, which %[2]s (%[3]s) needs under %[4]s",
					"%[1]s未设海关特殊监管区域或保税物流中心（B型），而根据%[4]s，%[2]s（%[3]s）须在其中开展",
					mt.facility.Name, m.Code(), m.NameZH(), facilityDoc),
			}
		case pres == zones.Absent:
			res.verdict = Unknown
			res.gaps = append(res.gaps, Gap{GapFacility, "bonded-site", fmt.Sprintf("Whether %s hosts a bonded warehouse or type-A bonded logistics center, which also serve %s, is not in the data.", mt.facility.Name, m.Code())})
			reason = textf("%[1]s hosts no special customs supervision area or type-B bonded logistics center in the data; bonded warehouses and type-A centers, which also serve %[2]s, are not in the data",
				"数据显示%[1]s未设海关特殊监管区域或保税物流中心（B型）；同样可开展%[2]s的保税仓库和A型保税物流中心不在数据之中",
				mt.facility.Name, m.Code())
		default:
			res.verdict = Unknown
			why, gaps := b.unsureFacility(mt.facility, statutoryCats, x)
			res.gaps = append(res.gaps, gaps...)
			reason = textf("%[1]s, but whether %[2]s hosts a special customs supervision area or type-B bonded logistics center, which %[3]s needs, the data cannot tell: %[4]s",
				"%[5]s，但%[2]s是否设有%[3]s所需的海关特殊监管区域或保税物流中心（B型），数据无法判断：%[6]s",
				reason.en, mt.facility.Name, m.Code(), why.en, reason.zh, why.zh)
		}
	}
	res.reason = reason
	return res
}

func (b *builder) checkVerified(res *result, z zones.Zone) {
	if z.Verified || z.ID == hypotheticalID {
		return
	}
	t := fmt.Sprintf("%s (%s) is not confirmed by a source read.", z.Name, z.ID)
	res.conds = append(res.conds, t)
	res.gaps = append(res.gaps, Gap{GapUnverified, z.ID, t})
}

// unsure explains why the data cannot tell whether c hosts a zone of cats
// on day x: a zone whose date is not known precisely, or incomplete data.
func (b *builder) unsure(c zones.City, cats []zones.Category, x cbec.Date) (text, []Gap) {
	for z := range b.reg.Within(c) {
		if !slices.Contains(cats, z.Category) || z.On(x) != zones.Unsure {
			continue
		}
		var t text
		switch {
		case z.UntilPrecision != zones.DateUnknown && !x.Before(z.Period.Until):
			t = textf("the day %[1]s ended is known only to the %[2]s", "%[1]s的终止日期只精确到%[3]s", z.Name, z.UntilPrecision, precisionZH(z.UntilPrecision))
		case z.FromPrecision == zones.DateUnknown:
			t = textf("the day %[1]s was approved is not known", "%[1]s的获批日期不详", z.Name)
		default:
			t = textf("the day %[1]s was approved is known only to the %[2]s", "%[1]s的获批日期只精确到%[3]s", z.Name, z.FromPrecision, precisionZH(z.FromPrecision))
		}
		return t, []Gap{{GapZoneDate, z.ID, strings.ToUpper(t.en[:1]) + t.en[1:] + "."}}
	}
	var names, zh, ks []string
	held := ""
	for _, cat := range cats {
		if ds := b.reg.Dataset(cat); !ds.Complete {
			names = append(names, plural[cat])
			zh = append(zh, cat.NameZH())
			ks = append(ks, cat.Key())
			if len(cats) == 1 && ds.Rows < ds.OfficialTotal {
				held = fmt.Sprintf(": it holds %d rows, and about %d existed on %s", ds.Rows, ds.OfficialTotal, ds.AsOf)
			}
		}
	}
	var t text
	switch len(names) {
	case 0:
		t = text{"the data is incomplete", "数据不完整"}
	case 1:
		t = text{"the data of " + names[0] + " is incomplete" + held, zh[0] + "数据不完整"}
	default:
		t = text{"the data of " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " is incomplete", strings.Join(zh, "、") + "数据不完整"}
	}
	what := facilityNames(cats)
	return t, []Gap{{GapFacility, strings.Join(ks, "+"), fmt.Sprintf("Whether %s hosts %s: %s.", c.Name, what.en, t.en)}}
}

func precisionZH(p zones.Precision) string {
	switch p {
	case zones.YearOnly:
		return "年"
	case zones.MonthOnly:
		return "月"
	}
	return "日"
}

// hypotheticalID is the id of the zone a hypothesis assumes.
const hypotheticalID = "\x00hypothetical"

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
	h := b.hypo
	assumed := h != nil && (h.city.Code == c.Code || c.Contains(h.city) && h.present)
	pres := zones.Absent
	var counted []zones.Category
	for _, cat := range cats {
		if assumed && slices.Contains(h.cats, cat) {
			if h.present {
				return zones.Zone{ID: hypotheticalID, Name: h.city.Name, Category: cat, City: h.city.Code, Verified: true}, zones.Present
			}
			continue
		}
		if cat == zones.SpecialRegime {
			continue // see statutoryCats
		}
		if b.reg.Hosts(c, cat, x) != zones.Absent {
			pres = zones.Unsure
		} else {
			counted = append(counted, cat)
		}
	}
	if pres == zones.Absent && h == nil {
		for _, cat := range counted {
			b.noteEvidence(c, cat, x)
		}
	}
	return zones.Zone{}, pres
}

// noteEvidence records, for the decision being made, the condition of the
// count that shows c hosts no zone of cat on day x: when the day is after
// the count's, or no source read confirms the count.
func (b *builder) noteEvidence(c zones.City, cat zones.Category, x cbec.Date) {
	n, ok := b.reg.Evidence(c, cat, x)
	if !ok {
		return
	}
	var t string
	switch {
	case n.Day.Before(x):
		t = fmt.Sprintf("That %s hosts no %s rests on a count of %s (%s); zones approved since are not reflected.", c.Name, cat, n.Day, n.ID)
	case !n.Verified:
		t = fmt.Sprintf("That %s hosts no %s rests on a count no source read confirms (%s).", c.Name, cat, n.ID)
	default:
		return
	}
	if !slices.Contains(b.evidence, t) {
		b.evidence = append(b.evidence, t)
	}
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
			mt = match{state: yes, name: text{d.Name, d.Name}, facility: b.city(d)}
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
	return match{state: maybe, name: text{d.Name, d.Name},
		maybe: textf("%[1]s is a province, and the rules apply city by city: ask about a city in it", "%[1]s是省级单位，相关规则按城市适用：请查询其中的城市", d.Name),
		gaps:  []Gap{{GapLevel, d.Code, d.Name + " is a province; the rules decide city by city."}}}
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
		mt := match{state: yes, name: text{d.Name, d.Name}, facility: u}
		if u.Level == zones.Province && !u.IsMunicipality() {
			// Hainan Island: the island's units, not 三沙 and not the province itself.
			if d.Code == u.Code {
				return match{state: maybe, name: mt.name, facility: d,
					maybe: textf("%[1]s is listed as %[2]s, which does not cover 三沙市; ask about a city on the island", "%[1]s以“%[2]s”列入名单，不含三沙市：请查询岛上的城市", d.Name, row.Name),
					gaps:  []Gap{{GapLevel, d.Code, d.Name + " is listed as " + row.Name + ", which does not cover 三沙市; the rules decide city by city."}}}
			}
			if !zones.OnHainanIsland(d) {
				continue
			}
			mt.name = textf("%[1]s (listed as %[2]s)", "%[1]s（以“%[2]s”列入）", d.Name, row.Name)
			mt.facility = b.city(d)
		}
		if !row.Sourced() {
			t := fmt.Sprintf("%s's place on the list of %s is not confirmed by a source read.", u.Name, info.Doc)
			mt.conds = append(mt.conds, t)
			mt.gaps = append(mt.gaps, Gap{GapUnverified, list + ":" + u.Code, t})
		}
		switch {
		case row.JoinUnknown, row.JoinedBy != 0 && ymd(x) < row.JoinedBy:
			mt.state = maybe
			mt.maybe = textf("the day %[1]s became a pilot city under %[2]s is not known", "%[1]s依%[2]s成为试点城市的日期不详", u.Name, info.Doc)
			mt.gaps = append(mt.gaps, Gap{GapJoinDate, list, fmt.Sprintf("The day %s joined list %s (%s) is not known.", u.Name, list, info.Doc)})
		case row.From.Prec != zonedata.Unknown && ymd(x) < row.From.Min:
			return match{state: no}
		case row.From.Prec != zonedata.Unknown && ymd(x) < row.From.Max():
			mt.state = maybe
			mt.maybe = textf("%[1]s became a pilot city under %[2]s in %[3]s, on a day not known", "%[1]s于%[3]s依%[2]s成为试点城市，具体日期不详", u.Name, info.Doc, row.From)
			mt.gaps = append(mt.gaps, Gap{GapJoinDate, list, fmt.Sprintf("%s joined list %s (%s) in %s, on a day not known.", u.Name, list, info.Doc, row.From)})
		}
		return mt
	}
	if b.province(d) {
		return provinceMaybe(d)
	}
	if info.Complete {
		return match{state: no}
	}
	name := text{d.Name, d.Name}
	return match{state: maybe, name: name, facility: b.city(d),
		maybe: text{strings.ReplaceAll(info.Unknown, "{city}", d.Name), strings.ReplaceAll(info.UnknownZH, "{city}", d.Name)},
		gaps:  []Gap{{GapList, list, fmt.Sprintf("Whether %s is on list %s (%s), whose members are not all known.", d.Name, list, info.Doc)}}}
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
		return match{state: yes, name: text{c.Name, c.Name}, facility: c, zone: &z}
	case zones.Absent:
		return match{state: no}
	}
	var unsure []zones.Category
	for _, cat := range cats {
		if b.reg.Hosts(c, cat, x) == zones.Unsure {
			unsure = append(unsure, cat)
		}
	}
	why, gaps := b.unsure(c, unsure, x)
	return match{state: maybe, name: text{c.Name, c.Name}, facility: c, gaps: gaps,
		maybe: textf("%[1]s surely hosts none of the five zone categories of 商财发〔2021〕39号 in the data, but %[2]s",
			"数据显示%[1]s确定不设商财发〔2021〕39号规定的五类区域中的任何一类，但%[3]s", c.Name, why.en, why.zh)}
}

// inCustoms matches d's customs district against a list of districts.
func (b *builder) inCustoms(list string, d zones.City) match {
	if b.province(d) {
		return provinceMaybe(d)
	}
	c := b.city(d)
	name := text{c.Name, c.Name}
	cu, ok := b.customs[c.Code]
	if !ok {
		return match{state: maybe, name: name, facility: c,
			maybe: textf("the customs district of %[1]s is not in the data", "数据中没有%[1]s所属的直属海关", c.Name),
			gaps:  []Gap{{GapCustoms, c.Code, "The customs district of " + c.Name + " is not in the data."}}}
	}
	mt := match{state: no, name: name, facility: c, district: cu.District}
	if cu.Verified != "yes" && cu.Verified != "inferred" {
		t := fmt.Sprintf("%s's customs district (%s) is not confirmed by a source read.", c.Name, cu.District)
		mt.conds = append(mt.conds, t)
		mt.gaps = append(mt.gaps, Gap{GapUnverified, "customs:" + c.Code, t})
	}
	row, ok := b.byName[listKey{list, cu.District}]
	if ok && row.Member {
		mt.state = yes
		if !row.Sourced() {
			t := fmt.Sprintf("%s's place on the list of %s is not confirmed by a source read.", cu.District, b.info[list].Doc)
			mt.conds = append(mt.conds, t)
			mt.gaps = append(mt.gaps, Gap{GapUnverified, list + ":" + row.City, t})
		}
	} else if !b.info[list].Complete {
		mt.state = maybe
		mt.maybe = text{strings.ReplaceAll(b.info[list].Unknown, "{city}", c.Name), strings.ReplaceAll(b.info[list].UnknownZH, "{city}", c.Name)}
		mt.gaps = append(mt.gaps, Gap{GapList, list, fmt.Sprintf("Whether %s (%s) is on list %s, whose members are not all known.", cu.District, c.Name, list)})
	}
	return mt
}
