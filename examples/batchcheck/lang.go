package main

import (
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec/policy"
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

// decisionCells returns the appended columns of a decision, but the line:
// verdict, city code, rule, reason (in l), reason (in the other language),
// basis, conditions (in l), gaps and data version.
func (l *language) decisionCells(d policy.Decision, cells []string) []string {
	reason, other := d.Reason(), d.ReasonZH()
	conds, sep := d.Conditions(), " "
	if l.zh {
		reason, other = other, reason
		conds, sep = d.ConditionsZH(), ""
	}
	var basis []string
	for _, s := range d.Basis() {
		basis = append(basis, s.Doc)
	}
	var gaps []string
	for _, g := range d.Gaps() {
		gaps = append(gaps, g.Kind.String()+":"+g.Subject)
	}
	return append(cells, d.Verdict().String(), d.City().Code, d.Rule(), reason, other,
		strings.Join(basis, "; "), strings.Join(conds, sep), strings.Join(gaps, "; "), d.DataVersion())
}
