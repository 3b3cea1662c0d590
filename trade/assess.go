package trade

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/enum"
	"github.com/tradepolicy/cbec/internal/norm"
)

// Errors of [Assess] and [ParseYuan].
var (
	// ErrInvalidOrder is wrapped by every error of Assess about its input:
	// an invalid date, no items, an amount or rate out of range.
	ErrInvalidOrder = errors.New("invalid retail-import order")

	// ErrInvalidAmount is wrapped by the errors of ParseYuan, and by those of
	// Assess about a money amount (together with ErrInvalidOrder).
	ErrInvalidAmount = errors.New("invalid amount")

	// ErrNoVATRate is wrapped, together with ErrInvalidOrder, by the error of
	// Assess for an item that gives neither a VAT band nor a VAT rate.
	ErrNoVATRate = errors.New("no VAT rate")

	// ErrNoTariffRate is wrapped, together with ErrInvalidOrder, by the error
	// of Assess for an item without a tariff rate (a nil [Item.TariffRate])
	// in an order that pays tariff in full ([RetailImportFullTax] or
	// [GeneralTrade]).
	ErrNoTariffRate = errors.New("no tariff rate")

	// ErrNoRegime is wrapped by the error of Assess for a date before
	// 2016-04-08, when the CBEC retail-import tax regime (财关税〔2016〕18号)
	// did not exist yet.
	ErrNoRegime = errors.New("no CBEC retail-import tax regime on that date")
)

// A Channel says how customs treats an order.
type Channel uint8

// The channels.
const (
	// RetailImport: within the limits. Tariff 0; import VAT and consumption
	// tax at 70% of the statutory amounts (财关税〔2016〕18号). The order's
	// value counts toward the buyer's annual total.
	RetailImport Channel = iota + 1

	// RetailImportFullTax: from 2019-01-01, a one-item order above the
	// per-transaction limit that keeps the buyer within the annual limit. It
	// may clear as a retail import but pays tariff, VAT and consumption tax in
	// full, and counts toward the annual total (财关税〔2018〕49号).
	RetailImportFullTax

	// GeneralTrade: not a retail import. The order exceeds the
	// per-transaction limit without being a single indivisible item that may
	// pay full tax, or it would take the buyer over the annual limit. It is
	// taxed in full as general trade and does not count toward the annual
	// total.
	GeneralTrade
)

var channels = enum.Table[Channel]{Pkg: "trade", Type: "Channel", Noun: "channel",
	Names: []string{"", "retail import", "retail import (full tax)", "general trade"},
	Texts: []string{"", "retail_import", "retail_import_full_tax", "general_trade"}}

// String returns "retail import", "retail import (full tax)" or "general
// trade", or "Channel(n)" for any other value.
func (c Channel) String() string { return channels.String(c) }

// MarshalText implements [encoding.TextMarshaler]: "retail_import",
// "retail_import_full_tax" or "general_trade", and empty text for the zero
// Channel. Any other value is an error.
func (c Channel) MarshalText() ([]byte, error) { return channels.Marshal(c) }

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the texts
// of [Channel.MarshalText] and of [Channel.String] ("retail import (full
// tax)"), in any case and width, ignoring surrounding white space; empty text
// gives the zero Channel.
func (c *Channel) UnmarshalText(b []byte) error { return channels.Unmarshal(c, b) }

