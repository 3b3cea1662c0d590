package trade

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
)

func TestLimitsOn(t *testing.T) {
	tests := []struct {
		day       string // "" for the zero Date
		ok        bool
		per, year int64
		fullTax   bool
		doc       string
	}{
		{"", false, 0, 0, false, ""},
		{"2014-08-01", false, 0, 0, false, ""},
		{"2016-04-07", false, 0, 0, false, ""},
		{"2016-04-08", true, 2000, 20000, false, "财关税〔2016〕18号"},
		{"2017-06-30", true, 2000, 20000, false, "财关税〔2016〕18号"},
		{"2018-12-31", true, 2000, 20000, false, "财关税〔2016〕18号"},
		{"2019-01-01", true, 5000, 26000, true, "财关税〔2018〕49号"},
		{"2021-03-18", true, 5000, 26000, true, "财关税〔2018〕49号"},
		{cbec.DataVersion, true, 5000, 26000, true, "财关税〔2018〕49号"},
		{"2099-12-31", true, 5000, 26000, true, "财关税〔2018〕49号"},
	}
	for _, tt := range tests {
		var d cbec.Date
		if tt.day != "" {
			d = cbec.MustParseDate(tt.day)
		}
		l, ok := LimitsOn(d)
		if ok != tt.ok {
			t.Errorf("LimitsOn(%s) ok = %v, want %v", tt.day, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if !l.PerTransaction.Equal(decimal.New(tt.per, 0)) || !l.Annual.Equal(decimal.New(tt.year, 0)) {
			t.Errorf("LimitsOn(%s) = %s/%s, want %d/%d", tt.day, l.PerTransaction, l.Annual, tt.per, tt.year)
		}
		if l.SingleItemFullTax != tt.fullTax || l.Source.Doc != tt.doc || !l.Period.Contains(d) || !l.Verified {
			t.Errorf("LimitsOn(%s) = %+v", tt.day, l)
		}
		if len(l.Source.ReadAt) == 0 || !l.Source.Issued.IsValid() || l.Source.Effective != l.Period.From {
			t.Errorf("LimitsOn(%s): incomplete source %+v", tt.day, l.Source)
		}
	}
}

func TestAllLimits(t *testing.T) {
	var all []Limits
	for l := range AllLimits() {
		all = append(all, l)
	}
	if len(all) != 2 {
		t.Fatalf("AllLimits: %d rows", len(all))
	}
	if all[0].Period.From != RegimeStart() || RegimeStart() != cbec.MustParseDate("2016-04-08") {
		t.Errorf("RegimeStart = %s", RegimeStart())
	}
	if all[0].Period.Until != all[1].Period.From || !all[1].Period.IsOpen() {
		t.Errorf("periods %v %v do not chain", all[0].Period, all[1].Period)
	}
	for range AllLimits() {
		break
	}
}

func ExampleLimitsOn() {
	for _, day := range []string{"2016-03-01", "2018-06-01", "2019-01-01"} {
		l, ok := LimitsOn(cbec.MustParseDate(day))
		if !ok {
			fmt.Println(day, "no retail-import regime yet")
			continue
		}
		fmt.Printf("%s per transaction %s yuan, per year %s yuan, %s %s\n",
			day, l.PerTransaction, l.Annual, l.Source.Doc, l.Period)
	}
	// Output:
	// 2016-03-01 no retail-import regime yet
	// 2018-06-01 per transaction 2000 yuan, per year 20000 yuan, 财关税〔2016〕18号 [2016-04-08, 2019-01-01)
	// 2019-01-01 per transaction 5000 yuan, per year 26000 yuan, 财关税〔2018〕49号 [2019-01-01, …)
}
