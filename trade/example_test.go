package trade_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
)

func ExampleParseMode() {
	for _, s := range []string{"1210", "9610-export", "网购保税进口A", "overseaswarehouseexport", "1211"} {
		m, err := trade.ParseMode(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(m, m.Code(), m.Direction(), m.NameZH(), m.Introduced(), m.Source().Doc)
	}
	// Output:
	// BondedImport 1210 import 网购保税进口 2014-08-01 海关总署公告2014年第57号
	// DirectExport 9610 export 一般出口 2014-02-10 海关总署公告2014年第12号
	// BondedImportA 1239 import 网购保税进口A 2016-12-01 海关总署公告2016年第75号
	// OverseasWarehouseExport 9810 export 跨境电商出口海外仓 2020-07-01 海关总署公告2020年第75号
	// trade: unknown customs supervision mode "1211": want a code (1210, 9610-export …), a constant name (BondedImport …) or a Chinese name (网购保税进口 …)
}

func ExampleAssess() {
	order := trade.Order{
		Date:          cbec.MustParseDate("2025-11-11"),
		SpentThisYear: decimal.RequireFromString("3000"),
		Items: []trade.Item{
			// High-end skin care (≥ 10 yuan/g): 15% consumption tax. The
			// standard VAT band is taxed at its rate on the order's date (13%).
			{Name: "face cream 20 g", Value: decimal.RequireFromString("425"), TariffRate: new(decimal.RequireFromString("0.01")),
				VATBand: trade.StandardBand, ConsumptionTaxRate: decimal.RequireFromString("0.15")},
			// An explicit rate.
			{Name: "vitamins", Value: decimal.RequireFromString("199.90"), TariffRate: new(decimal.RequireFromString("0.05")),
				VATRate: decimal.RequireFromString("0.13")},
		},
	}
	a, err := trade.Assess(order)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("channel:", a.Channel)
	fmt.Printf("%-16s %8s %8s %8s %8s %8s\n", "item", "value", "tariff", "cons.", "VAT", "total")
	for _, it := range a.Items {
		fmt.Printf("%-16s %8s %8s %8s %8s %8s\n", it.Name, it.Value.StringFixed(2), it.Tariff.StringFixed(2),
			it.ConsumptionTax.StringFixed(2), it.VAT.StringFixed(2), it.Total.StringFixed(2))
	}
	fmt.Printf("%-16s %8s %8s %8s %8s %8s\n", "order", a.Value.StringFixed(2), a.Tariff.StringFixed(2),
		a.ConsumptionTax.StringFixed(2), a.VAT.StringFixed(2), a.Total.StringFixed(2))
	fmt.Println("spent this year after:", a.SpentAfter.StringFixed(2), "of", a.Limits.Annual)
	fmt.Println(a.Reason)
	for _, s := range a.Sources {
		fmt.Println("source:", s)
	}
	// Output:
	// channel: retail import
	// item                value   tariff    cons.      VAT    total
	// face cream 20 g    425.00     0.00    52.50    45.50    98.00
	// vitamins           199.90     0.00     0.00    18.19    18.19
	// order              624.90     0.00    52.50    63.69   116.19
	// spent this year after: 3624.90 of 26000
	// The order's dutiable value of 624.90 yuan is within the 5000-yuan per-transaction limit and the buyer's 3624.90 yuan this year after it is within the 26000-yuan annual limit, so tariff is 0 and VAT and consumption tax are due at 70% (财关税〔2018〕49号).
	// source: 财关税〔2018〕49号 (2018-11-29)
	// source: 财关税〔2016〕18号 (2016-03-24)
}

func ExampleAssess_singleItem() {
	a, err := trade.Assess(trade.Order{
		Date: cbec.MustParseDate("2024-03-01"),
		Items: []trade.Item{{
			Name: "watch", Value: decimal.RequireFromString("8000"), Indivisible: true,
			TariffRate: new(decimal.RequireFromString("0.08")), VATRate: decimal.RequireFromString("0.13"),
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Channel, "tariff", a.Tariff, "VAT", a.VAT, "total", a.Total)
	// Output:
	// retail import (full tax) tariff 640 VAT 1123.2 total 1763.2
}

// An item must give its VAT band or rate: Assess does not take a missing rate
// for 0%.
func ExampleAssess_noVATRate() {
	_, err := trade.Assess(trade.Order{
		Date:  cbec.MustParseDate("2025-11-11"),
		Items: []trade.Item{{Name: "shoes", Value: decimal.RequireFromString("100")}},
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, trade.ErrInvalidOrder), errors.Is(err, trade.ErrNoVATRate))
	// Output:
	// trade: invalid retail-import order: item 1 ("shoes"): no VAT rate: give a VAT band (StandardBand or LowerBand) or a VAT rate
	// true true
}

// Where tariff is due in full, an item must give its tariff rate: Assess does
// not take a missing rate for 0%. An explicit 0 is a 0% tariff. Within the
// limits tariff is 0 and no rate is needed.
func ExampleAssess_noTariffRate() {
	watch := trade.Item{Name: "watch", Value: decimal.RequireFromString("8000"), Indivisible: true,
		VATBand: trade.StandardBand}
	day := cbec.MustParseDate("2025-11-11")
	_, err := trade.Assess(trade.Order{Date: day, Items: []trade.Item{watch}})
	fmt.Println(err)
	fmt.Println(errors.Is(err, trade.ErrInvalidOrder), errors.Is(err, trade.ErrNoTariffRate))

	watch.TariffRate = new(decimal.Zero) // duty-free goods
	a, err := trade.Assess(trade.Order{Date: day, Items: []trade.Item{watch}})
	fmt.Println(a.Channel, "tariff", a.Tariff, "VAT", a.VAT, err)

	watch.TariffRate = nil
	watch.Value = decimal.RequireFromString("800")
	a, err = trade.Assess(trade.Order{Date: day, Items: []trade.Item{watch}})
	fmt.Println(a.Channel, "tariff", a.Tariff, "VAT", a.VAT, err)
	// Output:
	// trade: invalid retail-import order: item 1 ("watch"): no tariff rate: the order clears as retail import (full tax), which pays tariff in full; give the item's TariffRate (tariff_rate in JSON), 0 for goods free of duty
	// true true
	// retail import (full tax) tariff 0 VAT 1040 <nil>
	// retail import tariff 0 VAT 72.8 <nil>
}

// Orders and assessments have a JSON form with snake_case keys, text enums and
// decimal strings: money with exactly two decimals, rates as they are.
func ExampleAssessment_json() {
	a, err := trade.Assess(trade.Order{
		Date:  cbec.MustParseDate("2025-11-11"),
		Items: []trade.Item{{Name: "book", Value: decimal.RequireFromString("80"), VATBand: trade.LowerBand}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := json.Marshal(struct {
		Channel trade.Channel   `json:"channel"`
		Items   []trade.ItemTax `json:"items"`
	}{a.Channel, a.Items})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// {"channel":"retail_import","items":[{"name":"book","value":"80.00","tariff":"0.00","consumption_tax":"0.00","vat":"5.04","total":"5.04","vat_rate":"0.09"}]}
}