// An Item is one line of a retail-import order. Amounts are yuan, rates are
// fractions (0.13 for 13%).
//
// An Item must say its VAT rate, by VATBand or VATRate: an item with neither
// is an error of [Assess], never a 0% VAT. Likewise an item of an order that
// pays tariff in full must give its TariffRate: a nil TariffRate there is an
// error, never a 0% tariff.
//
// In JSON an Item is an object with the snake_case keys of its tags; the
// value and the rates are decimal strings, the value with two decimals
// ("425.00"; a value finer than a fen, which [Assess] refuses, is written in
// full, not rounded), the rates as they are ("0.13"). Reading accepts any
// decimal ("425", 425). tariff_rate and vat_rate are left out while the
// rate is not given, so that an unset rate stays unset through a round trip;
// an absent or null tariff_rate is a nil TariffRate, and "tariff_rate": "0"
// or "vat_rate": "0" is an explicit 0%.
type Item struct {
	// Name describes the goods (used in error messages and the breakdown).
	Name string `json:"name"`

	// Value is the line's dutiable value (完税价格): the actual transaction
	// price of all its pieces, including freight and insurance. It must be
	// positive and a whole number of fen.
	Value decimal.Decimal `json:"value"`

	// Quantity is the number of pieces in the line; 0 means 1.
	Quantity int `json:"quantity,omitzero"`

	// TariffRate is the goods' import tariff rate (MFN, or whatever rate
	// applies), at least 0 and at most 10 (1000%), or nil when none is given.
	// It is used only where tariff is due in full ([RetailImportFullTax],
	// [GeneralTrade]), and there it is required: [Assess] refuses such an
	// order with an item whose TariffRate is nil ([ErrNoTariffRate]). For
	// goods free of duty give an explicit 0: new(decimal.Zero). Within the
	// limits ([RetailImport]) tariff is 0 and nil is fine; a rate given is
	// still checked.
	TariffRate *decimal.Decimal `json:"tariff_rate,omitempty"`

	// VATRate is the goods' import VAT rate, in [0, 1), when given
	// explicitly. The zero Decimal (decimal.Decimal{}, what an unset field
	// holds) means no rate is given: then VATBand must be set. Any Decimal
	// made by the decimal package is a rate, even 0 (decimal.Zero,
	// decimal.NewFromInt(0), decimal.RequireFromString("0")): an explicit 0%,
	// for goods exempt from import VAT. See [StandardVATRate] and
	// [LowerVATRate] for the rate bands on a day.
	VATRate decimal.Decimal `json:"vat_rate"`

	// VATBand is the goods' VAT band ([StandardBand] or [LowerBand]); the
	// zero VATBand means none is given. [Assess] taxes an item with a band at
	// that band's rate on the order's date ([VATRateOn]). An item that gives
	// both a band and a VATRate must give the band's rate on that date.
	VATBand VATBand `json:"vat_band,omitzero"`

	// ConsumptionTaxRate is the goods' ad valorem consumption tax rate, in
	// [0, 1): 0 for most goods, 0.15 for high-end cosmetics from 2016-10-01
	// (0.30 for cosmetics before).
	ConsumptionTaxRate decimal.Decimal `json:"consumption_tax_rate"`

	// Indivisible marks the line as a single indivisible item (单个不可分割
	// 商品); its Quantity must be 0 or 1. Only an order of one such line may
	// exceed the per-transaction limit and stay a retail import (from 2019).
	Indivisible bool `json:"indivisible,omitzero"`
}

// HasVATRate reports whether it.VATRate is set: whether it holds a rate
// rather than the zero Decimal of an unset field (see [Item.VATRate]).
func (it Item) HasVATRate() bool { return it.VATRate != (decimal.Decimal{}) }

// An Order is a retail-import order of one buyer.
//
// In JSON an Order is {"date": "2025-11-11", "items": [...],
// "spent_this_year": "3000.00"}.
type Order struct {
	// Date is the day the order is declared to customs (China time).
	Date cbec.Date `json:"date"`

	// Items are the order's lines; there must be at least one.
	Items []Item `json:"items"`

	// SpentThisYear is the dutiable value of the buyer's earlier retail
	// imports in the same calendar year (what counts toward the annual limit),
	// at least 0 and a whole number of fen.
	SpentThisYear decimal.Decimal `json:"spent_this_year"`
}

// An ItemTax is the tax on one line of an order, in yuan, each amount rounded
// to the fen.
//
// In JSON an ItemTax is an object with the snake_case keys of its tags; the
// amounts are decimal strings with two decimals ("45.50"), the VAT rate a
// decimal string as it is ("0.13").
type ItemTax struct {
	Name           string          `json:"name"`
	Value          decimal.Decimal `json:"value"`           // the line's dutiable value
	Tariff         decimal.Decimal `json:"tariff"`          // customs duty (关税)
	ConsumptionTax decimal.Decimal `json:"consumption_tax"` // import consumption tax (进口环节消费税)
	VAT            decimal.Decimal `json:"vat"`             // import VAT (进口环节增值税)
	Total          decimal.Decimal `json:"total"`           // Tariff + ConsumptionTax + VAT

	// VATRate is the statutory VAT rate the line was taxed at: the item's
	// VATRate, or its VATBand's rate on the order's date.
	VATRate decimal.Decimal `json:"vat_rate"`
}

