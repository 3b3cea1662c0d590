package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// A Decision answers whether a mode may be used for a city on a day, and
// why. It is a small immutable value, like [net/netip.Addr]: plain indexes
// into the engine that made it, four words at most, so that it is returned,
// copied and compared like an int. Two decisions are == when they are for
// the same unit, day and mode by the same engine, and resolved the city's
// name the same way (see [zones.Name]), whatever spelling was typed. The
// zero Decision is Unknown and decides nothing.
//
// Nothing a caller does with what its methods return changes the engine or
// another decision. The accessors that return slices (Basis, Zones,
// Conditions, Gaps …) return the caller's own copies and allocate; the
// others do not.
type Decision struct {
	// Four fields of at most four words in all: the compiler keeps a value
	// of at most four fields, each small, in registers.
	e    *Engine
	q    asked
	a    answered
	name zones.Name // for a name that could mean other units: how it resolved
}

// asked is what a Decision was asked about.
type asked struct {
	unit int32 // the registry index of the city; for a city not in it, its six-digit code as a number (0 when it has none)
	day  int32 // YYYYMMDD
}

// answered is what a Decision answers.
type answered struct {
	out  uint32 // the span's outcome: verdict<<outBits | outcome index
	mode trade.Mode
	kind kind
}

// kind says what a Decision decided.
type kind uint8

const (
	none      kind = iota // the zero Decision
	decided               // an outcome of the engine
	ambiguous             // decided, for a name that could also mean other units
	noCity                // the city is not in the registry
	noDate                // the date is not valid
	noMode                // the mode is not valid
)

// codeNumber returns a six-digit code as a number, or 0 when code is not
// six digits.
func codeNumber(code string) int32 {
	if len(code) != 6 {
		return 0
	}
	n := int32(0)
	for i := 0; i < 6; i++ {
		if code[i] < '0' || code[i] > '9' {
			return 0
		}
		n = n*10 + int32(code[i]-'0')
	}
	return n
}

// index returns the outcome's index.
func (d Decision) index() uint32 { return d.a.out & (1<<outBits - 1) }

// Verdict is Allowed, Denied or Unknown (the data cannot decide; see
// [Decision.Gaps]).
func (d Decision) Verdict() Verdict { return Verdict(d.a.out >> outBits) }

// Permitted reports whether the verdict is Allowed.
func (d Decision) Permitted() bool { return d.Verdict() == Allowed }

// City returns the city decided for: the registry's unit. For a city not in
// the registry it returns a City holding only the code asked about, when
// that is a six-digit code, and the zero City otherwise.
func (d Decision) City() zones.City {
	switch d.a.kind {
	case none:
		return zones.City{}
	case noCity:
		if d.q.unit == 0 {
			return zones.City{}
		}
		return zones.City{Code: fmt.Sprintf("%06d", d.q.unit)}
	}
	return d.e.registry().At(int(d.q.unit))
}

// Date returns the day decided for.
func (d Decision) Date() cbec.Date { return date(d.q.day) }

// Mode returns the mode decided for.
func (d Decision) Mode() trade.Mode { return d.a.mode }

// outcome returns d's outcome, or nil when the engine decided nothing.
func (d Decision) outcome() *outcome {
	if d.a.kind != decided && d.a.kind != ambiguous {
		return nil
	}
	return &d.e.outcomes[d.index()]
}

// Basis returns the documents the verdict rests on, the deciding one first:
// the first is a document of the rule cited ([Decision.Rule]).
func (d Decision) Basis() []cbec.Source {
	o := d.outcome()
	if o == nil {
		return nil
	}
	out := slices.Clone(d.e.basis[o.basis[0]:o.basis[1]])
	for i := range out {
		out[i] = cloneSource(out[i])
	}
	return out
}

// Docs returns the document numbers of [Decision.Basis], in its order: what
// a log line or a spreadsheet cell names. It copies none of the sources.
func (d Decision) Docs() []string {
	o := d.outcome()
	if o == nil || o.basis[0] == o.basis[1] {
		return nil
	}
	out := make([]string, 0, o.basis[1]-o.basis[0])
	for _, s := range d.e.basis[o.basis[0]:o.basis[1]] {
		out = append(out, s.Doc)
	}
	return out
}

