package trade

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
)

// y parses a decimal literal (yuan or rate) for tests.
func y(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// yp parses a decimal literal into a given rate (a TariffRate).
func yp(s string) *decimal.Decimal { return new(y(s)) }

// item is a one-piece line with the given value and rates (tariff, VAT,
// consumption tax); all three are given.
func item(value, tariff, vat, ct string) Item {
	return Item{Name: "goods", Value: y(value), TariffRate: yp(tariff), VATRate: y(vat), ConsumptionTaxRate: y(ct)}
}

func indivisible(it Item) Item { it.Indivisible = true; return it }

type want struct {
	ch                   Channel
	tariff, ct, vat, tot string // "" to skip the amounts
}

func checkAssessment(t *testing.T, a Assessment, w want) {
	t.Helper()
	if a.Channel != w.ch {
		t.Errorf("Channel = %v, want %v (%s)", a.Channel, w.ch, a.Reason)
	}
	if w.tot == "" {
		return
	}
	for _, c := range []struct {
		name     string
		got      decimal.Decimal
		wantText string
	}{
		{"Tariff", a.Tariff, w.tariff}, {"ConsumptionTax", a.ConsumptionTax, w.ct},
		{"VAT", a.VAT, w.vat}, {"Total", a.Total, w.tot},
	} {
		if !c.got.Equal(y(c.wantText)) {
			t.Errorf("%s = %s, want %s", c.name, c.got.StringFixed(2), c.wantText)
		}
	}
}

// TestAssessWorkedExamples checks Assess against worked examples published
// by third parties. Each case names its source.
func TestAssessWorkedExamples(t *testing.T) {
	tests := []struct {
		name   string
		source string
		order  Order
		want   want
	}{
		{
			// "For a product priced at 500 CNY, the comprehensive tax would be
			// 500 × 0.091 = 45.5 CNY" (9.1% = 13% VAT × 70%, no consumption tax).
			name:   "ordinary goods at 9.1%",
			source: "https://calculatorultra.com/en/tool/china-cross-border-e-commerce-comprehensive-tax-calculator.html (updated 2024-09-29)",
			order:  Order{Date: cbec.MustParseDate("2024-09-29"), Items: []Item{item("500", "0", "0.13", "0")}},
			want:   want{RetailImport, "0", "0", "45.50", "45.50"},
		},
		{
			// "the original cross-border tax rate of 47": cosmetics before
			// 2016-10-01, consumption tax 30%, VAT 17%: (30%+17%)/(1−30%)×70% = 47%.
			name:   "cosmetics at 47% (2016, consumption tax 30%)",
			source: "https://wodefinance.com/Trademarkregistration/mwecjnxzub.html",
			order:  Order{Date: cbec.MustParseDate("2016-06-01"), Items: []Item{item("100", "0", "0.17", "0.30")}},
			want:   want{RetailImport, "0", "30.00", "17.00", "47.00"},
		},
		{
			// "reduced from the original cross-border tax rate of 47 to 11.9":
			// ordinary cosmetics, no consumption tax from 2016-10-01, VAT 17% × 70%.
			name:   "ordinary cosmetics at 11.9% (from 2016-10-01)",
			source: "https://wodefinance.com/Trademarkregistration/mwecjnxzub.html",
			order:  Order{Date: cbec.MustParseDate("2016-10-01"), Items: []Item{item("100", "0", "0.17", "0")}},
			want:   want{RetailImport, "0", "0", "11.90", "11.90"},
		},
		{
			// The same page gives 26.37% for high-end cosmetics (consumption
			// tax 15%, VAT 17%). 18号's formula gives (15%+17%)/(1−15%)×70%
			// = 26.35%; we follow the formula and note the page's figure
			// disagrees by 0.02 points.
			name:   "high-end cosmetics at 26.35% (2016-10 to 2018-04)",
			source: "https://wodefinance.com/Trademarkregistration/mwecjnxzub.html (prints 26.37)",
			order:  Order{Date: cbec.MustParseDate("2017-03-01"), Items: []Item{item("100", "0", "0.17", "0.15")}},
			want:   want{RetailImport, "0", "12.35", "14.00", "26.35"},
		},
		{
			// Red wine, tariff 14%, consumption tax 10%, VAT 17%:
			// tariff 0.14, consumption tax (1+0.14)×0.1/0.9 = 0.12666,
			// VAT (1+0.12666+0.14)×0.17 = 0.2153, in all 48.2% of the value
			// ("The final tariff on red wine is 48.2% of the value"). Before
			// 2019 a single indivisible item over 2000 yuan is taxed in full as
			// general trade; on 3000 yuan that is 420 + 380 + 646 = 1446 (48.2%).
			name:   "full tax at 48.2% (wine, general trade)",
			source: "http://17251.cn/en/case/67307.html",
			order:  Order{Date: cbec.MustParseDate("2017-06-01"), Items: []Item{indivisible(item("3000", "0.14", "0.17", "0.10"))}},
			want:   want{GeneralTrade, "420.00", "380.00", "646.00", "1446.00"},
		},
		{
			// Ningbo Customs' answer (People's Daily, 2025-11-14): limits 5000
			// / 26000, tariff 0 and VAT and consumption tax at 70% within them,
			// 15% consumption tax on skin care at 10 yuan/g or more, and the
			// example of a 425-yuan, 20 g skin-care product (21.25 yuan/g). The
			// page's own amounts were not read; these follow from its facts:
			// 425/(1−15%)×15%×70% = 52.50, 425/(1−15%)×13%×70% = 45.50.
			name:   "high-end skin care 425 yuan (2025)",
			source: "https://www.cceeccic.org/1452613053.html ; https://reportify.ai/news/1186925140533972992",
			order:  Order{Date: cbec.MustParseDate("2025-11-14"), Items: []Item{item("425", "0", "0.13", "0.15")}},
			want:   want{RetailImport, "0", "52.50", "45.50", "98.00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Assess(tt.order)
			if err != nil {
				t.Fatalf("Assess: %v (source: %s)", err, tt.source)
			}
			checkAssessment(t, a, tt.want)
			if t.Failed() {
				t.Logf("source: %s", tt.source)
			}
		})
	}
}

// TestAssessLimits covers each limit boundary in each period: exactly at a
// limit, and one fen over.
func TestAssessLimits(t *testing.T) {
	d2016 := cbec.MustParseDate("2017-01-10")
	d2019 := cbec.MustParseDate("2020-03-01")
	ordinary := func(v string) Item { return item(v, "0.10", "0.13", "0") }
	two := func(v1, v2 string) []Item { return []Item{ordinary(v1), ordinary(v2)} }
	tests := []struct {
		name  string
		date  cbec.Date
		spent string
		items []Item
		want  want
	}{
		// 2016-04-08 .. 2018-12-31: 2000 per transaction, 20000 per year.
		{"2016 at per-transaction limit", d2016, "0", two("1000", "1000"), want{ch: RetailImport}},
		{"2016 one fen over per-transaction limit", d2016, "0", two("1000", "1000.01"), want{ch: GeneralTrade}},
		{"2016 one line, one fen over, not indivisible", d2016, "0", []Item{ordinary("2000.01")}, want{ch: GeneralTrade}},
		{"2016 indivisible one fen over: general trade before 2019", d2016, "0", []Item{indivisible(ordinary("2000.01"))},
			want{GeneralTrade, "200.00", "0", "286.00", "486.00"}},
		{"2016 indivisible at the limit", d2016, "0", []Item{indivisible(ordinary("2000"))}, want{ch: RetailImport}},
		{"2016 reaching annual limit exactly", d2016, "18000", []Item{ordinary("2000")}, want{ch: RetailImport}},
		{"2016 one fen over annual limit", d2016, "18000.01", []Item{ordinary("2000")}, want{ch: GeneralTrade}},
		{"2016 first day", cbec.MustParseDate("2016-04-08"), "0", []Item{ordinary("2000")}, want{RetailImport, "0", "0", "182.00", "182.00"}},
		{"2016 last day uses 2000", cbec.MustParseDate("2018-12-31"), "0", []Item{ordinary("2000.01")}, want{ch: GeneralTrade}},

		// From 2019-01-01: 5000 per transaction, 26000 per year.
		{"2019 first day uses 5000", cbec.MustParseDate("2019-01-01"), "0", []Item{ordinary("2000.01")}, want{ch: RetailImport}},
		{"2019 at per-transaction limit", d2019, "0", two("2500", "2500"), want{RetailImport, "0", "0", "455.00", "455.00"}},
		{"2019 one fen over per-transaction limit", d2019, "0", two("2500", "2500.01"), want{ch: GeneralTrade}},
		{"2019 one line one fen over, not indivisible", d2019, "0", []Item{ordinary("5000.01")}, want{ch: GeneralTrade}},
		{"2019 indivisible one fen over: full tax", d2019, "0", []Item{indivisible(ordinary("5000.01"))},
			want{RetailImportFullTax, "500.00", "0", "715.00", "1215.00"}},
		{"2019 reaching annual limit exactly", d2019, "21000", []Item{ordinary("5000")}, want{ch: RetailImport}},
		{"2019 one fen over annual limit", d2019, "21000.01", []Item{ordinary("5000")}, want{ch: GeneralTrade}},
		{"2019 indivisible reaching annual limit exactly", d2019, "0", []Item{indivisible(ordinary("26000"))}, want{ch: RetailImportFullTax}},
		{"2019 indivisible one fen over annual limit", d2019, "0", []Item{indivisible(ordinary("26000.01"))}, want{ch: GeneralTrade}},
		{"2019 indivisible crossing annual limit", d2019, "18000.01", []Item{indivisible(ordinary("8000"))}, want{ch: GeneralTrade}},
		{"2019 small order crossing annual limit", d2019, "25900", []Item{ordinary("100.01")}, want{ch: GeneralTrade}},
		{"2019 indivisible with quantity 1", d2019, "0", []Item{{Name: "watch", Value: y("9000"), Quantity: 1, TariffRate: yp("0"), VATRate: y("0.13"), Indivisible: true}}, want{ch: RetailImportFullTax}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Assess(Order{Date: tt.date, Items: tt.items, SpentThisYear: y(tt.spent)})
			if err != nil {
				t.Fatal(err)
			}
			checkAssessment(t, a, tt.want)
			if a.Reason == "" || !strings.HasSuffix(a.Reason, ".") || !strings.Contains(a.Reason, a.Limits.Source.Doc) {
				t.Errorf("Reason = %q", a.Reason)
			}
			wantCounted := a.Value
			if a.Channel == GeneralTrade {
				wantCounted = decimal.Zero
			}
			if !a.Counted.Equal(wantCounted) || !a.SpentAfter.Equal(y(tt.spent).Add(wantCounted)) {
				t.Errorf("Counted = %s, SpentAfter = %s", a.Counted, a.SpentAfter)
			}
			if a.Channel != GeneralTrade && a.SpentAfter.GreaterThan(a.Limits.Annual) {
				t.Errorf("retail import takes the buyer to %s, over %s", a.SpentAfter, a.Limits.Annual)
			}
		})
	}
}