// An Assessment is how customs treats an order and what tax it levies.
//
// In JSON an Assessment is an object with the snake_case keys of its tags;
// the channel is text ("retail_import"), amounts are decimal strings with two
// decimals ("116.19", "0.00").
type Assessment struct {
	// Channel is how the order clears.
	Channel Channel `json:"channel"`

	// Reason explains Channel in one English sentence, with the amounts and
	// limits involved.
	Reason string `json:"reason"`

	// Value is the order's dutiable value, the sum of its lines' values.
	Value decimal.Decimal `json:"value"`

	// Items is the tax on each line, in order.
	Items []ItemTax `json:"items"`

	// Tariff, ConsumptionTax and VAT are the sums over Items; Total is their
	// sum, the tax payable.
	Tariff         decimal.Decimal `json:"tariff"`
	ConsumptionTax decimal.Decimal `json:"consumption_tax"`
	VAT            decimal.Decimal `json:"vat"`
	Total          decimal.Decimal `json:"total"`

	// Counted is what the order adds to the buyer's annual total: Value for a
	// retail import (either kind), 0 for general trade.
	Counted decimal.Decimal `json:"counted"`

	// SpentAfter is the buyer's annual total after the order:
	// SpentThisYear + Counted.
	SpentAfter decimal.Decimal `json:"spent_after"`

	// Limits are the limits in force on the order's date.
	Limits Limits `json:"limits"`

	// Sources are the documents the assessment rests on: the one that set the
	// limits, then, if different, 财关税〔2016〕18号, which set the tax rule.
	Sources []cbec.Source `json:"sources"`
}

// Bounds on input, so that arithmetic stays small and exact.
var (
	maxYuan    = decimal.New(1, 12) // amounts up to 10^12 yuan
	maxTariff  = decimal.New(10, 0) // tariff rates below 1000%
	one        = decimal.New(1, 0)
	ten        = decimal.New(10, 0)
	seven      = decimal.New(7, 0)
	maxExpDiff = int32(30) // at most 30 decimal places, at most 10^30 in scale
)