// Zones returns the zones that qualify the city: the zone that makes it a
// pilot, and the special area or type-B center that bonded import needs.
func (d Decision) Zones() []zones.Zone {
	o := d.outcome()
	if o == nil || o.zones[0] == o.zones[1] {
		return nil
	}
	reg := d.e.registry()
	out := make([]zones.Zone, 0, o.zones[1]-o.zones[0])
	for _, i := range d.e.zones[o.zones[0]:o.zones[1]] {
		z := reg.ZoneAt(int(i))
		z.Source = cloneSource(z.Source)
		out = append(out, z)
	}
	return out
}

// Conditions returns, in English, what the law still requires that the data
// cannot check (customs confirmation, a site connected to customs' system),
// the facts the verdict rests on that no source read confirms, and the
// evidence of absence it rests on when that evidence is older than the day
// (a count of zones, with its day).
func (d Decision) Conditions() []string { return d.conditions(func(t text) string { return t.en }) }

// ConditionsZH returns the conditions in Chinese, one for one with
// [Decision.Conditions].
func (d Decision) ConditionsZH() []string { return d.conditions(func(t text) string { return t.zh }) }

func (d Decision) conditions(lang func(text) string) []string {
	o := d.outcome()
	if o == nil || o.conds[0] == o.conds[1] {
		return nil
	}
	out := make([]string, 0, o.conds[1]-o.conds[0])
	for _, t := range d.e.conds[o.conds[0]:o.conds[1]] {
		out = append(out, lang(t))
	}
	return out
}

// Gaps returns what the data cannot tell: at least one gap for an Unknown
// decision, and, on an Allowed or Denied one, the unverified facts it rests
// on or the other units the city's name could mean.
func (d Decision) Gaps() []Gap {
	switch d.a.kind {
	case none:
		return []Gap{newGap(GapInvalid, "decision", gapZeroDecision)}
	case noCity:
		code := d.City().Code
		return []Gap{newGap(GapNotInRegistry, code, gapNotInRegistry.with(strconv.Quote(code)))}
	case noDate:
		return []Gap{newGap(GapInvalid, "date", gapInvalidDate)}
	case noMode:
		return []Gap{newGap(GapInvalid, "mode", gapInvalidMode)}
	}
	o := d.outcome()
	out := slices.Clone(d.e.gaps[o.gaps[0]:o.gaps[1]])
	if d.a.kind == ambiguous {
		if g, ok := d.ambiguity(); ok {
			out = append(out, g)
		}
	}
	return out
}

// A nameUnit is an ambiguous name with the unit it resolved to.
type nameUnit struct {
	name zones.Name
	unit int32
}

// ambiguity returns the gap of a name that could also mean units other than
// the one decided for. The engine keeps each name's gap, which depends on
// its registry only, after the first time.
func (d Decision) ambiguity() (Gap, bool) {
	k := nameUnit{d.name, d.q.unit}
	if g, ok := d.e.ambiguities.Load(k); ok {
		g := g.(*Gap)
		return *g, g.Kind != 0
	}
	g, ok := d.makeAmbiguity()
	if !ok {
		g = Gap{}
	}
	d.e.ambiguities.Store(k, &g)
	return g, ok
}

// makeAmbiguity makes the gap ambiguity returns.
func (d Decision) makeAmbiguity() (Gap, bool) {
	reg := d.e.registry()
	c := d.City()
	var codes []string
	var names []text
	for _, u := range reg.Meanings(d.name) {
		if u.Code == c.Code {
			continue
		}
		codes = append(codes, u.Code)
		n := text{u.Name + " (" + u.Code, u.Name + "（" + u.Code}
		if p, ok := reg.Parent(u); ok {
			n.en += ", in " + p.Name
			n.zh += "，" + p.Name
		}
		n.en += ")"
		n.zh += "）"
		names = append(names, n)
	}
	if len(codes) == 0 {
		return Gap{}, false
	}
	return newGap(GapAmbiguousName, strings.Join(codes, ","),
		gapAmbiguous.with(quote(reg.Spelling(d.name)), joinTexts(names, text{", ", "、"}), c.String())), true
}

// Rule returns the id of the row of policy/data/rules.tsv that decided: a
// rule in force on the day (for an Unknown decision, the rule in question,
// if any). [Engine.Rule] returns the rule itself.
func (d Decision) Rule() string {
	if o := d.outcome(); o != nil {
		return o.rule
	}
	return ""
}

// Reason returns one English sentence naming the documents and, where
// relevant, the zone; it does not repeat the verdict.
func (d Decision) Reason() string {
	if o := d.outcome(); o != nil {
		return d.e.reasons[d.index()]
	}
	return d.noReason().en
}

// ReasonZH returns the reason in Chinese.
func (d Decision) ReasonZH() string {
	if o := d.outcome(); o != nil {
		return o.reasonZH
	}
	return d.noReason().zh
}

