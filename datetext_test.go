package cbec_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
)

func TestParseDateText(t *testing.T) {
	tests := []struct {
		in   string
		want string // the date, or "" for an error
		err  string // a part of the error's problem
	}{
		// What ParseDate accepts.
		{"2024-06-01", "2024-06-01", ""},
		{" 2024-06-01\r\n", "2024-06-01", ""},
		{"\ufeff2020-02-29\u3000", "2020-02-29", ""},
		// YYYY-M-D.
		{"2024-6-1", "2024-06-01", ""},
		{"2024-06-1", "2024-06-01", ""},
		{"2024-12-31", "2024-12-31", ""},
		// YYYY/M/D.
		{"2024/6/1", "2024-06-01", ""},
		{"2024/06/01", "2024-06-01", ""},
		{"2024/12/1", "2024-12-01", ""},
		{"0001/1/1", "0001-01-01", ""},
		// YYYYMMDD.
		{"20240601", "2024-06-01", ""},
		{"20000229", "2000-02-29", ""},
		// YYYY年M月D日.
		{"2024年6月1日", "2024-06-01", ""},
		{"2024年06月01日", "2024-06-01", ""},
		{"2024年12月31日", "2024-12-31", ""},
		// Full-width digits and separators, surrounding white space.
		{"２０２４－０６－０１", "2024-06-01", ""},
		{"２０２４／６／１", "2024-06-01", ""},
		{"２０２４０６０１", "2024-06-01", ""},
		{"２０２４年６月１日", "2024-06-01", ""},
		{"\u00a02024/6/1\t", "2024-06-01", ""},
		{"\u30002024年6月1日\u3000", "2024-06-01", ""},

		// Ambiguous: the year last, or two digits.
		{"6/1/2024", "", "the year comes last, so whether the month or the day comes first is not known (month first: 2024-06-01; day first: 2024-01-06)"},
		{"01/06/2024", "", "(month first: 2024-01-06; day first: 2024-06-01)"},
		{"13/1/2024", "", "the year comes last, so whether the month or the day comes first is not known (day first: 2024-01-13)"},
		{"1/1/2024", "", "(month first: 2024-01-01)"},
		{"6-1-2024", "", "the year comes last"},
		{"24/6/1", "", "a two-digit year"},
		{"24-06-01", "", "a two-digit year"},
		{"6/1/24", "", "a two-digit year"},
		{"240601", "", "six digits (YYMMDD?): a two-digit year"},
		{"24年6月1日", "", "a two-digit year"},
		// Days that do not exist.
		{"2023-02-29", "", "no such day: February 2023 has 28 days"},
		{"2023/2/29", "", "no such day: February 2023 has 28 days"},
		{"20230229", "", "no such day"},
		{"2024年4月31日", "", "no such day: April 2024 has 30 days"},
		{"2024/13/1", "", "no month 13"},
		{"2024/0/1", "", "no month 0"},
		{"2024/1/0", "", "no such day"},
		{"0000/1/1", "", "year 0 does not exist"},
		{"00000101", "", "year 0 does not exist"},
		// A time of day.
		{"2024/6/1 0:00", "", "a time of day: give the day only, as 2024-06-01"},
		{"2024-06-01T08:00:00+08:00", "", "a time of day: give the day only, as 2024-06-01"},
		{"6/1/2024 12:00", "", "a time of day; want the year first"},
		// Other forms.
		{"45444", "", "a number, not a date (a spreadsheet's serial day number?)"},
		{"2024-6/1", "", "mixed separators"},
		{"2024.6.1", "", "want the year first, as 2024-06-01, 2024/6/1, 20240601 or 2024年6月1日"},
		{"2024/6", "", "want the year first"},
		{"2024/6/1/1", "", "want the year first"},
		{"2024//1", "", "want the year first"},
		{"2024/006/1", "", "want the year first"},
		{"2024/6/ 1", "", "want the year first"},
		{"2024 /6/1", "", "want the year first"},
		{"+2024-6-1", "", "want the year first"},
		{"2024-6-1-", "", "want the year first"},
		{"2024年6月1", "", "want the year first"},
		{"2024年6月1日x", "", "want the year first"},
		{"2024年6月001日", "", "want the year first"},
		{"2024年月1日", "", "want the year first"},
		{"June 1, 2024", "", "want the year first"},
		{"2024061", "", "want the year first"},
		{"202406011", "", "want the year first"},
		{"", "", "empty"},
		{"\u3000 ", "", "empty"},
	}
	for _, tt := range tests {
		got, err := cbec.ParseDateText(tt.in)
		if tt.want != "" {
			if err != nil || got.String() != tt.want {
				t.Errorf("ParseDateText(%q) = %v, %v, want %s", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseDateText(%q) = %v, want an error", tt.in, got)
			continue
		}
		if got.IsValid() {
			t.Errorf("ParseDateText(%q) returned %v with its error", tt.in, got)
		}
		if !errors.Is(err, cbec.ErrInvalidDate) {
			t.Errorf("ParseDateText(%q) error %v does not wrap ErrInvalidDate", tt.in, err)
		}
		if want := fmt.Sprintf("cbec: invalid date %q: ", tt.in); !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ParseDateText(%q) error %q does not start with %q", tt.in, err, want)
		}
		if !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseDateText(%q) error %q, want one containing %q", tt.in, err, tt.err)
		}
	}
}

