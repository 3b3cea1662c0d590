package cbec_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/norm"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want cbec.Date
		ok   bool
	}{
		{"2019-01-01", cbec.MakeDate(2019, time.January, 1), true},
		{"2020-02-29", cbec.MakeDate(2020, time.February, 29), true},
		{"2000-02-29", cbec.MakeDate(2000, time.February, 29), true},
		{"0001-01-01", cbec.MakeDate(1, time.January, 1), true},
		{"9999-12-31", cbec.MakeDate(9999, time.December, 31), true},
		// Surrounding white space, Unicode's, is ignored.
		{" 2019-01-01", cbec.MakeDate(2019, time.January, 1), true},
		{"2019-01-01 ", cbec.MakeDate(2019, time.January, 1), true},
		{"2019-01-01\n", cbec.MakeDate(2019, time.January, 1), true},
		{"\t2019-01-01\r\n", cbec.MakeDate(2019, time.January, 1), true},
		{"2019-01-01\u00a0", cbec.MakeDate(2019, time.January, 1), true},
		{"\u30002019-01-01\u3000", cbec.MakeDate(2019, time.January, 1), true},
		{"\ufeff2019-01-01", cbec.MakeDate(2019, time.January, 1), true},
		{"2019-02-29", cbec.Date{}, false},
		{"1900-02-29", cbec.Date{}, false},
		{"2019-13-01", cbec.Date{}, false},
		{"2019-00-10", cbec.Date{}, false},
		{"2019-04-31", cbec.Date{}, false},
		{"2019-01-00", cbec.Date{}, false},
		{"0000-01-01", cbec.Date{}, false},
		{"2019 -01-01", cbec.Date{}, false},
		{"2019-01- 1", cbec.Date{}, false},
		{"2019-1-1", cbec.Date{}, false},
		{"2019/01/01", cbec.Date{}, false},
		{"20190101", cbec.Date{}, false},
		{"２０１９-01-01", cbec.Date{}, false},
		{"2019－01－01", cbec.Date{}, false},
		{"+019-01-01", cbec.Date{}, false},
		{"", cbec.Date{}, false},
		{" ", cbec.Date{}, false},
	}
	for _, tt := range tests {
		got, err := cbec.ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmpDate); diff != "" {
			t.Errorf("ParseDate(%q) (-want +got):\n%s", tt.in, diff)
		}
		if err != nil {
			if !errors.Is(err, cbec.ErrInvalidDate) {
				t.Errorf("ParseDate(%q) error %v does not wrap ErrInvalidDate", tt.in, err)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.in)) {
				t.Errorf("ParseDate(%q) error %q does not quote the input", tt.in, err)
			}
		} else if got.String() != norm.Trim(tt.in) {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

// cmpDate compares Dates, whose field is unexported, with ==.
var cmpDate = cmp.Comparer(func(a, b cbec.Date) bool { return a == b })

func TestMustParseDatePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseDate(\"bad\") did not panic")
		}
	}()
	cbec.MustParseDate("bad")
}