func TestAssessTax(t *testing.T) {
	d := cbec.MustParseDate("2023-05-20")
	tests := []struct {
		name  string
		date  cbec.Date
		items []Item
		want  want
	}{
		{"half a fen rounds up", d, []Item{item("15", "0", "0.13", "0")}, want{RetailImport, "0", "0", "1.37", "1.37"}},
		{"cosmetics 199.99", d, []Item{item("199.99", "0.05", "0.13", "0.15")}, want{RetailImport, "0", "24.70", "21.41", "46.11"}},
		{"cosmetics single item full tax", d, []Item{indivisible(item("8000", "0.05", "0.13", "0.15"))}, want{RetailImportFullTax, "400.00", "1482.35", "1284.71", "3167.06"}},
		{"2018 VAT 16% cosmetics", cbec.MustParseDate("2018-07-01"), []Item{item("100", "0", "0.16", "0.15")}, want{RetailImport, "0", "12.35", "13.18", "25.53"}},
		{"mixed order sums lines", d, []Item{item("425", "0", "0.13", "0.15"), item("500", "0", "0.13", "0"), item("15", "0", "0.09", "0")}, want{RetailImport, "0", "52.50", "91.95", "144.45"}},
		{"zero VAT goods", d, []Item{item("100", "0", "0", "0")}, want{RetailImport, "0", "0", "0", "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Assess(Order{Date: tt.date, Items: tt.items})
			if err != nil {
				t.Fatal(err)
			}
			checkAssessment(t, a, tt.want)
			if len(a.Items) != len(tt.items) {
				t.Fatalf("%d item taxes for %d items", len(a.Items), len(tt.items))
			}
			sum := decimal.Zero
			for i, it := range a.Items {
				if it.Name != tt.items[i].Name || !it.Value.Equal(tt.items[i].Value) ||
					!it.Total.Equal(it.Tariff.Add(it.ConsumptionTax).Add(it.VAT)) {
					t.Errorf("item %d = %+v", i, it)
				}
				sum = sum.Add(it.Total)
			}
			if !sum.Equal(a.Total) {
				t.Errorf("items sum to %s, Total %s", sum, a.Total)
			}
		})
	}
}