// noReason is the reason of a decision the engine did not look up.
func (d Decision) noReason() text {
	switch d.a.kind {
	case noCity:
		return reasonNotInReg
	case noDate:
		return reasonBadDate
	case noMode:
		return reasonBadMode
	}
	return reasonZero
}

// DataVersion returns the data version the decision came from, so that a
// stored decision can be replayed against the same data.
func (d Decision) DataVersion() string { return cbec.DataVersion }

// String returns the city, day, mode, verdict and reason:
// "杭州市 (330100) 2019-03-01 1210 allowed: 杭州市 is …".
func (d Decision) String() string {
	var b strings.Builder
	if c := d.City(); c.Name != "" {
		b.WriteString(c.String())
		b.WriteByte(' ')
	} else if c.Code != "" {
		b.WriteString(c.Code)
		b.WriteByte(' ')
	}
	if day := d.Date(); day.IsValid() {
		b.WriteString(day.String())
		b.WriteByte(' ')
	}
	if d.a.mode.IsValid() {
		b.WriteString(d.a.mode.Code())
		b.WriteByte(' ')
	}
	b.WriteString(d.Verdict().String())
	b.WriteString(": ")
	b.WriteString(d.Reason())
	return b.String()
}

// MarshalJSON returns the decision as a JSON object, the form of its
// [Record]: the keys verdict, city, date, mode, basis, zones, conditions,
// conditions_zh, gaps, rule, reason, reason_zh and data_version. It never
// fails.
func (d Decision) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.Record())
}

// ErrDecisionJSON is returned by [Decision.UnmarshalJSON]: a Decision is
// made by an engine, not read back.
var ErrDecisionJSON = errors.New("policy: a Decision cannot be read from JSON; read a stored decision into a policy.Record")

// UnmarshalJSON returns [ErrDecisionJSON]: a Decision holds indexes into
// the engine that made it, which JSON does not carry. Read a stored
// decision into a [Record].
func (d *Decision) UnmarshalJSON([]byte) error { return ErrDecisionJSON }

// A Record is a decision as it is stored: every field of its JSON as a
// plain value. [Decision.Record] makes one; it marshals to the same JSON as
// the Decision, and json.Unmarshal reads a stored decision back into one.
// Its slices are never nil (they marshal as [], not null). DataVersion says
// which data decided: replay the record against an engine of the same data
// to get the Decision again.
type Record struct {
	Verdict      Verdict       `json:"verdict"`
	City         zones.City    `json:"city"`
	Date         cbec.Date     `json:"date"`
	Mode         trade.Mode    `json:"mode"`
	Basis        []cbec.Source `json:"basis"`
	Zones        []zones.Zone  `json:"zones"`
	Conditions   []string      `json:"conditions"`
	ConditionsZH []string      `json:"conditions_zh"`
	Gaps         []Gap         `json:"gaps"`
	Rule         string        `json:"rule"`
	Reason       string        `json:"reason"`
	ReasonZH     string        `json:"reason_zh"`
	DataVersion  string        `json:"data_version"`
}

// Record returns d as a stored record: every accessor's value.
func (d Decision) Record() Record {
	return Record{
		Verdict: d.Verdict(), City: d.City(), Date: d.Date(), Mode: d.a.mode,
		Basis: nonNil(d.Basis()), Zones: nonNil(d.Zones()),
		Conditions: nonNil(d.Conditions()), ConditionsZH: nonNil(d.ConditionsZH()), Gaps: nonNil(d.Gaps()),
		Rule: d.Rule(), Reason: d.Reason(), ReasonZH: d.ReasonZH(), DataVersion: d.DataVersion(),
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func cloneSource(s cbec.Source) cbec.Source {
	s.ReadAt = slices.Clone(s.ReadAt)
	return s
}

// quote quotes s, cut to 64 runes.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 64 {
		s = string([]rune(s)[:64]) + "…"
	}
	return strconv.Quote(s)
}

// A Span is a period in which a mode's decision for a city stays the same.
type Span struct {
	Period  cbec.Period `json:"period"`
	Verdict Verdict     `json:"verdict"`
	// Decision is the decision on the span's first day.
	Decision Decision `json:"decision"`
}

// A Change is a city whose verdict differs between two days, with the
// decisions on both: the later one's Basis names the document that changed
// it.
type Change struct {
	City   zones.City `json:"city"`
	Before Decision   `json:"before"`
	After  Decision   `json:"after"`
}
