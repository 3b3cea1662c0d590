package main

import (
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
)

// The columns batchcheck appends to the input's.
const (
	colLine = iota
	colVerdict
	colCityCode
	colRule
	colReason
	colReasonOther // the reason in the other language
	colBasis
	colConditions
	colGaps
	colDataVersion
	nAppended
)

// A language is the language of the output's human text and header names.
type language struct {
	name       string
	inputNames [3]string         // the city, date and mode columns of an input without a header
	appended   [nAppended]string // the names of the appended columns
	column     [2]string         // the name of another column of an input without a header: column[0] + its number + column[1]
	zh         bool              // the reason and conditions in Chinese
}

var languages = []*language{
	{
		name:       "en",
		inputNames: [...]string{"city", "date", "mode"},
		appended:   [...]string{"line", "verdict", "city_code", "rule", "reason", "reason_zh", "basis", "conditions", "gaps", "data_version"},
		column:     [...]string{"column", ""},
	},
	{
		name:       "zh",
		inputNames: [...]string{"城市", "日期", "监管方式"},
		appended:   [...]string{"行号", "结论", "城市代码", "规则", "原因", "原因（英文）", "依据", "条件", "数据缺口", "数据版本"},
		column:     [...]string{"第", "列"},
		zh:         true,
	},
}

// languageNamed returns the language called name, or nil.
func languageNamed(name string) *language {
	for _, l := range languages {
		if strings.EqualFold(name, l.name) {
			return l
		}
	}
	return nil
}

// columnName returns the name of column n (counting from 1) of an input
// without a header.
func (l *language) columnName(n int) string {
	return l.column[0] + strconv.Itoa(n) + l.column[1]
}

// tailSlots is how many decisions tails holds: few enough that they stay
// in the processor's caches.
const tailSlots = 1 << 10

// tails holds the appended columns of recent decisions, written once: rows
// of one city, day and mode tend to come together, and the columns of a
// decision cost far more to gather than to copy. It is direct-mapped: a
// decision has one slot, where it replaces another; slots are compared
// with ==, so that two decisions that share a slot never mix.
type tails struct {
	slots   []tailSlot
	scratch []byte
	quoted  quoteMemo
}

// newTails returns a cache of n slots.
func newTails(n int) *tails {
	return &tails{slots: make([]tailSlot, max(n, 1))}
}

type tailSlot struct {
	dec  policy.Decision
	cols []byte // its columns, each after a comma
}

// append appends to the row in dst the appended columns of a decision
// for the city of code on day for mode but the line, each after a comma
// (see [language.appendDecision]).
func (t *tails) append(dst []byte, d policy.Decision, code string, day cbec.Date, mode trade.Mode, l *language) []byte {
	// The slot: by the city, the day and the mode.
	h := uint64(day.YYYYMMDD())<<3 ^ uint64(mode)
	for _, c := range []byte(code) {
		h = h*0x100000001b3 ^ uint64(c)
	}
	h *= 0x9E3779B97F4A7C15
	s := &t.slots[(h>>32)%uint64(len(t.slots))]
	if s.cols != nil && s.dec == d {
		return append(dst, s.cols...)
	}
	n := len(dst)
	dst, t.scratch = l.appendDecision(dst, t.scratch, &t.quoted, d)
	s.dec, s.cols = d, append(s.cols[:0], dst[n:]...)
	return dst
}

// appendDecision appends to the row in dst the appended columns of a
// decision but the line, each after a comma: verdict, city code, rule,
// reason (in l), reason (in the other language), basis, conditions (in l),
// gaps and data version. scratch is a buffer it may use; it returns both.
// memo (which may be nil) remembers how the engine's strings are quoted.
func (l *language) appendDecision(dst, scratch []byte, memo *quoteMemo, d policy.Decision) ([]byte, []byte) {
	reason, other := d.Reason(), d.ReasonZH()
	if l.zh {
		reason, other = other, reason
	}
	c := d.City()
	for _, cell := range [...]string{d.Verdict().String(), c.Code, d.Rule(), reason, other} {
		dst = append(dst, ',')
		dst = memo.appendCell(dst, cell) // the engine's strings
	}
	scratch = scratch[:0]
	for i, doc := range d.Docs() {
		if i > 0 {
			scratch = append(scratch, "; "...)
		}
		scratch = append(scratch, doc...)
	}
	dst = append(dst, ',')
	dst = appendCell(dst, view(scratch))
	conds, sep := d.Conditions, " "
	if l.zh {
		conds, sep = d.ConditionsZH, ""
	}
	scratch = scratch[:0]
	for i, s := range conds() {
		if i > 0 {
			scratch = append(scratch, sep...)
		}
		scratch = append(scratch, s...)
	}
	dst = append(dst, ',')
	dst = appendCell(dst, view(scratch))
	scratch = scratch[:0]
	for i, g := range d.Gaps() {
		if i > 0 {
			scratch = append(scratch, "; "...)
		}
		scratch = append(scratch, g.Kind.String()...)
		scratch = append(scratch, ':')
		scratch = append(scratch, g.Subject...)
	}
	dst = append(dst, ',')
	dst = appendCell(dst, view(scratch))
	dst = append(dst, ',')
	dst = appendCell(dst, d.DataVersion())
	return dst, scratch
}