func TestAssessSources(t *testing.T) {
	a, err := Assess(Order{Date: cbec.MustParseDate("2020-01-01"), Items: []Item{item("10", "0", "0.13", "0")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sources) != 2 || a.Sources[0].Doc != "财关税〔2018〕49号" || a.Sources[1].Doc != "财关税〔2016〕18号" {
		t.Errorf("2020 sources = %v", a.Sources)
	}
	a, err = Assess(Order{Date: cbec.MustParseDate("2016-05-01"), Items: []Item{item("10", "0", "0.17", "0")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sources) != 1 || a.Sources[0].Doc != "财关税〔2016〕18号" {
		t.Errorf("2016 sources = %v", a.Sources)
	}
}

func TestAssessErrors(t *testing.T) {
	day := cbec.MustParseDate("2020-01-01")
	ok := item("100", "0.1", "0.13", "0")
	with := func(f func(*Item)) []Item { it := ok; f(&it); return []Item{it} }
	tests := []struct {
		name   string
		order  Order
		amount bool // the error is about a money amount
		regime bool // ErrNoRegime rather than ErrInvalidOrder
	}{
		{"zero date", Order{Items: []Item{ok}}, false, false},
		{"before the regime", Order{Date: cbec.MustParseDate("2016-04-07"), Items: []Item{ok}}, false, true},
		{"no items", Order{Date: day}, false, false},
		{"negative value", Order{Date: day, Items: with(func(i *Item) { i.Value = y("-1") })}, true, false},
		{"zero value", Order{Date: day, Items: with(func(i *Item) { i.Value = decimal.Decimal{} })}, true, false},
		{"sub-fen value", Order{Date: day, Items: with(func(i *Item) { i.Value = y("10.001") })}, true, false},
		{"huge value", Order{Date: day, Items: with(func(i *Item) { i.Value = y("1000000000000.01") })}, true, false},
		{"huge exponent", Order{Date: day, Items: with(func(i *Item) { i.Value = decimal.New(1, 1000) })}, true, false},
		{"tiny exponent", Order{Date: day, Items: with(func(i *Item) { i.Value = decimal.New(1, -1000) })}, true, false},
		{"negative spent", Order{Date: day, Items: []Item{ok}, SpentThisYear: y("-0.01")}, true, false},
		{"sub-fen spent", Order{Date: day, Items: []Item{ok}, SpentThisYear: y("0.001")}, true, false},
		{"VAT rate 1", Order{Date: day, Items: with(func(i *Item) { i.VATRate = y("1") })}, false, false},
		{"VAT rate negative", Order{Date: day, Items: with(func(i *Item) { i.VATRate = y("-0.13") })}, false, false},
		{"VAT rate 13 not 0.13", Order{Date: day, Items: with(func(i *Item) { i.VATRate = y("13") })}, false, false},
		{"consumption tax rate 1", Order{Date: day, Items: with(func(i *Item) { i.ConsumptionTaxRate = y("1") })}, false, false},
		{"consumption tax rate 1.5", Order{Date: day, Items: with(func(i *Item) { i.ConsumptionTaxRate = y("1.5") })}, false, false},
		{"tariff rate negative", Order{Date: day, Items: with(func(i *Item) { i.TariffRate = yp("-0.05") })}, false, false},
		{"tariff rate over 1000%", Order{Date: day, Items: with(func(i *Item) { i.TariffRate = yp("10.01") })}, false, false},
		{"rate with huge exponent", Order{Date: day, Items: with(func(i *Item) { i.VATRate = decimal.New(13, -100) })}, false, false},
		{"negative quantity", Order{Date: day, Items: with(func(i *Item) { i.Quantity = -1 })}, false, false},
		{"indivisible quantity 2", Order{Date: day, Items: with(func(i *Item) { i.Indivisible, i.Quantity = true, 2 })}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Assess(tt.order)
			if err == nil {
				t.Fatalf("Assess succeeded: %+v", a)
			}
			if tt.regime {
				if !errors.Is(err, ErrNoRegime) {
					t.Errorf("error %v does not wrap ErrNoRegime", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidOrder) {
				t.Errorf("error %v does not wrap ErrInvalidOrder", err)
			}
			if errors.Is(err, ErrInvalidAmount) != tt.amount {
				t.Errorf("error %v: wraps ErrInvalidAmount = %v, want %v", err, !tt.amount, tt.amount)
			}
		})
	}
	// Boundaries that are allowed.
	for _, it := range []Item{
		item("0.01", "0", "0", "0"),
		item("100", "10", "0.99", "0.99"),
		item("100.000000", "0", "0.13", "0"),
	} {
		if _, err := Assess(Order{Date: day, Items: []Item{it}}); err != nil {
			t.Errorf("Assess(%+v): %v", it, err)
		}
	}
}

// TestAssessTariffRate checks that an order paying tariff in full needs each
// item's tariff rate, that an explicit 0 is a rate, and that an order within
// the limits needs none.
func TestAssessTariffRate(t *testing.T) {
	d2019 := cbec.MustParseDate("2024-03-01")
	d2016 := cbec.MustParseDate("2017-06-01")
	noRate := func(name, value string) Item {
		return Item{Name: name, Value: y(value), VATRate: y("0.13")}
	}
	withRate := func(it Item, rate string) Item { it.TariffRate = yp(rate); return it }
	tests := []struct {
		name   string
		date   cbec.Date
		spent  string
		items  []Item
		ch     Channel // the channel, or 0 for an error
		tariff string  // the order's tariff when it succeeds
		errIn  string  // a text of the error: the item it names
	}{
		{"full tax, no rate", d2019, "0", []Item{indivisible(noRate("watch", "8000"))}, 0, "", `item 1 ("watch")`},
		{"full tax, explicit zero", d2019, "0", []Item{indivisible(withRate(noRate("watch", "8000"), "0"))}, RetailImportFullTax, "0", ""},
		{"full tax, rate", d2019, "0", []Item{indivisible(withRate(noRate("watch", "8000"), "0.08"))}, RetailImportFullTax, "640.00", ""},
		{"general trade over the per-transaction limit, second item without a rate", d2019, "0",
			[]Item{withRate(noRate("bag", "3000"), "0.1"), noRate("shoes", "2500")}, 0, "", `item 2 ("shoes")`},
		{"general trade over the per-transaction limit, explicit zeros", d2019, "0",
			[]Item{withRate(noRate("bag", "3000"), "0"), withRate(noRate("shoes", "2500"), "0")}, GeneralTrade, "0", ""},
		{"general trade over the annual limit, no rate", d2019, "25900", []Item{noRate("book", "200")}, 0, "", `item 1 ("book")`},
		{"general trade over the annual limit, explicit zero", d2019, "25900", []Item{withRate(noRate("book", "200"), "0")}, GeneralTrade, "0", ""},
		{"general trade, single item before 2019, no rate", d2016, "0", []Item{indivisible(noRate("wine", "3000"))}, 0, "", `item 1 ("wine")`},
		{"general trade, single item before 2019, rate", d2016, "0", []Item{indivisible(withRate(noRate("wine", "3000"), "0.14"))}, GeneralTrade, "420.00", ""},
		{"retail import, no rate", d2019, "0", []Item{noRate("book", "200"), noRate("shoes", "300")}, RetailImport, "0", ""},
		{"retail import, explicit zero", d2019, "0", []Item{withRate(noRate("book", "200"), "0")}, RetailImport, "0", ""},
		{"retail import, a rate is not charged", d2019, "0", []Item{withRate(noRate("book", "200"), "0.2")}, RetailImport, "0", ""},
		{"retail import, single item at the limit, no rate", d2019, "0", []Item{indivisible(noRate("watch", "5000"))}, RetailImport, "0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Assess(Order{Date: tt.date, SpentThisYear: y(tt.spent), Items: tt.items})
			if tt.ch == 0 {
				if err == nil {
					t.Fatalf("Assess succeeded: %v, tariff %s", a.Channel, a.Tariff)
				}
				if !errors.Is(err, ErrInvalidOrder) || !errors.Is(err, ErrNoTariffRate) {
					t.Errorf("error %v: want one wrapping ErrInvalidOrder and ErrNoTariffRate", err)
				}
				if errors.Is(err, ErrNoVATRate) || errors.Is(err, ErrInvalidAmount) {
					t.Errorf("error %v wraps ErrNoVATRate or ErrInvalidAmount", err)
				}
				for _, want := range []string{tt.errIn, "TariffRate", "tariff_rate"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q lacks %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Channel != tt.ch || !a.Tariff.Equal(y(tt.tariff)) {
				t.Errorf("%v, tariff %s; want %v, tariff %s", a.Channel, a.Tariff, tt.ch, tt.tariff)
			}
		})
	}
}

// TestAssessTariffRateChecked checks that a tariff rate given is checked
// even where it is not charged, and that the check comes before the
// question of a missing one.
func TestAssessTariffRateChecked(t *testing.T) {
	day := cbec.MustParseDate("2024-03-01")
	for _, tt := range []struct {
		name  string
		items []Item
	}{
		{"retail import, negative rate", []Item{{Name: "a", Value: y("100"), TariffRate: yp("-0.1"), VATRate: y("0.13")}}},
		{"general trade, one bad rate and one missing", []Item{
			{Name: "a", Value: y("3000"), VATRate: y("0.13")},
			{Name: "b", Value: y("3000"), TariffRate: yp("11"), VATRate: y("0.13")},
		}},
	} {
		_, err := Assess(Order{Date: day, Items: tt.items})
		if !errors.Is(err, ErrInvalidOrder) || errors.Is(err, ErrNoTariffRate) || !strings.Contains(err.Error(), "tariff rate") {
			t.Errorf("%s: %v; want a range error of the tariff rate", tt.name, err)
		}
	}
}

func TestParseYuan(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"0", "0"}, {"425", "425"}, {"99.9", "99.9"}, {"99.90", "99.90"}, {"5000.01", "5000.01"},
		{"007", "7"}, {"1000000000000", "1000000000000"},
		// Surrounding white space (Unicode's) and full-width digits.
		{" 300", "300"}, {"300 ", "300"}, {"300\n", "300"}, {"\t300\r\n", "300"},
		{"300\u00a0", "300"}, {"\u3000300", "300"}, {"\ufeff300", "300"},
		{"１２", "12"}, {"４２５．００", "425.00"}, {" ９９.９\u00a0", "99.9"},
	} {
		d, err := ParseYuan(tt.in)
		if err != nil {
			t.Errorf("ParseYuan(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(y(tt.want), d); diff != "" {
			t.Errorf("ParseYuan(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
	for _, s := range []string{"", " ", "\u00a0", "-1", "+1", "1e3", "1E3", "1,000", "1 000", "1.", ".5", "1.234", "abc", "¥12", "1..2", "1.2.3", "1000000000000.01", "99999999999999", "0x10", "NaN", "Inf", "－１", "１，０００"} {
		d, err := ParseYuan(s)
		if err == nil {
			t.Errorf("ParseYuan(%q) = %s, want error", s, d)
			continue
		}
		if !errors.Is(err, ErrInvalidAmount) || !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
			t.Errorf("ParseYuan(%q) error = %v", s, err)
		}
	}
}

func TestChannelString(t *testing.T) {
	for c, want := range map[Channel]string{RetailImport: "retail import", RetailImportFullTax: "retail import (full tax)", GeneralTrade: "general trade", 0: "Channel(0)"} {
		if c.String() != want {
			t.Errorf("Channel(%d).String() = %q", c, c.String())
		}
	}
}

// reference computes one line's taxes with exact rational arithmetic,
// independently of the decimal code: the rule of Assess's doc comment.
func reference(it Item, full bool) (tariff, ct, vat *big.Rat) {
	r := func(d decimal.Decimal) *big.Rat { return d.Rat() }
	round := func(x *big.Rat) *big.Rat { // half up to 0.01, x >= 0
		n := new(big.Rat).Mul(x, big.NewRat(100, 1))
		q, m := new(big.Int).QuoRem(n.Num(), n.Denom(), new(big.Int))
		if new(big.Int).Mul(m, big.NewInt(2)).Cmp(n.Denom()) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		return new(big.Rat).SetFrac(q, big.NewInt(100))
	}
	k := big.NewRat(7, 10)
	tariff = new(big.Rat)
	if full {
		k = big.NewRat(1, 1)
		tariff = round(new(big.Rat).Mul(r(it.Value), r(*it.TariffRate)))
	}
	price := new(big.Rat).Add(r(it.Value), tariff)
	price.Quo(price, new(big.Rat).Sub(big.NewRat(1, 1), r(it.ConsumptionTaxRate)))
	ct = round(new(big.Rat).Mul(new(big.Rat).Mul(price, r(it.ConsumptionTaxRate)), k))
	vat = round(new(big.Rat).Mul(new(big.Rat).Mul(price, r(it.VATRate)), k))
	return tariff, ct, vat
}

func TestAssessMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rates := []string{"0", "0.09", "0.1", "0.13", "0.15", "0.16", "0.17", "0.3", "0.56"}
	pick := func() decimal.Decimal { return y(rates[rng.IntN(len(rates))]) }
	for i := range 5000 {
		it := Item{
			Name:               fmt.Sprint("item ", i),
			Value:              decimal.New(rng.Int64N(3_000_000)+1, -2),
			TariffRate:         new(decimal.New(rng.Int64N(600), -3)),
			VATRate:            pick(),
			ConsumptionTaxRate: pick(),
			Indivisible:        rng.IntN(2) == 0,
		}
		day := cbec.MustParseDate("2016-04-08").AddDays(rng.IntN(4000))
		a, err := Assess(Order{Date: day, Items: []Item{it}})
		if err != nil {
			t.Fatal(err)
		}
		tariff, ct, vat := reference(it, a.Channel != RetailImport)
		got := a.Items[0]
		if got.Tariff.Rat().Cmp(tariff) != 0 || got.ConsumptionTax.Rat().Cmp(ct) != 0 || got.VAT.Rat().Cmp(vat) != 0 {
			t.Fatalf("%+v on %s (%v): got %s/%s/%s, reference %s/%s/%s", it, day, a.Channel,
				got.Tariff, got.ConsumptionTax, got.VAT, tariff.FloatString(2), ct.FloatString(2), vat.FloatString(2))
		}
		for _, d := range []decimal.Decimal{got.Tariff, got.ConsumptionTax, got.VAT, a.Total} {
			if d.Exponent() < -2 || d.IsNegative() {
				t.Fatalf("amount %s is not whole fen", d)
			}
		}
	}
}

// moneyKeys matches the amounts of an Assessment (of one item) in JSON.
var moneyKeys = regexp.MustCompile(`"(value|tariff|consumption_tax|vat|total|counted|spent_after|per_transaction|annual)":("[^"]*")`)

// FuzzAssess checks that Assess never panics on any decimal input, and that
// a success has whole-fen, non-negative amounts, with two decimals in JSON,
// that survive a JSON round trip. An empty tariff is a nil TariffRate (no
// rate given).
func FuzzAssess(f *testing.F) {
	f.Add("425", "0", "0.13", "0.15", "0", int64(20200101), true)
	f.Add("-1", "1e9", "NaN", "0.9999999999999999999", "1e-40", int64(0), false)
	f.Add("8000", "", "0.13", "0", "0", int64(20240101), true)
	f.Fuzz(func(t *testing.T, value, tariff, vat, ct, spent string, day int64, indiv bool) {
		dec := func(s string) decimal.Decimal {
			d, err := decimal.NewFromString(s)
			if err != nil {
				return decimal.New(-1, 0)
			}
			return d
		}
		var tariffRate *decimal.Decimal
		if tariff != "" {
			tariffRate = new(dec(tariff))
		}
		d := cbec.MakeDate(int(day/10000), 1, int(day%100))
		a, err := Assess(Order{Date: d, SpentThisYear: dec(spent), Items: []Item{{
			Value: dec(value), TariffRate: tariffRate, VATRate: dec(vat), ConsumptionTaxRate: dec(ct), Indivisible: indiv,
		}}})
		if err != nil {
			if !errors.Is(err, ErrInvalidOrder) && !errors.Is(err, ErrNoRegime) {
				t.Fatalf("error %v wraps neither sentinel", err)
			}
			if errors.Is(err, ErrNoTariffRate) && tariffRate != nil {
				t.Fatalf("error %v for an item with tariff rate %s", err, tariffRate)
			}
			return
		}
		if a.Channel != RetailImport && tariffRate == nil {
			t.Fatalf("%v without a tariff rate: %+v", a.Channel, a)
		}
		for _, x := range []decimal.Decimal{a.Tariff, a.ConsumptionTax, a.VAT, a.Total} {
			if x.IsNegative() || !x.Equal(x.Truncate(2)) {
				t.Fatalf("amount %s", x)
			}
		}
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back Assessment
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if diff := cmp.Diff(a, back, cmpDate); diff != "" {
			t.Fatalf("JSON round trip of %s (-want +got):\n%s", b, diff)
		}
		amounts := moneyKeys.FindAllSubmatch(b, -1)
		if len(amounts) != 7+5+2 { // the order's, the line's, the limits
			t.Fatalf("%d amounts in %s", len(amounts), b)
		}
		for _, m := range amounts {
			if !moneyText.Match(m[2]) {
				t.Fatalf("%s: %s in %s", m[1], m[2], b)
			}
		}
	})
}

func BenchmarkAssess(b *testing.B) {
	o := Order{
		Date:          cbec.MustParseDate("2024-06-18"),
		SpentThisYear: y("3200"),
		Items: []Item{
			item("425", "0", "0.13", "0.15"),
			item("199.90", "0.05", "0.13", "0"),
			item("89.50", "0.08", "0.09", "0"),
		},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Assess(o); err != nil {
			b.Fatal(err)
		}
	}
}
