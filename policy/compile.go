package policy

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/dates"
	"github.com/tradepolicy/cbec/internal/tsv"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// This file compiles the rules and facts into the engine's timelines: for
// each unit that has an answer of its own and each mode, the days on which
// the answer may change (the bounds), the rules in force on each (a sweep),
// the answer on each (eval.go), and the answers interned into spans.

// The widths of the engine's tables: outcome numbers (a span keeps the
// outcome's verdict in its top two bits), the ends of the basis, zone,
// condition and gap runs, the spans (32 bits), registry and slot indexes
// (16 bits).
const (
	outBits     = 30
	maxOutcomes = 1<<outBits - 1
	maxRange    = 1<<32 - 1
	maxUnits    = 1<<16 - 1
)

// ErrTooLarge is wrapped by the errors for data whose compiled tables would
// outgrow the engine's index widths.
var ErrTooLarge = errors.New("too large for the engine")

// minDay is the first day of the data (YYYYMMDD): the first span of every
// timeline is decided on it.
const minDay = 19900101

// newEngine reads the policy data of base amended by overlay, checks it
// against reg and compiles the engine.
func newEngine(reg *zones.Registry, base, overlay fs.FS) (*Engine, error) {
	if reg == nil {
		return nil, errors.New("policy: nil registry")
	}
	d, err := load(base, overlay)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if err := d.check(reg); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	e, err := compile(reg, d)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return e, nil
}

// A compiler builds an engine's tables.
type compiler struct {
	facts    *facts
	rules    []Rule
	modes    [numModes + 1]*ruleIndex
	e        *Engine
	srcIndex map[string]int // document → index into sources
	sources  []cbec.Source
	zoneIdx  map[string]uint32
	outKey   map[outcome]int
	runs     map[string][2]uint32
	// registerDays are the days of the registers and the days after them,
	// bounds of every timeline.
	registerDays []int32
}

// A ruleIndex holds the rules of one mode (indexes into the rules, in
// precedence order) by the units they may apply to: those that may apply
// anywhere, and those whose scope is only complete lists, which apply only
// to the units on the lists (and to provinces, answered "ask about a city").
type ruleIndex struct {
	general, listed []int
	byList          map[string][]int
}

// compile builds the engine of d over reg.
func compile(reg *zones.Registry, d *data) (*Engine, error) {
	c, err := newCompiler(reg, d)
	if err != nil {
		return nil, err
	}
	listed := map[string]bool{}
	for _, x := range d.lists {
		listed[x.city] = true
	}
	// The deciding units: every unit but the counties whose answer is their
	// city's (not listed themselves, and under a city).
	e := c.e
	n := reg.Len()
	e.slot = make([]uint16, n)
	var slots []zones.City
	slotOf := map[string]uint16{}
	for i := range n {
		u := reg.At(i)
		dec := c.decider(u, listed)
		s, ok := slotOf[dec.Code]
		if !ok {
			s = uint16(len(slots))
			slotOf[dec.Code] = s
			slots = append(slots, dec)
			e.slotUnit = append(e.slotUnit, uint16(reg.IndexOf(dec)))
		}
		e.slot[i] = s
	}
	e.spanOffs = make([]uint32, 0, len(slots)*numModes+1)
	// The answers of a batch of units are computed on every core, then
	// interned in order, so that the engine is the same however many
	// cores built it.
	const batch = 32
	workers := runtime.GOMAXPROCS(0)
	for lo := 0; lo < len(slots); lo += batch {
		hi := min(lo+batch, len(slots))
		answers := make([][numModes][]dayAnswer, hi-lo)
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(workers, hi-lo) {
			wg.Go(func() {
				for i := int(next.Add(1)) - 1; i < hi-lo; i = int(next.Add(1)) - 1 {
					for m := range trade.Modes() {
						answers[i][m-1] = c.answers(slots[lo+i], m)
					}
				}
			})
		}
		wg.Wait()
		for i := range answers {
			for m := range numModes {
				e.spanOffs = append(e.spanOffs, uint32(len(e.spans)))
				c.addSpans(answers[i][m])
			}
		}
	}
	e.spanOffs = append(e.spanOffs, uint32(len(e.spans)))
	if err := e.checkSize(); err != nil {
		return nil, err
	}
	return e, nil
}

