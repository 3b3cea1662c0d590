package zonedata

import "testing"

// Days of any year print as written and parse back.
func TestDayString(t *testing.T) {
	for _, s := range []string{"0999-12-31", "0001-01-01", "2012-12-31", "0999-01", "0042", "2100-12"} {
		d, err := ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		if d.String() != s {
			t.Errorf("ParseDay(%q).String() = %q", s, d.String())
		}
	}
}

func TestCheckRange(t *testing.T) {
	for _, tt := range []struct {
		s  string
		ok bool
	}{
		{"", true}, {"1990-01-01", true}, {"1990", true}, {"2100-12-31", true},
		{"1989-12-31", false}, {"1989-12", false}, {"1989", false}, {"2101-01-01", false}, {"0999-12-31", false},
	} {
		d, err := ParseDay(tt.s)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckRange(d, Earliest, Horizon); (err == nil) != tt.ok {
			t.Errorf("CheckRange(%q) = %v", tt.s, err)
		}
	}
}
