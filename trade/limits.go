package trade

import (
	"iter"

	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
)

// Limits are the value limits of CBEC retail import in force over a period:
// how much one transaction, and one person in one calendar year, may buy at
// the retail-import tax (trade/data/limits.tsv). Its JSON keys are
// snake_case: per_transaction, annual, single_item_full_tax, period, source,
// verified; the limits are decimal strings with two decimals ("5000.00").
type Limits struct {
	// PerTransaction is the single-transaction limit (单次交易限值), in yuan of
	// dutiable value: 2000 from 2016-04-08, 5000 from 2019-01-01. An order
	// exactly at the limit is within it.
	PerTransaction decimal.Decimal `json:"per_transaction"`

	// Annual is the per-person annual limit (个人年度交易限值), in yuan: 20000
	// from 2016-04-08, 26000 from 2019-01-01. Reaching it exactly is within it.
	Annual decimal.Decimal `json:"annual"`

	// SingleItemFullTax reports whether a one-item order over PerTransaction,
	// within Annual, may still clear as a retail import paying tax in full
	// (true from 2019-01-01, 财关税〔2018〕49号). Before, such an item was
	// taxed in full as general trade (财关税〔2016〕18号).
	SingleItemFullTax bool `json:"single_item_full_tax"`

	// Period is when these limits apply.
	Period cbec.Period `json:"period"`

	// Source is the document that set them.
	Source cbec.Source `json:"source"`

	// Verified reports whether a source read supports the row as written.
	Verified bool `json:"verified"`
}

// limitsRow is one row of limits.tsv (room for facts the API does not show).
type limitsRow struct {
	Limits
}

// LimitsOn returns the retail-import limits in force on d. It reports false
// for an invalid d and for a day before the retail-import tax regime began
// (2016-04-08, 财关税〔2016〕18号). For a day after [cbec.DataVersion] it
// answers from the latest rules known.
func LimitsOn(d cbec.Date) (Limits, bool) {
	if i := limitsIndex(d); i >= 0 {
		return limitsTable[i].Limits, true
	}
	return Limits{}, false
}

func limitsIndex(d cbec.Date) int {
	for i := len(limitsTable) - 1; i >= 0; i-- {
		if limitsTable[i].Period.Contains(d) {
			return i
		}
	}
	return -1
}

// AllLimits returns every set of limits, oldest first.
func AllLimits() iter.Seq[Limits] {
	return func(yield func(Limits) bool) {
		for _, r := range limitsTable {
			if !yield(r.Limits) {
				return
			}
		}
	}
}

// RegimeStart returns the first day of the CBEC retail-import tax regime,
// 2016-04-08 (财关税〔2016〕18号): the first day [LimitsOn] and [Assess]
// answer for.
func RegimeStart() cbec.Date { return limitsTable[0].Period.From }
