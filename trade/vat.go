package trade

import (
	"iter"

	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/enum"
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

var vatBands = enum.Table[VATBand]{Pkg: "trade", Type: "VATBand", Noun: "VAT band", Names: []string{"", "standard", "lower"}}

// String returns "standard" or "lower", or "VATBand(n)" for any other value.
func (b VATBand) String() string { return vatBands.String(b) }

// MarshalText implements [encoding.TextMarshaler]: "standard" or "lower",
// and empty text for the zero VATBand (no band). Any other value is an error.
func (b VATBand) MarshalText() ([]byte, error) { return vatBands.Marshal(b) }

// UnmarshalText implements [encoding.TextUnmarshaler]: "standard" or
// "lower", in any case and width, ignoring surrounding white space; empty
// text gives the zero VATBand.
func (b *VATBand) UnmarshalText(text []byte) error { return vatBands.Unmarshal(b, text) }

// A VATRate is the rate of one band over a period (trade/data/vat.tsv).
type VATRate struct {
	Band     VATBand         `json:"band"`
	Rate     decimal.Decimal `json:"rate"` // a fraction: 0.13 for 13%
	Period   cbec.Period     `json:"period"`
	Source   cbec.Source     `json:"source"`   // the document that set the rate
	Verified bool            `json:"verified"` // whether a source read supports the row as written
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
