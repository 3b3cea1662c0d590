package policy

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"slices"
	"time"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/policydata"
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
	basis    []cbec.Source
	zones    []zones.Zone
	conds    []string
	outcomes []outcome
	slot     []uint16 // per registry unit: its deciding slot
	slotUnit []uint16 // per slot: the registry index of its deciding unit
	spanOffs []uint32 // per slot*numModes+mode-1: spans[spanOffs[k]:spanOffs[k+1]]
	spans    []span
}

// A span is a run of days with one outcome: from its first day (YYYYMMDD; 0
// for the first span of a timeline) to the next span's. A slot's spans are
// contiguous, so a decision reads one or two cache lines of them.
type span struct {
	from int32
	out  uint16
}

// An outcome is one distinct answer; its ranges index the engine's basis,
// zones and conds.
type outcome struct {
	verdict             Verdict
	basis, zones, conds [2]uint16
	reason              string
}

// numModes is the number of trade modes; Mode m's tables are at m-1.
const numModes = 7

// Default returns the engine of the embedded data.
func Default() *Engine { return &std }

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
func Extend(reg *zones.Registry, overlay fs.FS) (*Engine, error) {
	if reg == nil {
		reg = zones.Default()
	}
	return newEngine(reg, Data(), overlay)
}

//go:embed data/*.tsv
var data embed.FS

// Data returns the embedded policy data files (rules.tsv, docs.tsv,
// lists.tsv, listinfo.tsv, customs.tsv), the source of the embedded engine.
func Data() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // the embedded directory exists
	}
	return sub
}

func newEngine(reg *zones.Registry, base, overlay fs.FS) (*Engine, error) {
	if reg == nil {
		return nil, errors.New("policy: nil registry")
	}
	d, err := policydata.Load(base, overlay)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if policydata.NumModes != numModes {
		return nil, fmt.Errorf("policy: built for %d modes, trade has %d", numModes, policydata.NumModes)
	}
	t, err := policydata.Build(reg, d)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	e := &Engine{reg: reg, conds: t.Conditions, slot: t.Slot, slotUnit: t.SlotUnit, spanOffs: t.SpanOffs}
	for j, from := range t.SpanFrom {
		e.spans = append(e.spans, span{from, t.SpanOut[j]})
	}
	for _, i := range t.Basis {
		e.basis = append(e.basis, t.Sources[i])
	}
	for _, i := range t.Zones {
		e.zones = append(e.zones, reg.ZoneAt(i))
	}
	for _, o := range t.Outcomes {
		e.outcomes = append(e.outcomes, outcome{
			verdict: Verdict(o.Verdict), reason: o.Reason,
			basis: r16(o.Basis), zones: r16(o.Zones), conds: r16(o.Conditions),
		})
	}
	return e, nil
}

func r16(r [2]int) [2]uint16 { return [2]uint16{uint16(r[0]), uint16(r[1])} }

// Reasons for decisions on input the engine cannot decide.
const (
	reasonNoCity = "Unknown: the city is not in the registry."
	reasonNoDate = "Unknown: the date is not valid."
	reasonNoMode = "Unknown: the mode is not valid."
)

// Decide answers whether mode may be used for city c on day d. It never fails:
// a city not in the engine's registry, an invalid day or an invalid mode give
// an Unknown decision that says so. It does not allocate.
func (e *Engine) Decide(c zones.City, d cbec.Date, mode trade.Mode) Decision {
	i := e.registry().IndexOf(c)
	if i < 0 || !d.IsValid() || !mode.IsValid() {
		return invalid(c, d, mode, i)
	}
	o := e.find(i, mode, int32(d.YYYYMMDD()))
	return Decision{
		Verdict:     o.verdict,
		City:        e.reg.At(i),
		Date:        d,
		Mode:        mode,
		Basis:       e.basis[o.basis[0]:o.basis[1]:o.basis[1]],
		Zones:       e.zones[o.zones[0]:o.zones[1]:o.zones[1]],
		Conditions:  e.conds[o.conds[0]:o.conds[1]:o.conds[1]],
		Reason:      o.reason,
		DataVersion: cbec.DataVersion,
	}
}

// invalid answers a query the engine cannot decide.
func invalid(c zones.City, d cbec.Date, mode trade.Mode, i int) Decision {
	dec := Decision{City: c, Date: d, Mode: mode, DataVersion: cbec.DataVersion}
	switch {
	case i < 0:
		dec.Reason = reasonNoCity
	case !d.IsValid():
		dec.Reason = reasonNoDate
	default:
		dec.Reason = reasonNoMode
	}
	return dec
}

// find returns the outcome for registry unit i, mode and day (YYYYMMDD).
func (e *Engine) find(i int, mode trade.Mode, day int32) *outcome {
	k := int(e.slot[i])*numModes + int(mode) - 1
	lo, hi := int(e.spanOffs[k]), int(e.spanOffs[k+1])
	// The last span starting on or before day; the first starts at 0.
	for lo+1 < hi {
		m := int(uint(lo+hi) >> 1)
		if e.spans[m].from <= day {
			lo = m
		} else {
			hi = m
		}
	}
	return &e.outcomes[e.spans[lo].out]
}