// ParseDateText accepts what ParseDate accepts, with the same result.
func TestParseDateTextExtendsParseDate(t *testing.T) {
	for _, s := range []string{"2019-01-01", " 2019-01-01", "2019-01-01\n", "\u30002019-01-01\u3000", "\ufeff2019-01-01",
		"0001-01-01", "9999-12-31", "2000-02-29"} {
		want, err := cbec.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := cbec.ParseDateText(s); err != nil || got != want {
			t.Errorf("ParseDateText(%q) = %v, %v, want %v", s, got, err, want)
		}
	}
}

func TestParseDateTextAllocs(t *testing.T) {
	for _, s := range []string{"2024-06-01", "2024/6/1", "20240601", "2024年6月1日", " 2024-6-1 "} {
		if n := testing.AllocsPerRun(100, func() { _, _ = cbec.ParseDateText(s) }); n != 0 {
			t.Errorf("ParseDateText(%q) allocates %v times, want 0", s, n)
		}
	}
}

func FuzzParseDateText(f *testing.F) {
	for _, s := range []string{"2024-06-01", "2024-6-1", "2024/6/1", "20240601", "2024年6月1日", "6/1/2024",
		"24/6/1", "２０２４／６／１", "2024/6/1 0:00", "45444", "", " 2023-02-29 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := cbec.ParseDateText(s)
		if p, perr := cbec.ParseDate(s); perr == nil && (err != nil || d != p) {
			t.Fatalf("ParseDate(%q) = %v but ParseDateText gives %v, %v", s, p, d, err)
		}
		if err != nil {
			if d.IsValid() || !errors.Is(err, cbec.ErrInvalidDate) {
				t.Fatalf("ParseDateText(%q) = %v, %v", s, d, err)
			}
			return
		}
		if !d.IsValid() {
			t.Fatalf("ParseDateText(%q) = the zero Date without an error", s)
		}
		// Its text form parses back to it, in every form.
		y, m, day := d.Year(), int(d.Month()), d.Day()
		for _, form := range []string{
			d.String(),
			fmt.Sprintf("%04d/%d/%d", y, m, day),
			fmt.Sprintf("%04d-%d-%d", y, m, day),
			fmt.Sprintf("%04d%02d%02d", y, m, day),
			fmt.Sprintf("%04d年%d月%d日", y, m, day),
		} {
			if got, err := cbec.ParseDateText(form); err != nil || got != d {
				t.Fatalf("ParseDateText(%q) = %v, %v; ParseDateText(%q) = %v", form, got, err, s, d)
			}
		}
	})
}

func ExampleParseDateText() {
	for _, s := range []string{"2024-06-01", "2024/6/1", "2024-6-1", "20240601", "2024年6月1日", "6/1/2024", "24/6/1"} {
		d, err := cbec.ParseDateText(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(d)
	}
	// Output:
	// 2024-06-01
	// 2024-06-01
	// 2024-06-01
	// 2024-06-01
	// 2024-06-01
	// cbec: invalid date "6/1/2024": the year comes last, so whether the month or the day comes first is not known (month first: 2024-06-01; day first: 2024-01-06); write the year first, as YYYY-MM-DD
	// cbec: invalid date "24/6/1": a two-digit year: day, month and year cannot be told apart; write the year in full, as YYYY-MM-DD
}
