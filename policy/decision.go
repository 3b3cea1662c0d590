package policy

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// A Decision answers whether a mode may be used for a city on a day, and
// why. Compare decisions by their methods' results, not with ==: two
// decisions for names that differ only in spelling may keep different
// queries. It is a small immutable value, like [net/netip.Addr]: copy it freely;
// nothing a caller does with what its methods return changes the engine or
// another decision. The zero Decision is Unknown and decides nothing.
//
// The accessors that return slices (Basis, Zones, Conditions, Gaps) return
// the caller's own copies and allocate; the others do not.
type Decision struct {
	// Four words at most, so that the compiler keeps a Decision in
	// registers: a Decision is returned, copied and read like an int.
	e *Engine
	q *byte  // the bytes of the query, when the name could mean other units; or of the code of a unit not in the registry
	a uint64 // the day (YYYYMMDD) | (1 + the registry index of the city, 0 when not in it) << 32
	b uint64 // the span's outcome (verdict << outBits | index) | mode << 32 | kind << 40 | len(q) << 48
}

// maxQuery is the longest query or code a Decision keeps (see Decision.q);
// a longer one is cut, on a rune boundary where there is one near.
const maxQuery = 1<<16 - 1

func makeDecision(e *Engine, q string, day cbec.Date, unit int, out uint32, mode trade.Mode, k kind) Decision {
	if len(q) > maxQuery {
		n := maxQuery
		for i := 0; i < utf8.UTFMax-1 && !utf8.RuneStart(q[n]); i++ {
			n--
		}
		if !utf8.RuneStart(q[n]) {
			n = maxQuery // not UTF-8 there: cut at the limit
		}
		q = q[:n]
	}
	return Decision{e, unsafe.StringData(q), uint64(uint32(day.YYYYMMDD())) | uint64(unit+1)<<32,
		uint64(out) | uint64(mode)<<32 | uint64(k)<<40 | uint64(len(q))<<48}
}

// query returns the string q points at.
func (d Decision) query() string { return unsafe.String(d.q, int(d.b>>48)) }

func (d Decision) unit() int        { return int(d.a>>32) - 1 }
func (d Decision) mode() trade.Mode { return trade.Mode(d.b >> 32 & 0xff) }
func (d Decision) kind() kind       { return kind(d.b >> 40 & 0xff) }
func (d Decision) index() uint32    { return uint32(d.b) & (1<<outBits - 1) }

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

// Verdict is Allowed, Denied or Unknown (the data cannot decide; see
// [Decision.Gaps]).
func (d Decision) Verdict() Verdict { return Verdict(uint32(d.b) >> outBits) }

// Permitted reports whether the verdict is Allowed.
func (d Decision) Permitted() bool { return d.Verdict() == Allowed }

// City returns the city decided for: the registry's unit. For a city not in
// the registry it returns a City with only the code the caller gave (cut to
// 65,535 bytes).
func (d Decision) City() zones.City {
	if i := d.unit(); i >= 0 {
		return d.e.registry().At(i)
	}
	if d.kind() == noCity {
		return zones.City{Code: d.query()}
	}
	return zones.City{}
}

// Date returns the day decided for.
func (d Decision) Date() cbec.Date { return date(int32(uint32(d.a))) }

// Mode returns the mode decided for.
func (d Decision) Mode() trade.Mode { return d.mode() }

// Basis returns the documents the verdict rests on, the deciding one first.
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

// Zones returns the zones that qualify the city: the zone that makes it a
// pilot, and the special area or type-B center that bonded import needs.
func (d Decision) Zones() []zones.Zone {
	o := d.outcome()
	if o == nil || o.zones[0] == o.zones[1] {
		return nil
	}
	out := slices.Clone(d.e.zones[o.zones[0]:o.zones[1]])
	for i := range out {
		out[i].Source = cloneSource(out[i].Source)
	}
	return out
}