func TestMakeDate(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2019, time.January, 1, "2019-01-01"},
		{2019, time.February, 29, "2019-03-01"}, // normalised like time.Date
		{2018, time.December, 32, "2019-01-01"},
		{0, time.January, 1, ""},
		{10000, time.January, 1, ""},
	}
	for _, tt := range tests {
		if got := cbec.MakeDate(tt.y, tt.m, tt.d).String(); got != tt.want {
			t.Errorf("MakeDate(%d, %d, %d) = %q, want %q", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func TestDateInChina(t *testing.T) {
	tests := []struct {
		instant string
		want    string
	}{
		{"2018-12-31T15:59:59Z", "2018-12-31"},
		{"2018-12-31T16:00:00Z", "2019-01-01"},
		{"2019-01-01T00:00:00+08:00", "2019-01-01"},
		{"2018-12-31T23:59:59+08:00", "2018-12-31"},
		{"2019-01-01T00:30:00-05:00", "2019-01-01"}, // 13:30 in China
		{"2019-01-01T12:00:00-05:00", "2019-01-02"}, // 01:00 next day in China
	}
	for _, tt := range tests {
		in, err := time.Parse(time.RFC3339, tt.instant)
		if err != nil {
			t.Fatal(err)
		}
		if got := cbec.DateInChina(in).String(); got != tt.want {
			t.Errorf("DateInChina(%s) = %s, want %s", tt.instant, got, tt.want)
		}
	}
}

func TestDateOrder(t *testing.T) {
	a, b := cbec.MustParseDate("2018-12-31"), cbec.MustParseDate("2019-01-01")
	var zero cbec.Date
	tests := []struct {
		x, y          cbec.Date
		cmp           int
		before, after bool
	}{
		{a, b, -1, true, false},
		{b, a, +1, false, true},
		{a, a, 0, false, false},
		{zero, a, -1, true, false},
		{a, zero, +1, false, true},
		{zero, zero, 0, false, false},
	}
	for _, tt := range tests {
		if got := tt.x.Compare(tt.y); got != tt.cmp {
			t.Errorf("%v.Compare(%v) = %d, want %d", tt.x, tt.y, got, tt.cmp)
		}
		if got := tt.x.Before(tt.y); got != tt.before {
			t.Errorf("%v.Before(%v) = %v", tt.x, tt.y, got)
		}
		if got := tt.x.After(tt.y); got != tt.after {
			t.Errorf("%v.After(%v) = %v", tt.x, tt.y, got)
		}
	}
}

func TestDateAccessors(t *testing.T) {
	d := cbec.MustParseDate("2021-03-18")
	if d.Year() != 2021 || d.Month() != time.March || d.Day() != 18 || !d.IsValid() {
		t.Errorf("accessors of %v: %d %v %d %v", d, d.Year(), d.Month(), d.Day(), d.IsValid())
	}
	var zero cbec.Date
	if zero.IsValid() || zero.String() != "" || zero.Year() != 0 || !zero.Time().IsZero() {
		t.Errorf("zero Date: valid=%v string=%q", zero.IsValid(), zero.String())
	}
	if got := d.Time(); got.Format(time.RFC3339) != "2021-03-18T00:00:00+08:00" {
		t.Errorf("Time() = %v", got)
	}
	for _, tt := range []struct {
		n    int
		want string
	}{{1, "2021-03-19"}, {-18, "2021-02-28"}, {0, "2021-03-18"}, {365, "2022-03-18"}} {
		if got := d.AddDays(tt.n).String(); got != tt.want {
			t.Errorf("AddDays(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
	if zero.AddDays(5).IsValid() {
		t.Error("zero.AddDays(5) is valid")
	}
}

func TestDateText(t *testing.T) {
	type doc struct {
		D cbec.Date  `json:"d"`
		Z cbec.Date  `json:"z"`
		P *cbec.Date `json:"p,omitempty"`
	}
	in := doc{D: cbec.MustParseDate("2020-01-17")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"d":"2020-01-17","z":""}` {
		t.Errorf("json = %s", b)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out, cmpDate); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`{"d":"2020-1-17"}`, `{"d":"2019-02-29"}`, `{"d":"x"}`} {
		if err := json.Unmarshal([]byte(bad), &out); !errors.Is(err, cbec.ErrInvalidDate) {
			t.Errorf("Unmarshal(%s) error = %v, want ErrInvalidDate", bad, err)
		}
	}
	if got := string(cbec.MustParseDate("0042-07-04").AppendText([]byte("on "))); got != "on 0042-07-04" {
		t.Errorf("AppendText = %q", got)
	}
}

func TestPeriod(t *testing.T) {
	d := cbec.MustParseDate
	p := cbec.Period{From: d("2019-01-01"), Until: d("2020-01-17")}
	open := cbec.Period{From: d("2021-03-18")}
	noStart := cbec.Period{Until: d("2016-05-11")}
	tests := []struct {
		p    cbec.Period
		day  cbec.Date
		want bool
	}{
		{p, d("2018-12-31"), false},
		{p, d("2019-01-01"), true},
		{p, d("2020-01-16"), true},
		{p, d("2020-01-17"), false},
		{open, d("2021-03-17"), false},
		{open, d("2021-03-18"), true},
		{open, d("9999-12-31"), true},
		{noStart, d("0001-01-01"), true},
		{noStart, d("2016-05-10"), true},
		{noStart, d("2016-05-11"), false},
		{cbec.Period{}, d("2000-01-01"), true},
		{p, cbec.Date{}, false},
		{cbec.Period{}, cbec.Date{}, false},
	}
	for _, tt := range tests {
		if got := tt.p.Contains(tt.day); got != tt.want {
			t.Errorf("%v.Contains(%v) = %v, want %v", tt.p, tt.day, got, tt.want)
		}
	}
	for _, tt := range []struct {
		p    cbec.Period
		want string
		open bool
	}{
		{p, "[2019-01-01, 2020-01-17)", false},
		{open, "[2021-03-18, …)", true},
		{noStart, "[…, 2016-05-11)", false},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
		if tt.p.IsOpen() != tt.open {
			t.Errorf("%v.IsOpen() = %v", tt.p, !tt.open)
		}
	}
}

func TestSourceString(t *testing.T) {
	s := cbec.Source{Doc: "商财发〔2018〕486号", Issued: cbec.MustParseDate("2018-11-28")}
	if got := s.String(); got != "商财发〔2018〕486号 (2018-11-28)" {
		t.Errorf("String() = %q", got)
	}
	if got := (cbec.Source{Doc: "海关总署公告2014年第12号"}).String(); got != "海关总署公告2014年第12号" {
		t.Errorf("String() = %q", got)
	}
}

func TestDataDate(t *testing.T) {
	if got := cbec.DataDate().String(); got != cbec.DataVersion {
		t.Errorf("DataDate() = %s, want %s", got, cbec.DataVersion)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2019-01-01", "2019-02-29", "2020-02-29", " 2019-01-01", "2019-1-1", "9999-12-31", "0000-00-00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := cbec.ParseDate(s)
		if err != nil {
			if d.IsValid() {
				t.Fatalf("ParseDate(%q) returned %v with error %v", s, d, err)
			}
			return
		}
		if got := d.String(); got != norm.Trim(s) {
			t.Fatalf("ParseDate(%q).String() = %q", s, got)
		}
		if got := cbec.MakeDate(d.Year(), d.Month(), d.Day()); got != d {
			t.Fatalf("MakeDate(parts of %v) = %v", d, got)
		}
		tm := d.Time()
		if got := cbec.DateInChina(tm); got != d {
			t.Fatalf("DateInChina(%v.Time()) = %v", d, got)
		}
	})
}

func TestYYYYMMDD(t *testing.T) {
	if got := cbec.MustParseDate("2019-01-01").YYYYMMDD(); got != 20190101 {
		t.Errorf("YYYYMMDD() = %d", got)
	}
	if got := (cbec.Date{}).YYYYMMDD(); got != 0 {
		t.Errorf("zero YYYYMMDD() = %d", got)
	}
}

// Every year 1..9999 formats with four digits and parses back.
func TestDateStringAnyYear(t *testing.T) {
	for _, s := range []string{"0001-01-01", "0009-02-03", "0099-12-31", "0999-12-31", "1000-01-01", "9999-12-31"} {
		d, err := cbec.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		if d.String() != s {
			t.Errorf("ParseDate(%q).String() = %q", s, d.String())
		}
		if b, _ := d.MarshalText(); string(b) != s {
			t.Errorf("MarshalText(%q) = %q", s, b)
		}
	}
}