// newCompiler returns a compiler of d over reg, with an engine of no
// timelines yet.
func newCompiler(reg *zones.Registry, d *data) (*compiler, error) {
	if reg.Len() > maxUnits {
		return nil, fmt.Errorf("%w: %d units in the registry, more than %d", ErrTooLarge, reg.Len(), maxUnits)
	}
	c := &compiler{
		facts: newFacts(reg, d), rules: d.rules,
		e:        &Engine{reg: reg, rules: d.rules, customs: d.customs},
		srcIndex: map[string]int{}, zoneIdx: map[string]uint32{},
		outKey: map[outcome]int{}, runs: map[string][2]uint32{},
	}
	for _, x := range d.docs {
		c.e.docs = append(c.e.docs, x.Source)
	}
	for g := range reg.Registers() {
		c.registerDays = append(c.registerDays, ymd(g.Day), ymd(g.Day.AddDays(1)))
	}
	i := uint32(0)
	for z := range reg.All() {
		c.zoneIdx[z.ID] = i
		i++
	}
	for m := range trade.Modes() {
		if err := c.checkInForce(m); err != nil {
			return nil, err
		}
		c.modes[m] = c.index(m)
	}
	return c, nil
}

// checkSize reports an error if e's tables outgrow their index widths.
func (e *Engine) checkSize() error {
	switch {
	case len(e.outcomes) > maxOutcomes:
		return fmt.Errorf("%w: %d distinct answers, more than %d", ErrTooLarge, len(e.outcomes), maxOutcomes)
	case len(e.basis) > maxRange, len(e.zones) > maxRange, len(e.conds) > maxRange, len(e.gaps) > maxRange, len(e.spans) > maxRange:
		return fmt.Errorf("%w: more than %d entries of bases, zones, conditions, gaps or spans", ErrTooLarge, uint32(maxRange))
	}
	return nil
}

// index returns the rule index of mode m.
func (c *compiler) index(m trade.Mode) *ruleIndex {
	ix := &ruleIndex{byList: map[string][]int{}}
	for i := range c.rules {
		r := &c.rules[i]
		switch {
		case !r.decides(m):
		case !c.onlyCompleteLists(r):
			ix.general = append(ix.general, i)
		default:
			ix.listed = append(ix.listed, i)
			for _, s := range r.Scope {
				if l := ix.byList[s.List]; len(l) == 0 || l[len(l)-1] != i {
					ix.byList[s.List] = append(l, i)
				}
			}
		}
	}
	return ix
}

// onlyCompleteLists reports whether every scope clause of r is a complete
// list: then r can apply only to the units on one of them (or to a
// province), and its dates cannot change the answers of other units.
func (c *compiler) onlyCompleteLists(r *Rule) bool {
	for _, s := range r.Scope {
		if s.Kind != ScopeList || !c.facts.info[s.List].complete {
			return false
		}
	}
	return true
}

// checkInForce checks that no more than maxRulesInForce rules of mode m are
// in force on any day.
func (c *compiler) checkInForce(m trade.Mode) error {
	type event struct {
		day   int32
		delta int
		rule  int
	}
	var evs []event
	for i, r := range c.rules {
		if r.decides(m) {
			evs = append(evs, event{ymd(r.Period.From), 1, i})
			if r.Period.Until.IsValid() {
				evs = append(evs, event{ymd(r.Period.Until), -1, i})
			}
		}
	}
	// On one day, ends come before starts: a rule ending on a day is not in
	// force on it.
	slices.SortFunc(evs, func(a, b event) int { return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.delta, b.delta)) })
	n := 0
	for _, e := range evs {
		if n += e.delta; n > maxRulesInForce {
			r := c.rules[e.rule]
			return fmt.Errorf("%s:%d: %s: %w: more than %d rules of %s in force on %s", r.file, r.line, r.ID, tsv.ErrLimit, maxRulesInForce, m.Code(), date(e.day))
		}
	}
	return nil
}