// Conditions returns what the law still requires that the data cannot check
// (customs confirmation, a site connected to customs' system), and the facts
// the verdict rests on that no source read confirms.
func (d Decision) Conditions() []string {
	o := d.outcome()
	if o == nil || o.conds[0] == o.conds[1] {
		return nil
	}
	return slices.Clone(d.e.conds[o.conds[0]:o.conds[1]])
}

// Gaps returns what the data cannot tell: at least one gap for an Unknown
// decision, and, on an Allowed or Denied one, the unverified facts it rests
// on, a day after the data version, or the other units the city's name could
// mean.
func (d Decision) Gaps() []Gap {
	var out []Gap
	switch d.kind() {
	case none:
		return []Gap{{GapInvalid, "decision", "The zero Decision decides nothing."}}
	case noCity:
		return []Gap{{GapNotInRegistry, d.query(), "The city " + quote(d.query()) + " is not in the registry."}}
	case noDate:
		return []Gap{{GapInvalid, "date", "The date is not valid."}}
	case noMode:
		return []Gap{{GapInvalid, "mode", "The mode is not valid."}}
	}
	o := d.outcome()
	out = slices.Clone(d.e.gaps[o.gaps[0]:o.gaps[1]])
	if d.kind() == ambiguous {
		if g, ok := d.e.ambiguity(d.query(), d.City()); ok {
			out = append(out, g)
		}
	}
	return out
}

// Rule returns the id of the row of policy/data/rules.tsv that decided (for
// an Unknown decision, the rule in question, if any).
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
	return [...]string{
		none:   "No decision was made.",
		noCity: "The city is not in the registry.",
		noDate: "The date is not valid.",
		noMode: "The mode is not valid.",
	}[d.kind()]
}

// ReasonZH returns the reason in Chinese.
func (d Decision) ReasonZH() string {
	if o := d.outcome(); o != nil {
		return o.reasonZH
	}
	return [...]string{
		none:   "未作出判断。",
		noCity: "该城市不在行政区划表中。",
		noDate: "日期无效。",
		noMode: "监管方式无效。",
	}[d.kind()]
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
	if m := d.mode(); m.IsValid() {
		b.WriteString(m.Code())
		b.WriteByte(' ')
	}
	b.WriteString(d.Verdict().String())
	b.WriteString(": ")
	b.WriteString(d.Reason())
	return b.String()
}

// MarshalJSON returns the decision as a JSON object with the keys verdict,
// city, date, mode, basis, zones, conditions, gaps, rule, reason, reason_zh
// and data_version. It never fails.
func (d Decision) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.jsonValue())
}

// decisionJSON is the JSON form of a Decision.
type decisionJSON struct {
	Verdict     Verdict       `json:"verdict"`
	City        *zones.City   `json:"city"`
	Date        string        `json:"date"`
	Mode        string        `json:"mode"`
	Basis       []cbec.Source `json:"basis"`
	Zones       []zones.Zone  `json:"zones"`
	Conditions  []string      `json:"conditions"`
	Gaps        []Gap         `json:"gaps"`
	Rule        string        `json:"rule"`
	Reason      string        `json:"reason"`
	ReasonZH    string        `json:"reason_zh"`
	DataVersion string        `json:"data_version"`
}

func (d Decision) jsonValue() decisionJSON {
	v := decisionJSON{
		Verdict: d.Verdict(), Date: d.Date().String(),
		Basis: nonNil(d.Basis()), Zones: nonNil(d.Zones()), Conditions: nonNil(d.Conditions()), Gaps: nonNil(d.Gaps()),
		Rule: d.Rule(), Reason: d.Reason(), ReasonZH: d.ReasonZH(), DataVersion: d.DataVersion(),
	}
	if m := d.mode(); m.IsValid() {
		b, _ := m.MarshalText() // a valid mode always marshals
		v.Mode = string(b)
	}
	if c := d.City(); c.IsValid() {
		v.City = &c
	}
	return v
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// outcome returns d's outcome, or nil when the engine decided nothing.
func (d Decision) outcome() *outcome {
	if k := d.kind(); k != decided && k != ambiguous {
		return nil
	}
	return &d.e.outcomes[d.index()]
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
