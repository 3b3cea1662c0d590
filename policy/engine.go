package policy

import (
	"embed"
	"fmt"
	"io/fs"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// An Engine decides queries over one set of zones and rules. The package
// functions use the embedded one, [Default]; [NewEngine] builds one from a
// program's own data. An Engine is immutable and safe for concurrent use.
//
// Every decision is precomputed: an Engine holds, for each city and mode, the
// spans of days over which the answer stays the same, so a decision is a
// binary search over a handful of spans.
type Engine struct {
	reg      *zones.Registry
	rules    []Rule
	docs     []cbec.Source // the documents of docs.tsv
	basis    []cbec.Source
	zones    []uint32 // indexes into the registry's zones ([zones.Registry.ZoneAt])
	conds    []text
	gaps     []Gap
	customs  []District // sorted by city code
	outcomes []outcome
	reasons  []string // per outcome: its reason, apart from the rest for the hot path
	slot     []uint16 // per registry unit: its deciding slot
	slotUnit []uint16 // per slot: the registry index of its deciding unit
	spanOffs []uint32 // per slot*numModes+mode-1: spans[spanOffs[k]:spanOffs[k+1]]
	spans    []span

	// ambiguities keeps each ambiguous name's gap once made (see
	// Decision.ambiguity): nameUnit → *Gap. A zones.Name is one of the
	// registry's lookup keys, with a qualifier, and resolves to one unit:
	// it holds at most one gap a Name.
	ambiguities sync.Map
}

// A span is a run of days with one outcome: from its first day (YYYYMMDD; 0
// for the first span of a timeline) to the next span's. A slot's spans are
// contiguous, so a decision reads one or two cache lines of them. The
// outcome's verdict is kept in the top bits of out, so that a decision's
// verdict needs no other read.
type span struct {
	from int32
	out  uint32 // verdict<<outBits | outcome index
}

// An outcome is one distinct answer; its ranges index the engine's basis,
// zones, conds and gaps.
type outcome struct {
	verdict                   Verdict
	basis, zones, conds, gaps [2]uint32
	rule, reasonZH            string
}

// numModes is the number of trade modes; Mode m's tables are at m-1.
const numModes = 7

// Default returns the engine of the embedded data.
func Default() *Engine { return std }

// Registry returns the zones and cities e decides over.
func (e *Engine) Registry() *zones.Registry { return e.registry() }

// registry returns e's registry; the zero Engine has an empty one and
// answers every query as not in its registry.
func (e *Engine) registry() *zones.Registry {
	if e.reg == nil {
		return &empty
	}
	return e.reg
}

var empty zones.Registry

// NewEngine builds an engine from a zone registry (see [zones.Load]) and a
// directory of policy data in the format of the embedded policy/data: rules.tsv,
// docs.tsv, lists.tsv, listinfo.tsv and customs.tsv. It validates everything
// first and changes nothing on error; the error names the file and line.
// A nil policyData is an error.
//
// The data must keep within limits, each checked with an error naming the
// file, the line and the limit (policy/data/README.md lists them): a file of
// at most 64 MiB, 1,000,000 records and 64 columns, a line of at most
// 16 KiB and a field (a reason, say) of at most 4 KiB; per rule at most 16
// documents, 16 scope clauses and 32 conditions, and at most 256 rules of a
// mode in force on one day; dates from 1990-01-01 to 2100-12-31. Data whose compiled tables would outgrow the engine's index
// widths is rejected too, never answered wrongly.
func NewEngine(reg *zones.Registry, policyData fs.FS) (*Engine, error) {
	return newEngine(reg, policyData, nil)
}

// Extend builds an engine on reg (the embedded registry if reg is nil; see
// [zones.Extend] to amend the zones) from the embedded policy data amended by
// the files in overlay, which have the names and columns of the embedded ones
// (see [Data]). An overlay row replaces the embedded row with the same key (a
// rule's id, a document's number, a list member's list, code and name) or is
// added; added rules take precedence over the embedded ones. It validates
// everything and changes nothing on error.
//
// An engine on a registry of [zones.Extend] with no policy overlay is built
// from the embedded one: only the units whose zones or counts the zone
// overlay changed (and those above and below them) are decided again, so a
// one-row overlay costs milliseconds, not a full build. Its answers are
// those a full build would give.
func Extend(reg *zones.Registry, overlay fs.FS) (*Engine, error) {
	if reg == nil {
		reg = zones.Default()
	}
	if overlay == nil {
		if e, ok, err := std.rebuild(reg); ok {
			if err != nil {
				return nil, fmt.Errorf("policy: %w", err)
			}
			return e, nil
		}
	}
	return newEngine(reg, Data(), overlay)
}

//go:embed data/*.tsv
var dataFS embed.FS

// Data returns the embedded policy data files (rules.tsv, docs.tsv,
// lists.tsv, listinfo.tsv, customs.tsv), the source of the embedded engine.
func Data() fs.FS {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		panic(err) // the embedded directory exists
	}
	return sub
}