func (e *Engine) fill(dec *Decision, o *outcome) {
	dec.Verdict = o.verdict
	dec.Reason = o.reason
	dec.Basis = e.basis[o.basis[0]:o.basis[1]:o.basis[1]]
	if o.zones[1] > o.zones[0] {
		dec.Zones = e.zones[o.zones[0]:o.zones[1]:o.zones[1]]
	}
	if o.conds[1] > o.conds[0] {
		dec.Conditions = e.conds[o.conds[0]:o.conds[1]:o.conds[1]]
	}
}

func ymd(d cbec.Date) int32 { return int32(d.YYYYMMDD()) }

// Permitted resolves city with the engine's registry (see [zones.Lookup])
// and decides. It returns an error only for bad input: an unknown or
// ambiguous city (wrapping [zones.ErrUnknownCity] or
// [zones.ErrAmbiguousCity]), an invalid date (wrapping [cbec.ErrInvalidDate])
// or an invalid mode (wrapping [trade.ErrUnknownMode]). It does not allocate
// when the city is found.
func (e *Engine) Permitted(city string, date cbec.Date, mode trade.Mode) (Decision, error) {
	if !date.IsValid() {
		return Decision{}, fmt.Errorf("policy: %w: the zero Date", cbec.ErrInvalidDate)
	}
	if !mode.IsValid() {
		return Decision{}, fmt.Errorf("policy: %w: %v", trade.ErrUnknownMode, mode)
	}
	c, err := e.registry().Lookup(city)
	if err != nil {
		return Decision{}, err
	}
	return e.Decide(c, date, mode), nil
}

// History returns every span of c's timeline for mode, from the first day
// of the data to the open-ended last span, Denied ones included.
func (e *Engine) History(c zones.City, mode trade.Mode) []Span {
	i := e.registry().IndexOf(c)
	if i < 0 || !mode.IsValid() {
		return nil
	}
	c = e.reg.At(i)
	k := int(e.slot[i])*numModes + int(mode) - 1
	lo, hi := int(e.spanOffs[k]), int(e.spanOffs[k+1])
	spans := make([]Span, 0, hi-lo)
	for j := lo; j < hi; j++ {
		s := Span{Period: cbec.Period{From: date(e.spans[j].from)}}
		if j+1 < hi {
			s.Period.Until = date(e.spans[j+1].from)
		}
		s.Decision = Decision{City: c, Date: s.Period.From, Mode: mode, DataVersion: cbec.DataVersion}
		e.fill(&s.Decision, &e.outcomes[e.spans[j].out])
		s.Verdict = s.Decision.Verdict
		spans = append(spans, s)
	}
	return spans
}

// Timeline returns the periods in which mode was permitted, or in which the
// data cannot tell, for c: the spans of [Engine.History] that are not Denied,
// each with its decision and basis.
//
// A span that would run past [cbec.DataVersion] is cut the day after it:
// the later span answers from the latest known rules and says so in its
// Conditions.
func (e *Engine) Timeline(c zones.City, mode trade.Mode) []Span {
	return slices.DeleteFunc(e.History(c, mode), func(s Span) bool { return s.Verdict == Denied })
}

// Cities yields, in code order, every city for which mode is permitted on
// day d: prefecture-level cities, municipalities, and the county-level units
// the rules name or that stand directly under a province (义乌, 平潭, 济源 …).
// Districts and counties inside a permitted city are not listed separately.
func (e *Engine) Cities(d cbec.Date, mode trade.Mode) iter.Seq[zones.City] {
	return func(yield func(zones.City) bool) {
		for i := range e.decidingUnits() {
			if d.IsValid() && mode.IsValid() && e.find(i, mode, ymd(d)).verdict == Allowed {
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
// Basis names the document that changed it.
func (e *Engine) Changes(from, to cbec.Date, mode trade.Mode) []Change {
	if !from.IsValid() || !to.IsValid() || !mode.IsValid() {
		return nil
	}
	var out []Change
	for i := range e.decidingUnits() {
		a, b := e.find(i, mode, ymd(from)), e.find(i, mode, ymd(to))
		if a.verdict == b.verdict {
			continue
		}
		c := e.reg.At(i)
		ch := Change{City: c,
			Before: Decision{City: c, Date: from, Mode: mode, DataVersion: cbec.DataVersion},
			After:  Decision{City: c, Date: to, Mode: mode, DataVersion: cbec.DataVersion}}
		e.fill(&ch.Before, a)
		e.fill(&ch.After, b)
		out = append(out, ch)
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
func Decide(c zones.City, date cbec.Date, mode trade.Mode) Decision { return std.Decide(c, date, mode) }

// Timeline returns the periods in which mode was permitted (or unknown) for
// c; see [Engine.Timeline].
func Timeline(c zones.City, mode trade.Mode) []Span { return std.Timeline(c, mode) }

// History returns every span of c's timeline for mode; see [Engine.History].
func History(c zones.City, mode trade.Mode) []Span { return std.History(c, mode) }

// Cities yields every city for which mode is permitted on date; see
// [Engine.Cities].
func Cities(date cbec.Date, mode trade.Mode) iter.Seq[zones.City] { return std.Cities(date, mode) }

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

// zonesAt returns the zones of reg at the given positions.
func zonesAt(reg *zones.Registry, idx []uint16) []zones.Zone {
	zs := make([]zones.Zone, len(idx))
	for i, x := range idx {
		zs[i] = reg.ZoneAt(int(x))
	}
	return zs
}