// Assess decides how customs treats a retail-import order on its date and
// computes the tax, following 财关税〔2016〕18号 (from 2016-04-08) and
// 财关税〔2018〕49号 (from 2019-01-01):
//
//   - Within the limits (order value ≤ per-transaction limit, and the buyer's
//     annual total after it ≤ annual limit; exactly at a limit is within):
//     [RetailImport], tariff 0, consumption tax and VAT at 70%.
//   - From 2019-01-01, an order of one line marked Indivisible whose value is
//     over the per-transaction limit, and which keeps the annual total within
//     the annual limit: [RetailImportFullTax], tariff, consumption tax and VAT
//     in full. (Before 2019 such an item was [GeneralTrade].)
//   - Otherwise: [GeneralTrade], with the full tax that general trade levies
//     at the rates given.
//
// Each line is taxed the way customs computes import taxes:
//
//	tariff          = value × tariff rate                        (0 within the limits)
//	taxable price   = (value + tariff) / (1 − consumption tax rate)   组成计税价格
//	consumption tax = taxable price × consumption tax rate [× 70%]
//	VAT             = taxable price × VAT rate [× 70%]
//
// The taxable price equals value + tariff + statutory consumption tax, so the
// VAT base is 完税价格 + 关税 + 消费税 as in 18号, and the 70% is applied to the
// statutory amounts, as 18号 says. Within the limits this gives the widely
// quoted combined rate [(consumption tax rate + VAT rate) / (1 − consumption
// tax rate)] × 70%.
//
// Rounding: each tax of each line is rounded once, to the fen (0.01 yuan),
// half up, from the exact value; the tariff is rounded before it enters the
// taxable price; line amounts are then summed. The half-up rule to the fen
// is what 海关总署令第272号 (海关进出口货物征税管理办法, 2025) Art. 13 states
// for converting prices into yuan ("采用四舍五入法计算至分"); that the same rule
// applies to tax amounts, per line, and that the taxable price is not
// rounded first, is customs practice as generally described but was NOT
// confirmed in a text read for this library (see trade/data/README.md).
// Results may differ from customs' by a fen where those details differ.
//
// Each item's VAT rate is its VATRate or its VATBand's rate on the order's
// date (see [Item]); an item with neither is an error. Where tariff is due in
// full, each item's tariff rate is its TariffRate; an item whose TariffRate
// is nil is an error there (an explicit 0 is a 0% tariff). Within the limits
// no tariff rate is needed.
//
// Errors wrap [ErrInvalidOrder] (invalid date, no items, a negative, zero
// or sub-fen value, a rate out of range, a bad quantity, no VAT rate, no
// tariff rate where tariff is due in full; the last two wrap [ErrNoVATRate]
// and [ErrNoTariffRate] too) or [ErrNoRegime] (a date before 2016-04-08).
// Assess never panics.
func Assess(o Order) (Assessment, error) {
	if !o.Date.IsValid() {
		return Assessment{}, fmt.Errorf("trade: %w: no date", ErrInvalidOrder)
	}
	lim, ok := LimitsOn(o.Date)
	if !ok {
		return Assessment{}, fmt.Errorf("trade: %w: %s is before %s (财关税〔2016〕18号)", ErrNoRegime, o.Date, RegimeStart())
	}
	if len(o.Items) == 0 {
		return Assessment{}, fmt.Errorf("trade: %w: no items", ErrInvalidOrder)
	}
	if err := checkAmount(o.SpentThisYear, true); err != nil {
		return Assessment{}, fmt.Errorf("trade: %w: spent this year %s: %w", ErrInvalidOrder, show(o.SpentThisYear), err)
	}
	value := decimal.Decimal{}
	vat := make([]decimal.Decimal, len(o.Items))
	for i, it := range o.Items {
		v, err := checkItem(it, o.Date)
		if err != nil {
			return Assessment{}, fmt.Errorf("trade: %w: item %d (%q): %w", ErrInvalidOrder, i+1, it.Name, err)
		}
		vat[i] = v
		value = value.Add(it.Value)
	}

	a := Assessment{Value: value, Limits: lim}
	after := o.SpentThisYear.Add(value)
	single := len(o.Items) == 1 && o.Items[0].Indivisible
	full := true
	switch {
	case value.GreaterThan(lim.PerTransaction) && !single:
		a.Channel = GeneralTrade
		a.Reason = fmt.Sprintf("The order's dutiable value of %s yuan exceeds the %s-yuan per-transaction limit and it is not a single indivisible item, so it is not a retail import and is taxed in full as general trade (%s).",
			yuan(value), lim.PerTransaction, lim.Source.Doc)
	case value.GreaterThan(lim.PerTransaction) && !lim.SingleItemFullTax:
		a.Channel = GeneralTrade
		a.Reason = fmt.Sprintf("The single indivisible item's dutiable value of %s yuan exceeds the %s-yuan per-transaction limit, and until 2019-01-01 such an item is taxed in full as general trade (%s).",
			yuan(value), lim.PerTransaction, lim.Source.Doc)
	case after.GreaterThan(lim.Annual):
		a.Channel = GeneralTrade
		a.Reason = fmt.Sprintf("The order of %s yuan would take the buyer's retail imports this year from %s to %s yuan, over the %s-yuan annual limit, so it is not a retail import and is taxed in full as general trade (%s).",
			yuan(value), yuan(o.SpentThisYear), yuan(after), lim.Annual, lim.Source.Doc)
	case value.GreaterThan(lim.PerTransaction):
		a.Channel = RetailImportFullTax
		a.Reason = fmt.Sprintf("The single indivisible item's dutiable value of %s yuan exceeds the %s-yuan per-transaction limit but keeps the buyer within the %s-yuan annual limit (%s yuan this year after it), so it clears as a retail import paying tariff, VAT and consumption tax in full (%s).",
			yuan(value), lim.PerTransaction, lim.Annual, yuan(after), lim.Source.Doc)
	default:
		full = false
		a.Channel = RetailImport
		a.Reason = fmt.Sprintf("The order's dutiable value of %s yuan is within the %s-yuan per-transaction limit and the buyer's %s yuan this year after it is within the %s-yuan annual limit, so tariff is 0 and VAT and consumption tax are due at 70%% (%s).",
			yuan(value), lim.PerTransaction, yuan(after), lim.Annual, lim.Source.Doc)
	}
	if full {
		for i, it := range o.Items {
			if it.TariffRate == nil {
				return Assessment{}, fmt.Errorf("trade: %w: item %d (%q): %w: the order clears as %s, which pays tariff in full; give the item's TariffRate (tariff_rate in JSON), 0 for goods free of duty",
					ErrInvalidOrder, i+1, it.Name, ErrNoTariffRate, a.Channel)
			}
		}
	}
	if a.Channel != GeneralTrade {
		a.Counted = value
	}
	a.SpentAfter = o.SpentThisYear.Add(a.Counted)

	a.Items = make([]ItemTax, len(o.Items))
	for i, it := range o.Items {
		t := taxItem(it, vat[i], full)
		a.Items[i] = t
		a.Tariff = a.Tariff.Add(t.Tariff)
		a.ConsumptionTax = a.ConsumptionTax.Add(t.ConsumptionTax)
		a.VAT = a.VAT.Add(t.VAT)
	}
	a.Total = a.Tariff.Add(a.ConsumptionTax).Add(a.VAT)

	a.Sources = []cbec.Source{lim.Source}
	if origin := limitsTable[0].Source; origin.Doc != lim.Source.Doc {
		a.Sources = append(a.Sources, origin)
	}
	return a, nil
}