// Decide answers whether mode may be used for city c on day d. It never fails:
// a city not in the engine's registry, an invalid day or an invalid mode give
// an Unknown decision whose gap says so. It does not allocate.
func (e *Engine) Decide(c zones.City, d cbec.Date, mode trade.Mode) Decision {
	return e.decide(&c, d, mode) // c by address: Decide inlines, and decide copies no City
}

func (e *Engine) decide(c *zones.City, d cbec.Date, mode trade.Mode) Decision {
	i := e.registry().Index(c)
	switch {
	case i < 0:
		return Decision{e: e, q: asked{codeNumber(c.Code), ymd(d)}, a: answered{mode: mode, kind: noCity}}
	case !d.IsValid():
		return Decision{e: e, q: asked{unit: int32(i)}, a: answered{mode: mode, kind: noDate}}
	case !mode.IsValid():
		return Decision{e: e, q: asked{int32(i), ymd(d)}, a: answered{kind: noMode}}
	}
	return Decision{e: e, q: asked{int32(i), ymd(d)}, a: answered{e.find(i, mode, ymd(d)), mode, decided}}
}

// find returns the outcome for registry unit i, mode and day (YYYYMMDD),
// with its verdict in the top bits (see span).
func (e *Engine) find(i int, mode trade.Mode, day int32) uint32 {
	k := int(e.slot[i])*numModes + int(mode) - 1
	spans := e.spans[e.spanOffs[k]:e.spanOffs[k+1]]
	// The last span starting on or before day; the first starts at 0. The
	// search halves the range without a branch on the comparison (the
	// compiler makes the step a conditional move), so that a day in an
	// unpredictable span costs no mispredicted branch.
	base, n := 0, len(spans)
	for n > 1 {
		half := n / 2
		if spans[base+half].from <= day {
			base += half
		}
		n -= half
	}
	return spans[base].out
}

// at returns the decision of registry unit i on day d from span outcome o.
func (e *Engine) at(i int, d cbec.Date, mode trade.Mode, o uint32) Decision {
	return Decision{e: e, q: asked{int32(i), ymd(d)}, a: answered{o, mode, decided}}
}

func ymd(d cbec.Date) int32 { return int32(d.YYYYMMDD()) }

// Permitted resolves city with the engine's registry (see [zones.Lookup])
// and decides. It returns an error only for bad input: an unknown or
// ambiguous city (wrapping [zones.ErrUnknownCity] or
// [zones.ErrAmbiguousCity]), an invalid date (wrapping [cbec.ErrInvalidDate])
// or an invalid mode (wrapping [trade.ErrUnknownMode]).
//
// When the name could also mean other units and the rank rule of
// [zones.Lookup] chose (朝阳 is 朝阳市 in Liaoning, but could be 朝阳区 in
// Beijing), the decision carries a gap of kind [GapAmbiguousName] naming
// them. It does not allocate when the city is found.
func (e *Engine) Permitted(city string, date cbec.Date, mode trade.Mode) (Decision, error) {
	if !date.IsValid() {
		return Decision{}, fmt.Errorf("policy: %w: the zero Date", cbec.ErrInvalidDate)
	}
	if !mode.IsValid() {
		return Decision{}, fmt.Errorf("policy: %w: %v", trade.ErrUnknownMode, mode)
	}
	c, name, err := e.registry().ResolveName(city)
	if err != nil {
		return Decision{}, err
	}
	d := e.decide(&c, date, mode)
	if !name.IsZero() {
		d.name, d.a.kind = name, ambiguous
	}
	return d, nil
}

// History returns every span of c's timeline for mode, from the first day
// of the data to the open-ended last span, Denied ones included. Consecutive
// spans with the same verdict and reason are merged; each span's Decision is
// the one on its first day (for the first span, which has no start, the
// first day of the data, 1990-01-01).
func (e *Engine) History(c zones.City, mode trade.Mode) []Span {
	i := e.registry().IndexOf(c)
	if i < 0 || !mode.IsValid() {
		return nil
	}
	k := int(e.slot[i])*numModes + int(mode) - 1
	lo, hi := int(e.spanOffs[k]), int(e.spanOffs[k+1])
	spans := make([]Span, 0, hi-lo)
	for j := lo; j < hi; j++ {
		o := &e.outcomes[e.spans[j].out&(1<<outBits-1)]
		if n := len(spans); n > 0 {
			if p := spans[n-1].Decision; p.Verdict() == o.verdict && p.Reason() == e.reasons[e.spans[j].out&(1<<outBits-1)] {
				continue
			}
			spans[n-1].Period.Until = date(e.spans[j].from)
		}
		from, on := date(e.spans[j].from), date(e.spans[j].from)
		if !on.IsValid() {
			on = date(minDay) // the first span: decided on the first day of the data
		}
		spans = append(spans, Span{Period: cbec.Period{From: from}, Verdict: o.verdict,
			Decision: e.at(i, on, mode, e.spans[j].out)})
	}
	return spans
}

