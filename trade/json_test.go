package trade

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/tradepolicy/cbec"
)

// cmpDate compares cbec.Dates, whose field is unexported, with ==.
var cmpDate = cmp.Comparer(func(a, b cbec.Date) bool { return a == b })

// jsonKey matches an object key in JSON text.
var jsonKey = regexp.MustCompile(`"([^"]+)":`)

// checkSnakeCase fails unless every key of the JSON text b is snake_case.
func checkSnakeCase(t *testing.T, b []byte) {
	t.Helper()
	for _, m := range jsonKey.FindAllSubmatch(b, -1) {
		if k := string(m[1]); strings.ToLower(k) != k || strings.Contains(k, " ") {
			t.Errorf("key %q is not snake_case in %s", k, b)
		}
	}
}

// roundTrip marshals v, checks its keys, and unmarshals it into a new T.
func roundTrip[T any](t *testing.T, v T) (T, []byte) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal(%+v): %v", v, err)
	}
	checkSnakeCase(t, b)
	var got T
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	return got, b
}

func TestJSONRoundTrip(t *testing.T) {
	day := cbec.MustParseDate("2025-11-11")
	order := Order{
		Date:          day,
		SpentThisYear: y("3000"),
		Items: []Item{
			{Name: "face cream", Value: y("425"), TariffRate: yp("0.01"), VATBand: StandardBand, ConsumptionTaxRate: y("0.15")},
			{Name: "book", Value: y("80"), Quantity: 2, VATBand: LowerBand},
			{Name: "vitamins", Value: y("199.90"), TariffRate: yp("0.05"), VATRate: y("0.13")},
			{Name: "exempt", Value: y("10"), VATRate: decimal.Zero},
			{Name: "watch", Value: y("100"), Indivisible: true, VATRate: y("0.13"), VATBand: StandardBand},
		},
	}
	gotOrder, b := roundTrip(t, order)
	if diff := cmp.Diff(order, gotOrder, cmpDate); diff != "" {
		t.Errorf("Order round trip (-want +got):\n%s", diff)
	}
	for i, it := range order.Items {
		if gotOrder.Items[i].HasVATRate() != it.HasVATRate() {
			t.Errorf("item %d: HasVATRate %v after the round trip of %s, want %v", i, gotOrder.Items[i].HasVATRate(), b, it.HasVATRate())
		}
	}
	for _, want := range []string{`"date":"2025-11-11"`, `"spent_this_year":"3000"`, `"vat_band":"standard"`, `"vat_band":"lower"`, `"vat_rate":"0"`, `"quantity":2`, `"indivisible":true`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("Order JSON lacks %s: %s", want, b)
		}
	}
	for i, it := range order.Items {
		if (gotOrder.Items[i].TariffRate == nil) != (it.TariffRate == nil) {
			t.Errorf("item %d: TariffRate %v after the round trip of %s, want %v", i, gotOrder.Items[i].TariffRate, b, it.TariffRate)
		}
	}
	if strings.Count(string(b), `"tariff_rate"`) != 2 {
		t.Errorf("Order JSON has %d tariff_rate keys, want 2 (items without a rate have none): %s", strings.Count(string(b), `"tariff_rate"`), b)
	}
	if strings.Count(string(b), `"vat_rate"`) != 3 {
		t.Errorf("Order JSON has %d vat_rate keys, want 3 (items without a rate have none): %s", strings.Count(string(b), `"vat_rate"`), b)
	}

	a, err := Assess(order)
	if err != nil {
		t.Fatal(err)
	}
	gotA, b := roundTrip(t, a)
	if diff := cmp.Diff(a, gotA, cmpDate); diff != "" {
		t.Errorf("Assessment round trip (-want +got):\n%s", diff)
	}
	for _, want := range []string{`"channel":"retail_import"`, `"per_transaction":"5000"`, `"single_item_full_tax":true`, `"consumption_tax":`, `"spent_after":"3814.9"`, `"sources":[{"doc":"财关税〔2018〕49号"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("Assessment JSON lacks %s: %s", want, b)
		}
	}

	for r := range VATRates() {
		got, _ := roundTrip(t, r)
		if diff := cmp.Diff(r, got, cmpDate); diff != "" {
			t.Errorf("VATRate round trip (-want +got):\n%s", diff)
		}
	}
	for l := range AllLimits() {
		got, _ := roundTrip(t, l)
		if diff := cmp.Diff(l, got, cmpDate); diff != "" {
			t.Errorf("Limits round trip (-want +got):\n%s", diff)
		}
	}
}

// TestJSONZeroValues checks that zero values marshal, and unmarshal back to
// zero values.
func TestJSONZeroValues(t *testing.T) {
	check := func(name string, v, back any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Errorf("Marshal(zero %s): %v", name, err)
			return
		}
		checkSnakeCase(t, b)
		if err := json.Unmarshal(b, back); err != nil {
			t.Errorf("Unmarshal(%s) into %s: %v", b, name, err)
		}
	}
	check("Limits", Limits{}, new(Limits))
	check("VATRate", VATRate{}, new(VATRate))
	check("Item", Item{}, new(Item))
	check("Order", Order{}, new(Order))
	check("ItemTax", ItemTax{}, new(ItemTax))
	check("Assessment", Assessment{}, new(Assessment))

	var it Item
	if err := json.Unmarshal([]byte(`{"name":"x","value":"1"}`), &it); err != nil || it.HasVATRate() || it.VATBand != 0 {
		t.Errorf("Item without vat_rate or vat_band = %+v, %v; want neither set", it, err)
	}
	if err := json.Unmarshal([]byte(`{"name":"x","value":"1","vat_rate":null}`), &it); err != nil || it.HasVATRate() {
		t.Errorf("Item with vat_rate null: HasVATRate %v, %v; want false", it.HasVATRate(), err)
	}
	for _, v := range []any{Channel(0), Direction(0), VATBand(0), Mode(0)} {
		b, err := json.Marshal(v)
		if err != nil || string(b) != `""` {
			t.Errorf("Marshal(zero %T) = %s, %v; want \"\"", v, b, err)
		}
	}
}

// TestJSONTariffRate checks that an absent or null tariff_rate is no rate,
// "0" an explicit 0%, that both survive a round trip, and what Assess makes
// of them where tariff is due in full.
func TestJSONTariffRate(t *testing.T) {
	const head = `{"name":"watch","value":"8000","indivisible":true,"vat_band":"standard"`
	tests := []struct {
		name   string
		in     string
		rate   string // the TariffRate read, or "" for nil
		key    string // tariff_rate's text in the marshaled item, or "" for none
		tariff string // the tariff on 2024-03-01 (full tax), or "" for ErrNoTariffRate
	}{
		{"absent", head + `}`, "", "", ""},
		{"null", head + `,"tariff_rate":null}`, "", "", ""},
		{"explicit zero", head + `,"tariff_rate":"0"}`, "0", `"tariff_rate":"0"`, "0.00"},
		{"explicit zero, two decimals", head + `,"tariff_rate":"0.00"}`, "0", `"tariff_rate":"0"`, "0.00"},
		{"explicit zero, a number", head + `,"tariff_rate":0}`, "0", `"tariff_rate":"0"`, "0.00"},
		{"a rate", head + `,"tariff_rate":"0.08"}`, "0.08", `"tariff_rate":"0.08"`, "640.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var it Item
			if err := json.Unmarshal([]byte(tt.in), &it); err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.rate == "" && it.TariffRate != nil:
				t.Fatalf("TariffRate = %s, want nil", it.TariffRate)
			case tt.rate != "" && (it.TariffRate == nil || !it.TariffRate.Equal(y(tt.rate))):
				t.Fatalf("TariffRate = %v, want %s", it.TariffRate, tt.rate)
			}
			back, b := roundTrip(t, it)
			if (back.TariffRate == nil) != (it.TariffRate == nil) || it.TariffRate != nil && !back.TariffRate.Equal(*it.TariffRate) {
				t.Errorf("TariffRate %v after the round trip of %s, want %v", back.TariffRate, b, it.TariffRate)
			}
			if n := strings.Count(string(b), `"tariff_rate"`); tt.key == "" && n != 0 || tt.key != "" && !strings.Contains(string(b), tt.key) {
				t.Errorf("marshaled %s; want tariff_rate %q", b, tt.key)
			}
			a, err := Assess(Order{Date: cbec.MustParseDate("2024-03-01"), Items: []Item{back}})
			if tt.tariff == "" {
				if !errors.Is(err, ErrNoTariffRate) || !errors.Is(err, ErrInvalidOrder) {
					t.Errorf("Assess: %v; want ErrNoTariffRate and ErrInvalidOrder", err)
				}
				return
			}
			if err != nil || a.Channel != RetailImportFullTax || !a.Tariff.Equal(y(tt.tariff)) {
				t.Errorf("Assess: %v, tariff %s, %v; want full tax, tariff %s", a.Channel, a.Tariff, err, tt.tariff)
			}
		})
	}
}

func TestChannelText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Channel
	}{
		{"", 0},
		{"retail_import", RetailImport},
		{"retail_import_full_tax", RetailImportFullTax},
		{"general_trade", GeneralTrade},
		{"Retail_Import\n", RetailImport},
		{"\u00a0GENERAL_TRADE", GeneralTrade},
		{"ｇｅｎｅｒａｌ＿ｔｒａｄｅ", GeneralTrade},
		{"retail import (full tax)", RetailImportFullTax},
		{"General Trade", GeneralTrade},
	} {
		var c Channel
		if err := c.UnmarshalText([]byte(tt.in)); err != nil || c != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tt.in, c, err, tt.want)
		}
	}
	for _, in := range []string{" ", "retail", "Channel(1)", "1", "retail-import"} {
		var c Channel
		if err := c.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want error", in, c)
		}
	}
	for c := RetailImport; c <= GeneralTrade; c++ {
		b, err := c.MarshalText()
		var back Channel
		if err != nil || back.UnmarshalText(b) != nil || back != c {
			t.Errorf("text round trip of %v: %q, %v -> %v", c, b, err, back)
		}
	}
	if _, err := Channel(4).MarshalText(); err == nil {
		t.Error("Channel(4).MarshalText succeeded")
	}
}

func TestDirectionText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Direction
	}{
		{"", 0},
		{"import", Import},
		{"export", Export},
		{"Import", Import},
		{" EXPORT\n", Export},
		{"ｉｍｐｏｒｔ", Import},
		{"进口", Import},
		{"出口\u3000", Export},
	} {
		var d Direction
		if err := d.UnmarshalText([]byte(tt.in)); err != nil || d != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tt.in, d, err, tt.want)
		}
	}
	for _, in := range []string{" ", "imports", "in", "Direction(1)"} {
		var d Direction
		if err := d.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want error", in, d)
		}
	}
	for _, d := range []Direction{Import, Export} {
		b, err := d.MarshalText()
		var back Direction
		if err != nil || back.UnmarshalText(b) != nil || back != d {
			t.Errorf("text round trip of %v: %q, %v -> %v", d, b, err, back)
		}
	}
	if _, err := Direction(3).MarshalText(); err == nil {
		t.Error("Direction(3).MarshalText succeeded")
	}
}

func TestVATBandText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want VATBand
	}{
		{"", 0},
		{"standard", StandardBand},
		{"lower", LowerBand},
		{"Standard", StandardBand},
		{" LOWER\n", LowerBand},
		{"ｓｔａｎｄａｒｄ\u00a0", StandardBand},
	} {
		var b VATBand
		if err := b.UnmarshalText([]byte(tt.in)); err != nil || b != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tt.in, b, err, tt.want)
		}
	}
	for _, in := range []string{" ", "low", "reduced", "13%"} {
		var b VATBand
		if err := b.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want error", in, b)
		}
	}
	if _, err := VATBand(3).MarshalText(); err == nil {
		t.Error("VATBand(3).MarshalText succeeded")
	}
}

// TestAssessVATBand checks how Assess finds an item's VAT rate: from its
// band on the order's date, its explicit rate, or neither (an error).
func TestAssessVATBand(t *testing.T) {
	base := Item{Name: "goods", Value: y("100"), TariffRate: yp("0.1")}
	with := func(band VATBand, rate string) Item {
		it := base
		it.VATBand = band
		if rate != "" {
			it.VATRate = y(rate)
		}
		return it
	}
	tests := []struct {
		name    string
		day     string
		item    Item
		rate    string // the rate applied, or "" for an error
		vat     string // the line's VAT within the limits
		noVAT   bool   // the error wraps ErrNoVATRate
		errText string
	}{
		{"standard band 2025", "2025-11-11", with(StandardBand, ""), "0.13", "9.10", false, ""},
		{"lower band 2025", "2025-11-11", with(LowerBand, ""), "0.09", "6.30", false, ""},
		{"standard band 2018-06", "2018-06-01", with(StandardBand, ""), "0.16", "11.20", false, ""},
		{"standard band 2017", "2017-01-01", with(StandardBand, ""), "0.17", "11.90", false, ""},
		{"lower band 2017-07", "2017-07-01", with(LowerBand, ""), "0.11", "7.70", false, ""},
		{"explicit rate", "2025-11-11", with(0, "0.13"), "0.13", "9.10", false, ""},
		{"explicit zero", "2025-11-11", with(0, "0"), "0", "0.00", false, ""},
		{"band and its rate", "2025-11-11", with(StandardBand, "0.13"), "0.13", "9.10", false, ""},
		{"neither", "2025-11-11", base, "", "", true, "give a VAT band"},
		{"band and another rate", "2025-11-11", with(StandardBand, "0.16"), "", "", false, "is not the standard rate 0.13"},
		{"invalid band", "2025-11-11", with(VATBand(9), ""), "", "", false, "VATBand(9)"},
		{"band and a bad rate", "2025-11-11", with(LowerBand, "1.5"), "", "", false, "VAT rate 1.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Assess(Order{Date: cbec.MustParseDate(tt.day), Items: []Item{tt.item}})
			if tt.rate == "" {
				if err == nil {
					t.Fatalf("Assess succeeded: %+v", a)
				}
				if !errors.Is(err, ErrInvalidOrder) {
					t.Errorf("error %v does not wrap ErrInvalidOrder", err)
				}
				if errors.Is(err, ErrNoVATRate) != tt.noVAT {
					t.Errorf("error %v: wraps ErrNoVATRate = %v, want %v", err, !tt.noVAT, tt.noVAT)
				}
				if !strings.Contains(err.Error(), tt.errText) {
					t.Errorf("error %q lacks %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := ItemTax{Name: "goods", Value: y("100"), Tariff: y("0"), ConsumptionTax: y("0"), VAT: y(tt.vat), Total: y(tt.vat), VATRate: y(tt.rate)}
			if diff := cmp.Diff(want, a.Items[0]); diff != "" {
				t.Errorf("item tax (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAssessNoVATRate is the case: an item with no VAT rate is not
// taxed at 0%.
func TestAssessNoVATRate(t *testing.T) {
	_, err := Assess(Order{Date: cbec.MustParseDate("2025-01-01"), Items: []Item{{Value: y("100")}}})
	if !errors.Is(err, ErrInvalidOrder) || !errors.Is(err, ErrNoVATRate) {
		t.Errorf("Assess of an item without a VAT rate: %v; want an error wrapping ErrInvalidOrder and ErrNoVATRate", err)
	}
}