// taxItem computes one line's taxes at VAT rate vat: in full, or at the
// retail-import rate (tariff 0, 70% of consumption tax and VAT). Inputs are
// already checked: in full, it.TariffRate is not nil.
func taxItem(it Item, vat decimal.Decimal, full bool) ItemTax {
	t := ItemTax{Name: it.Name, Value: it.Value, Tariff: decimal.New(0, -2), VATRate: vat}
	c, v := it.ConsumptionTaxRate, vat
	den := one.Sub(c) // > 0
	if full {
		t.Tariff = it.Value.Mul(*it.TariffRate).Round(2)
	} else {
		// ×70% = ×7 / 10, kept in the numerator and denominator so that the
		// one division is exact up to the rounding to the fen.
		c, v = c.Mul(seven), v.Mul(seven)
		den = den.Mul(ten)
	}
	base := it.Value.Add(t.Tariff)
	t.ConsumptionTax = base.Mul(c).DivRound(den, 2)
	t.VAT = base.Mul(v).DivRound(den, 2)
	t.Total = t.Tariff.Add(t.ConsumptionTax).Add(t.VAT)
	return t
}

// checkItem checks an item of an order of day d and returns its VAT rate.
func checkItem(it Item, d cbec.Date) (decimal.Decimal, error) {
	var none decimal.Decimal
	if err := checkAmount(it.Value, false); err != nil {
		return none, fmt.Errorf("value %s: %w", show(it.Value), err)
	}
	if it.Quantity < 0 {
		return none, fmt.Errorf("quantity %d is negative", it.Quantity)
	}
	if it.Indivisible && it.Quantity > 1 {
		return none, fmt.Errorf("quantity %d of an indivisible item: want 1", it.Quantity)
	}
	if it.TariffRate != nil {
		if err := checkRate(*it.TariffRate, maxTariff, true); err != nil {
			return none, fmt.Errorf("tariff rate %s: %w", show(*it.TariffRate), err)
		}
	}
	vat, err := itemVAT(it, d)
	if err != nil {
		return none, err
	}
	if err := checkRate(it.ConsumptionTaxRate, one, false); err != nil {
		return none, fmt.Errorf("consumption tax rate %s: %w", show(it.ConsumptionTaxRate), err)
	}
	return vat, nil
}

