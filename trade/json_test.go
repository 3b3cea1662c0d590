package trade

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
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
	for _, want := range []string{`"date":"2025-11-11"`, `"spent_this_year":"3000.00"`, `"value":"80.00"`, `"value":"199.90"`, `"vat_band":"standard"`, `"vat_band":"lower"`, `"vat_rate":"0"`, `"quantity":2`, `"indivisible":true`} {
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
	for _, want := range []string{`"channel":"retail_import"`, `"per_transaction":"5000.00"`, `"annual":"26000.00"`, `"tariff":"0.00"`, `"vat":"5.04"`, `"total":"130.33"`, `"single_item_full_tax":true`, `"consumption_tax":`, `"spent_after":"3814.90"`, `"vat_rate":"0.09"`, `"sources":[{"doc":"财关税〔2018〕49号"`} {
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

// moneyText matches a money amount in JSON: exactly two decimals.
var moneyText = regexp.MustCompile(`^"[0-9]+\.[0-9]{2}"$`)

// jsonKeys returns the keys of the JSON object b in order, with their values.
func jsonKeys(t *testing.T, b []byte) ([]string, map[string]json.RawMessage) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s: not an object (%v, %v)", b, tok, err)
	}
	var keys []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		k := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		keys = append(keys, k)
		vals[k] = v
	}
	return keys, vals
}

// TestJSONFields checks the JSON form of each type that holds money against
// the type itself: every field under its tag, in order, and every
// decimal.Decimal field with exactly two decimals unless it is a rate (its
// name ends in Rate), which is written as it is. The values are set so that
// no field is left out and no amount has two decimals of its own.
func TestJSONFields(t *testing.T) {
	day := cbec.MustParseDate("2024-03-01")
	it := Item{Name: "watch", Value: y("8000"), Quantity: 1, TariffRate: yp("0.080"), VATRate: y("0.13"),
		VATBand: StandardBand, ConsumptionTaxRate: y("0"), Indivisible: true}
	a, err := Assess(Order{Date: day, SpentThisYear: y("1000.5"), Items: []Item{it}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Channel != RetailImportFullTax {
		t.Fatalf("channel %v", a.Channel)
	}
	a.Tariff = y("640") // not 640.00 as Assess makes it
	lim, _ := LimitsOn(day)
	for _, v := range []any{
		it,
		Order{Date: day, Items: []Item{it}, SpentThisYear: y("1000.5")},
		ItemTax{Name: "watch", Value: y("8000"), Tariff: y("640"), ConsumptionTax: y("0"), VAT: y("1123.2"), Total: y("1763.2"), VATRate: y("0.130")},
		a,
		lim,
	} {
		rt := reflect.TypeOf(v)
		t.Run(rt.Name(), func(t *testing.T) {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			keys, vals := jsonKeys(t, b)
			var want []string
			rv := reflect.ValueOf(v)
			for i := range rt.NumField() {
				f := rt.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				want = append(want, name)
				d, ok := rv.Field(i).Interface().(decimal.Decimal)
				if !ok {
					continue
				}
				text := string(vals[name])
				switch {
				case strings.HasSuffix(f.Name, "Rate"):
					if text != `"`+d.String()+`"` {
						t.Errorf("rate %s = %s, want %q", f.Name, text, d.String())
					}
				case !moneyText.MatchString(text) || text != `"`+d.StringFixed(2)+`"`:
					t.Errorf("money %s = %s, want %q", f.Name, text, d.StringFixed(2))
				}
			}
			if diff := cmp.Diff(want, keys); diff != "" {
				t.Errorf("keys of %s (-fields +JSON):\n%s", b, diff)
			}
		})
	}
}

// TestJSONMoney checks that money marshals with exactly two decimals and
// unmarshals back to the same amount, in each type that holds money.
func TestJSONMoney(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"0", "0.00"},
		{"780", "780.00"},
		{"842.4", "842.40"},
		{"425.00", "425.00"},
		{"99.90", "99.90"},
		{"0.05", "0.05"},
		{"5.0400", "5.04"},
		{"1000000000000", "1000000000000.00"},
		{"1E+3", "1000.00"},
		// Not a whole number of fen: written in full, never rounded, so that
		// a round trip does not turn an order Assess refuses into another.
		{"10.001", "10.001"},
		{"-0.005", "-0.005"},
	} {
		d := y(tt.in)
		for _, c := range []struct {
			name string
			v    any
			key  string
			back func([]byte) (decimal.Decimal, error)
		}{
			{"Item", Item{Name: "x", Value: d}, "value", func(b []byte) (decimal.Decimal, error) {
				var v Item
				err := json.Unmarshal(b, &v)
				return v.Value, err
			}},
			{"Order", Order{SpentThisYear: d}, "spent_this_year", func(b []byte) (decimal.Decimal, error) {
				var v Order
				err := json.Unmarshal(b, &v)
				return v.SpentThisYear, err
			}},
			{"ItemTax", ItemTax{VAT: d}, "vat", func(b []byte) (decimal.Decimal, error) {
				var v ItemTax
				err := json.Unmarshal(b, &v)
				return v.VAT, err
			}},
			{"Assessment", Assessment{Total: d}, "total", func(b []byte) (decimal.Decimal, error) {
				var v Assessment
				err := json.Unmarshal(b, &v)
				return v.Total, err
			}},
			{"Limits", Limits{Annual: d}, "annual", func(b []byte) (decimal.Decimal, error) {
				var v Limits
				err := json.Unmarshal(b, &v)
				return v.Annual, err
			}},
		} {
			b, err := json.Marshal(c.v)
			if err != nil {
				t.Fatalf("%s with %s: %v", c.name, tt.in, err)
			}
			if want := `"` + c.key + `":"` + tt.want + `"`; !strings.Contains(string(b), want) {
				t.Errorf("%s with %s: %s lacks %s", c.name, tt.in, b, want)
			}
			got, err := c.back(b)
			if err != nil || !got.Equal(d) {
				t.Errorf("%s with %s: %s unmarshals to %s, %v", c.name, tt.in, b, got, err)
			}
		}
	}
}