// Timeline returns the periods in which mode was permitted, or in which the
// data cannot tell, for c: the spans of [Engine.History] that are not Denied,
// each with its decision and basis.
//
// Days after [cbec.DataVersion] answer from the latest known rules; their
// decisions (see [Engine.Decide]) say so in their Conditions and Gaps.
func (e *Engine) Timeline(c zones.City, mode trade.Mode) []Span {
	return slices.DeleteFunc(e.History(c, mode), func(s Span) bool { return s.Verdict == Denied })
}

// Cities yields, in code order, every city for which mode is permitted on
// day d: prefecture-level cities, municipalities, and the county-level units
// the rules name or that stand directly under a province (义乌, 平潭, 济源 …).
// Districts and counties inside a permitted city are not listed separately.
func (e *Engine) Cities(d cbec.Date, mode trade.Mode) iter.Seq[zones.City] {
	return e.CitiesBy(d, mode, Allowed)
}

// CitiesBy yields, in code order, every unit of [Engine.Units] whose verdict
// for mode on day d is v: with Unknown, the cities an operations team has
// to settle. It yields nothing for an invalid day or mode.
func (e *Engine) CitiesBy(d cbec.Date, mode trade.Mode, v Verdict) iter.Seq[zones.City] {
	return func(yield func(zones.City) bool) {
		if !d.IsValid() || !mode.IsValid() {
			return
		}
		for i := range e.decidingUnits() {
			if Verdict(e.find(i, mode, ymd(d))>>outBits) == v {
				if !yield(e.reg.At(i)) {
					return
				}
			}
		}
	}
}

// Units yields, in code order, the units that have an answer of their own:
// prefecture-level cities, municipalities, and the county-level units the
// rules name or that stand directly under a province. Every other county or
// district takes the answer of the city it lies in. These are the units
// [Engine.Cities] and [Engine.Changes] report.
func (e *Engine) Units() iter.Seq[zones.City] {
	return func(yield func(zones.City) bool) {
		for i := range e.decidingUnits() {
			if !yield(e.reg.At(i)) {
				return
			}
		}
	}
}

// decidingUnits yields the registry indexes of the units that are decided on
// their own and are not provinces (other than the municipalities).
func (e *Engine) decidingUnits() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range e.slot {
			if int(e.slotUnit[e.slot[i]]) != i {
				continue
			}
			if c := e.reg.At(i); c.Level == zones.Province && !c.IsMunicipality() {
				continue
			}
			if !yield(i) {
				return
			}
		}
	}
}

// Changes returns the cities (as in [Engine.Cities]) whose verdict for mode
// differs between days from and to, with both decisions: the later one's
// Basis names the document that changed it. When from is after to the two
// are swapped, so that Before is always the earlier day.
func (e *Engine) Changes(from, to cbec.Date, mode trade.Mode) []Change {
	if !from.IsValid() || !to.IsValid() || !mode.IsValid() {
		return nil
	}
	if from.After(to) {
		from, to = to, from
	}
	var out []Change
	for i := range e.decidingUnits() {
		a, b := e.find(i, mode, ymd(from)), e.find(i, mode, ymd(to))
		if a>>outBits == b>>outBits {
			continue
		}
		out = append(out, Change{City: e.reg.At(i), Before: e.at(i, from, mode, a), After: e.at(i, to, mode, b)})
	}
	return out
}

// Package functions over the embedded engine.

// Permitted resolves city with [zones.Lookup] and decides whether mode may be
// used there on date; see [Engine.Permitted].
func Permitted(city string, date cbec.Date, mode trade.Mode) (Decision, error) {
	return std.Permitted(city, date, mode)
}

// Decide decides whether mode may be used for c on date; see [Engine.Decide].
func Decide(c zones.City, date cbec.Date, mode trade.Mode) Decision {
	return std.decide(&c, date, mode) // c by address: a second copy of the City would cost more than the search
}

// Timeline returns the periods in which mode was permitted (or unknown) for
// c; see [Engine.Timeline].
func Timeline(c zones.City, mode trade.Mode) []Span { return std.Timeline(c, mode) }

// History returns every span of c's timeline for mode; see [Engine.History].
func History(c zones.City, mode trade.Mode) []Span { return std.History(c, mode) }

// Cities yields every city for which mode is permitted on date; see
// [Engine.Cities].
func Cities(date cbec.Date, mode trade.Mode) iter.Seq[zones.City] { return std.Cities(date, mode) }

// CitiesBy yields every unit whose verdict for mode on date is v; see
// [Engine.CitiesBy].
func CitiesBy(date cbec.Date, mode trade.Mode, v Verdict) iter.Seq[zones.City] {
	return std.CitiesBy(date, mode, v)
}

// Units yields the units that have an answer of their own; see
// [Engine.Units].
func Units() iter.Seq[zones.City] { return std.Units() }

// Changes returns the cities whose verdict for mode changed between two days;
// see [Engine.Changes].
func Changes(from, to cbec.Date, mode trade.Mode) []Change { return std.Changes(from, to, mode) }

// date converts a YYYYMMDD number of the tables to a Date (0 to the zero
// Date).
func date(v int32) cbec.Date {
	if v == 0 {
		return cbec.Date{}
	}
	return cbec.MakeDate(int(v/10000), time.Month(v/100%100), int(v%100))
}