// decider returns the unit whose answer u takes: u itself, or the city it
// lies in.
func (c *compiler) decider(u zones.City, listed map[string]bool) zones.City {
	if u.Level != zones.County || listed[u.Code] {
		return u
	}
	p, ok := c.facts.reg.Parent(u)
	if !ok || !p.IsCity() {
		return u
	}
	return p
}

// timeline appends the spans of unit d and mode m: the answer on the first
// day of the data and on every day the answer may change.
func (c *compiler) timeline(d zones.City, m trade.Mode) { c.addSpans(c.answers(d, m)) }

// A dayAnswer is the answer from a day on (YYYYMMDD; 0 for the first).
type dayAnswer struct {
	from int32
	a    answer
}

// addSpans interns the answers of one timeline and appends its spans: one
// per run of days with the same outcome.
func (c *compiler) addSpans(as []dayAnswer) {
	e := c.e
	last := -1
	var prev *answer // the answer last interned, whose outcome is last
	for i := range as {
		x := &as[i]
		if prev != nil && sameAnswer(prev, &x.a) {
			continue // same outcome: most days a timeline is cut at change nothing
		}
		o := c.outcome(x.a)
		prev = &x.a
		if o == last {
			continue
		}
		e.spans = append(e.spans, span{x.from, uint32(e.outcomes[o].verdict)<<outBits | uint32(o)})
		last = o
	}
}

// sameAnswer reports whether a and b surely intern to the same outcome: they
// are equal field by field (zones by id, the mode's source by document
// number, as outcome reads them). TestSameAnswer fails when a field of
// answer goes uncompared.
func sameAnswer(a, b *answer) bool {
	sameSrc := a.modeSrc == b.modeSrc || a.modeSrc != nil && b.modeSrc != nil && a.modeSrc.Doc == b.modeSrc.Doc
	return a.verdict == b.verdict && a.rule == b.rule && sameSrc && a.reason == b.reason &&
		slices.Equal(a.docs, b.docs) && slices.Equal(a.conds, b.conds) && slices.Equal(a.gaps, b.gaps) &&
		slices.Equal(a.evidence, b.evidence) &&
		slices.EqualFunc(a.zones, b.zones, func(x, y zones.Zone) bool { return x.ID == y.ID })
}