// TestJSONMoneyAssess checks the amounts of an assessment in JSON: those of
// ExampleAssess_singleItem, which print as 640, 1123.2 and 1763.2.
func TestJSONMoneyAssess(t *testing.T) {
	a, err := Assess(Order{Date: cbec.MustParseDate("2024-03-01"), Items: []Item{
		{Name: "watch", Value: y("8000"), Indivisible: true, TariffRate: yp("0.08"), VATRate: y("0.13")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, b := roundTrip(t, a)
	// Each amount of the line, then the order's.
	for want, n := range map[string]int{
		`"value":"8000.00"`: 2, `"tariff":"640.00"`: 2, `"consumption_tax":"0.00"`: 2, `"vat":"1123.20"`: 2,
		`"total":"1763.20"`: 2, `"counted":"8000.00"`: 1, `"spent_after":"8000.00"`: 1, `"vat_rate":"0.13"`: 1,
	} {
		if got := strings.Count(string(b), want); got != n {
			t.Errorf("%s: %s %d times, want %d", b, want, got, n)
		}
	}
	if diff := cmp.Diff(a, got, cmpDate); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestJSONMoneyWithoutQuotes checks that money follows
// decimal.MarshalJSONWithoutQuotes as a decimal.Decimal does: a number, still
// with two decimals, that unmarshals back.
func TestJSONMoneyWithoutQuotes(t *testing.T) {
	defer func(was bool) { decimal.MarshalJSONWithoutQuotes = was }(decimal.MarshalJSONWithoutQuotes)
	decimal.MarshalJSONWithoutQuotes = true
	b, err := json.Marshal(ItemTax{Name: "x", Value: y("80"), VAT: y("5.04"), VATRate: y("0.09")})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"name":"x","value":80.00,"tariff":0.00,"consumption_tax":0.00,"vat":5.04,"total":0.00,"vat_rate":0.09}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	var back ItemTax
	if err := json.Unmarshal(b, &back); err != nil || !back.Value.Equal(y("80")) || !back.VAT.Equal(y("5.04")) {
		t.Errorf("Unmarshal(%s) = %+v, %v", b, back, err)
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
	for _, in := range []string{"retail", "Channel(1)", "1", "retail-import"} {
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
	for _, in := range []string{"imports", "in", "Direction(1)"} {
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
	for _, in := range []string{"low", "reduced", "13%"} {
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
