package trade

import (
	"iter"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
)

// A VATBand is one of the two VAT rates that apply to imported goods.
type VATBand uint8

// The VAT bands on goods.
const (
	// StandardBand is the basic rate for selling or importing goods:
	// 17% until 2018-04-30, 16% from 2018-05-01, 13% from 2019-04-01.
	StandardBand VATBand = iota + 1

	// LowerBand is the low rate for listed goods (grain, edible oils, books,
	// feed, fertiliser, utilities and the like): 13% until 2017-06-30, 11%
	// from 2017-07-01, 10% from 2018-05-01, 9% from 2019-04-01.
	LowerBand
)

// String returns "standard" or "lower", or "VATBand(n)" for any other value.
func (b VATBand) String() string {
	switch b {
	case StandardBand:
		return "standard"
	case LowerBand:
		return "lower"
	}
	return "VATBand(" + strconv.Itoa(int(b)) + ")"
}

// A VATRate is the rate of one band over a period (trade/data/vat.tsv).
type VATRate struct {
	Band     VATBand
	Rate     decimal.Decimal // a fraction: 0.13 for 13%
	Period   cbec.Period
	Source   cbec.Source // the document that set the rate
	Verified bool        // whether a source read supports the row as written
}

// StandardVATRate returns the standard VAT rate on imported goods in force on
// d, with the document that set it. It reports false for an invalid d and for
// days before the data starts (2009-01-01).
func StandardVATRate(d cbec.Date) (decimal.Decimal, cbec.Source, bool) {
	return vatOn(StandardBand, d)
}

// LowerVATRate returns the lower VAT rate on imported goods in force on d,
// with the document that set it. It reports false for an invalid d and for
// days before the data starts (2009-01-01).
func LowerVATRate(d cbec.Date) (decimal.Decimal, cbec.Source, bool) {
	return vatOn(LowerBand, d)
}

// VATRateOn returns the full row of band b in force on d.
func VATRateOn(b VATBand, d cbec.Date) (VATRate, bool) {
	for _, r := range vatTable {
		if r.Band == b && r.Period.Contains(d) {
			return r, true
		}
	}
	return VATRate{}, false
}

func vatOn(b VATBand, d cbec.Date) (decimal.Decimal, cbec.Source, bool) {
	r, ok := VATRateOn(b, d)
	return r.Rate, r.Source, ok
}

// VATRates returns every VAT rate row: the standard band oldest first, then
// the lower band oldest first.
func VATRates() iter.Seq[VATRate] {
	return func(yield func(VATRate) bool) {
		for _, r := range vatTable {
			if !yield(r) {
				return
			}
		}
	}
}