// itemVAT returns the VAT rate of an item of an order of day d: its VATRate,
// or its band's rate on d.
func itemVAT(it Item, d cbec.Date) (decimal.Decimal, error) {
	var none decimal.Decimal
	if it.HasVATRate() {
		if err := checkRate(it.VATRate, one, false); err != nil {
			return none, fmt.Errorf("VAT rate %s: %w", show(it.VATRate), err)
		}
	}
	switch {
	case it.VATBand == 0 && !it.HasVATRate():
		return none, fmt.Errorf("%w: give a VAT band (StandardBand or LowerBand) or a VAT rate", ErrNoVATRate)
	case it.VATBand == 0:
		return it.VATRate, nil
	case it.VATBand != StandardBand && it.VATBand != LowerBand:
		return none, fmt.Errorf("%v: want StandardBand or LowerBand", it.VATBand)
	}
	r, ok := VATRateOn(it.VATBand, d)
	if !ok {
		return none, fmt.Errorf("%w: no %s VAT rate known on %s", ErrNoVATRate, it.VATBand, d)
	}
	if it.HasVATRate() && !it.VATRate.Equal(r.Rate) {
		return none, fmt.Errorf("VAT rate %s is not the %s rate %s on %s (%s)", show(it.VATRate), it.VATBand, r.Rate, d, r.Source.Doc)
	}
	return r.Rate, nil
}

// checkScale rejects decimals whose exponent would make arithmetic huge.
func checkScale(d decimal.Decimal) bool {
	e := d.Exponent()
	return e >= -maxExpDiff && e <= maxExpDiff
}

// checkAmount checks a money amount: a whole number of fen, not negative
// (and not zero unless zeroOK), at most 10^12 yuan.
func checkAmount(d decimal.Decimal, zeroOK bool) error {
	switch {
	case !checkScale(d):
		return fmt.Errorf("%w: out of range", ErrInvalidAmount)
	case d.IsNegative():
		return fmt.Errorf("%w: negative", ErrInvalidAmount)
	case d.IsZero() && !zeroOK:
		return fmt.Errorf("%w: zero", ErrInvalidAmount)
	case d.GreaterThan(maxYuan):
		return fmt.Errorf("%w: over 10^12 yuan", ErrInvalidAmount)
	case !d.Equal(d.Truncate(2)):
		return fmt.Errorf("%w: finer than a fen (0.01 yuan)", ErrInvalidAmount)
	}
	return nil
}

// checkRate checks a rate: in [0, max) or, with maxOK, [0, max].
func checkRate(r, max decimal.Decimal, maxOK bool) error {
	switch {
	case !checkScale(r):
		return errors.New("out of range")
	case r.IsNegative():
		return errors.New("negative")
	case r.GreaterThan(max), !maxOK && r.Equal(max):
		return fmt.Errorf("want a fraction below %s", max)
	}
	return nil
}

// show formats d for an error message, without writing out a number whose
// exponent is out of range (1e-2000000000 would be a 2 GB string).
func show(d decimal.Decimal) string {
	if !checkScale(d) {
		return "(exponent out of range)"
	}
	return d.String()
}

// yuan formats an amount with two decimals.
func yuan(d decimal.Decimal) string { return d.StringFixed(2) }

// ParseYuan parses an amount of money in yuan written as plain digits with at
// most two decimals: "2000", "425", "99.9", "5000.01". It ignores surrounding
// white space (Unicode's, such as a no-break space or a trailing newline) and
// reads full-width digits and point ("４２５．００") as ASCII ones. It accepts
// no sign, exponent, thousands separator or currency symbol; any other text
// gives an error that wraps [ErrInvalidAmount] and quotes s. The result is at
// most 10^12 yuan.
func ParseYuan(s string) (decimal.Decimal, error) {
	orig := s
	s = norm.Fold(s)
	bad := func(why string) (decimal.Decimal, error) {
		return decimal.Decimal{}, fmt.Errorf("trade: %w %q: %s", ErrInvalidAmount, orig, why)
	}
	intDigits, fracDigits, dot := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if dot {
				fracDigits++
			} else {
				intDigits++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return bad("want digits with at most two decimals, such as 425 or 99.90")
		}
	}
	switch {
	case intDigits == 0:
		return bad("want digits with at most two decimals, such as 425 or 99.90")
	case dot && fracDigits == 0:
		return bad("no digits after the decimal point")
	case fracDigits > 2:
		return bad("finer than a fen (0.01 yuan)")
	case intDigits > 13:
		return bad("over 10^12 yuan")
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.GreaterThan(maxYuan) {
		return bad("over 10^12 yuan")
	}
	return d, nil
}