// answers returns the answers of unit d and mode m on the first day of the
// data and on every day the answer may change. It only reads c, so that
// the units' answers can be computed at once.
func (c *compiler) answers(d zones.City, m trade.Mode) []dayAnswer {
	f := c.facts
	bounds := []int32{ymd(m.Introduced()), ymd(cbec.DataDate().AddDays(1))}
	chain := f.chain(d)
	// The rules that may apply to d: their days are d's bounds, and decide
	// sees only those in force on each day.
	ix := c.modes[m]
	rules := slices.Clone(ix.general)
	if province(d) {
		rules = append(rules, ix.listed...)
	}
	var lists []string // the lists with a row for d or a unit it lies in
	for _, u := range chain {
		for _, l := range f.byUnit[u.Code] {
			lists = append(lists, l.list)
			if l.from.Prec != dates.Unknown {
				bounds = append(bounds, l.from.Min, l.from.End())
			}
			if l.joinedBy != 0 {
				bounds = append(bounds, l.joinedBy)
			}
		}
	}
	if !province(d) {
		slices.Sort(lists)
		for _, l := range slices.Compact(lists) {
			rules = append(rules, ix.byList[l]...)
		}
		slices.Sort(rules)
		rules = slices.Compact(rules)
	}
	for _, i := range rules {
		r := &c.rules[i]
		bounds = append(bounds, ymd(r.Period.From))
		if r.Period.Until.IsValid() {
			bounds = append(bounds, ymd(r.Period.Until))
		}
	}
	// A count that covers d makes absence conclusive up to its day, and
	// after it with a condition naming the day.
	for n := range f.reg.Counts() {
		if n.Scope == zones.NationScope || slices.ContainsFunc(chain, func(u zones.City) bool { return u.Code == n.Scope }) {
			bounds = append(bounds, ymd(n.Day), ymd(n.Day.AddDays(1)))
		}
	}
	bounds = append(bounds, c.registerDays...)
	for z := range f.reg.Within(f.city(d)) {
		s, o := z.Sure(), z.SureOpen()
		for _, x := range []cbec.Date{z.Period.From, z.Period.Until, s.From, s.Until, z.Opened, o.From, z.GoneBy} {
			if x.IsValid() {
				bounds = append(bounds, ymd(x))
			}
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	// Each day is decided against the rules in force on it only: the others
	// would not apply, and skipping them keeps the build linear in the
	// rules.
	w := newSweep(c.rules, rules)
	out := make([]dayAnswer, 0, len(bounds)+1)
	out = append(out, dayAnswer{0, f.decide(w.on(minDay), d, m, date(minDay))})
	for _, x := range bounds {
		if x > minDay {
			out = append(out, dayAnswer{x, f.decide(w.on(x), d, m, date(x))})
		}
	}
	return out
}

// A sweep yields, day after day in increasing order, the rules in force:
// those of a set that start on or before the day and end after it, in
// precedence order. It takes O(n log n) to set up for n rules and, per day,
// time in the rules that start or end by then plus the rules in force.
type sweep struct {
	rules   []Rule
	starts  []int // rule indexes by start day
	ends    []int // rule indexes with an end, by end day
	in      []uint64
	lo, hi  int // the set bits of in lie in words lo..hi-1
	out     []*Rule
	changed bool
}

func newSweep(rules []Rule, idx []int) *sweep {
	w := &sweep{rules: rules, starts: idx, in: make([]uint64, len(rules)/64+1), lo: len(rules)/64 + 1}
	slices.SortStableFunc(w.starts, func(a, b int) int { return rules[a].Period.From.Compare(rules[b].Period.From) })
	for _, i := range idx {
		if rules[i].Period.Until.IsValid() {
			w.ends = append(w.ends, i)
		}
	}
	slices.SortStableFunc(w.ends, func(a, b int) int { return rules[a].Period.Until.Compare(rules[b].Period.Until) })
	return w
}

// on returns the rules in force on day x (YYYYMMDD), which is not before
// the day of the previous call.
func (w *sweep) on(x int32) []*Rule {
	for len(w.ends) > 0 && ymd(w.rules[w.ends[0]].Period.Until) <= x {
		i := w.ends[0]
		w.in[i/64] &^= 1 << (i % 64)
		w.ends, w.changed = w.ends[1:], true
	}
	for len(w.starts) > 0 && ymd(w.rules[w.starts[0]].Period.From) <= x {
		i := w.starts[0]
		if r := w.rules[i]; !r.Period.Until.IsValid() || x < ymd(r.Period.Until) {
			w.in[i/64] |= 1 << (i % 64)
			w.lo, w.hi = min(w.lo, i/64), max(w.hi, i/64+1)
		}
		w.starts, w.changed = w.starts[1:], true
	}
	if w.changed {
		w.out = w.out[:0]
		for k := w.lo; k < w.hi; k++ {
			for word := w.in[k]; word != 0; word &= word - 1 {
				w.out = append(w.out, &w.rules[k*64+bits.TrailingZeros64(word)])
			}
		}
		w.changed = false
	}
	return w.out
}

// source returns the index of the citation of document d.
func (c *compiler) source(d string) int {
	if i, ok := c.srcIndex[d]; ok {
		return i
	}
	c.sources = append(c.sources, c.facts.docs[d].Source)
	c.srcIndex[d] = len(c.sources) - 1
	return len(c.sources) - 1
}

// modeSource returns the index of the citation of the document that created
// a mode: its row of docs.tsv, or the mode's own citation.
func (c *compiler) modeSource(s cbec.Source) int {
	if _, ok := c.facts.docs[s.Doc]; ok {
		return c.source(s.Doc)
	}
	if i, ok := c.srcIndex[s.Doc]; ok {
		return i
	}
	c.sources = append(c.sources, s)
	c.srcIndex[s.Doc] = len(c.sources) - 1
	return len(c.sources) - 1
}

// outcome interns answer a and returns its index.
func (c *compiler) outcome(a answer) int {
	a.reason = a.reason.sentence()
	var basis []int
	if a.modeSrc != nil {
		basis = append(basis, c.modeSource(*a.modeSrc))
	}
	for _, d := range a.docs {
		basis = appendNew(basis, c.source(d))
	}
	var zs []uint32
	for _, z := range a.zones {
		zs = appendNew(zs, c.zoneIdx[z.ID])
	}
	conds := appendNew([]text(nil), a.conds...)
	var gaps []Gap
	for _, g := range a.gaps {
		gaps = appendNew(gaps, Gap{Kind: g.kind, Subject: g.subject, Text: g.text.en, TextZH: g.text.zh})
	}
	e := c.e
	srcs := make([]cbec.Source, len(basis))
	for i, b := range basis {
		srcs[i] = c.sources[b]
	}
	o := outcome{
		verdict:  a.verdict,
		basis:    intern(&e.basis, c.runs, "basis", srcs, func(s cbec.Source) string { return s.Doc }),
		zones:    intern(&e.zones, c.runs, "zones", zs, func(i uint32) string { return strconv.Itoa(int(i)) }),
		conds:    intern(&e.conds, c.runs, "conds", conds, func(t text) string { return t.en + "\x01" + t.zh }),
		gaps:     intern(&e.gaps, c.runs, "gaps", gaps, func(g Gap) string { return g.Kind.String() + "\x01" + g.Subject + "\x01" + g.Text + "\x01" + g.TextZH }),
		rule:     a.rule,
		reasonZH: a.reason.zh,
	}
	key := o
	if i, ok := c.outKey[key]; ok && e.reasons[i] == a.reason.en {
		return i
	}
	// Two answers that differ only in their English reason are rare;
	// keying by the reason too keeps them apart.
	key.rule += "\x00" + a.reason.en
	if i, ok := c.outKey[key]; ok {
		return i
	}
	e.outcomes = append(e.outcomes, o)
	e.reasons = append(e.reasons, a.reason.en)
	if _, ok := c.outKey[o]; !ok {
		c.outKey[o] = len(e.outcomes) - 1
	} else {
		c.outKey[key] = len(e.outcomes) - 1
	}
	return len(e.outcomes) - 1
}

// intern returns the range of *flat that holds vs, appending vs when no
// earlier run equals it; key names a value.
func intern[T any](flat *[]T, runs map[string][2]uint32, name string, vs []T, key func(T) string) [2]uint32 {
	if len(vs) == 0 {
		return [2]uint32{}
	}
	var b strings.Builder
	b.WriteString(name)
	for _, v := range vs {
		b.WriteByte(0)
		b.WriteString(key(v))
	}
	k := b.String()
	if r, ok := runs[k]; ok {
		return r
	}
	r := [2]uint32{uint32(len(*flat)), uint32(len(*flat) + len(vs))}
	*flat = append(*flat, vs...)
	runs[k] = r
	return r
}
