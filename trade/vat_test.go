package trade

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
)

func TestVATRates(t *testing.T) {
	tests := []struct {
		band VATBand
		day  string
		ok   bool
		rate string
		doc  string
	}{
		{StandardBand, "2008-12-31", false, "", ""},
		{StandardBand, "2016-04-08", true, "0.17", "国务院令第538号"},
		{StandardBand, "2018-04-30", true, "0.17", "国务院令第538号"},
		{StandardBand, "2018-05-01", true, "0.16", "财税〔2018〕32号"},
		{StandardBand, "2019-03-31", true, "0.16", "财税〔2018〕32号"},
		{StandardBand, "2019-04-01", true, "0.13", "财政部 税务总局 海关总署公告2019年第39号"},
		{StandardBand, "2025-12-31", true, "0.13", "财政部 税务总局 海关总署公告2019年第39号"},
		{StandardBand, "2026-01-01", true, "0.13", "中华人民共和国增值税法"},
		{LowerBand, "2017-06-30", true, "0.13", "国务院令第538号"},
		{LowerBand, "2017-07-01", true, "0.11", "财税〔2017〕37号"},
		{LowerBand, "2018-04-30", true, "0.11", "财税〔2017〕37号"},
		{LowerBand, "2018-05-01", true, "0.10", "财税〔2018〕32号"},
		{LowerBand, "2019-03-31", true, "0.10", "财税〔2018〕32号"},
		{LowerBand, "2019-04-01", true, "0.09", "财政部 税务总局 海关总署公告2019年第39号"},
		{LowerBand, "2030-01-01", true, "0.09", "中华人民共和国增值税法"},
	}
	for _, tt := range tests {
		d := cbec.MustParseDate(tt.day)
		get := StandardVATRate
		if tt.band == LowerBand {
			get = LowerVATRate
		}
		rate, src, ok := get(d)
		if ok != tt.ok {
			t.Errorf("%v rate on %s: ok = %v", tt.band, tt.day, ok)
			continue
		}
		if !ok {
			continue
		}
		if !rate.Equal(decimal.RequireFromString(tt.rate)) || src.Doc != tt.doc || len(src.ReadAt) == 0 {
			t.Errorf("%v rate on %s = %s (%s), want %s (%s)", tt.band, tt.day, rate, src.Doc, tt.rate, tt.doc)
		}
	}
	if _, _, ok := StandardVATRate(cbec.Date{}); ok {
		t.Error("StandardVATRate(zero date) ok")
	}
	if _, ok := VATRateOn(VATBand(9), cbec.MustParseDate("2020-01-01")); ok {
		t.Error("VATRateOn(bad band) ok")
	}
}

func TestVATRatesChain(t *testing.T) {
	last := map[VATBand]VATRate{}
	n := 0
	for r := range VATRates() {
		n++
		if p, ok := last[r.Band]; ok && p.Period.Until != r.Period.From {
			t.Errorf("%v: %v does not follow %v", r.Band, r.Period, p.Period)
		}
		last[r.Band] = r
	}
	if n != len(vatTable) || !last[StandardBand].Period.IsOpen() || !last[LowerBand].Period.IsOpen() {
		t.Errorf("VATRates: %d rows, last %v", n, last)
	}
	if StandardBand.String() != "standard" || LowerBand.String() != "lower" || VATBand(0).String() != "VATBand(0)" {
		t.Error("VATBand.String")
	}
	for range VATRates() {
		break
	}
}

func ExampleStandardVATRate() {
	for _, day := range []string{"2018-04-30", "2018-05-01", "2019-04-01"} {
		rate, src, _ := StandardVATRate(cbec.MustParseDate(day))
		fmt.Println(day, rate.Shift(2).String()+"%", src.Doc)
	}
	// Output:
	// 2018-04-30 17% 国务院令第538号
	// 2018-05-01 16% 财税〔2018〕32号
	// 2019-04-01 13% 财政部 税务总局 海关总署公告2019年第39号
}
