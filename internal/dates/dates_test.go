package dates

import "testing"

// Dates of any year print as written and parse back.
func TestParseString(t *testing.T) {
	for _, s := range []string{"0999-12-31", "0001-01-01", "2012-12-31", "2024-02-29", "0999-01", "0042", "2100-12", ""} {
		d, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if d.String() != s {
			t.Errorf("Parse(%q).String() = %q", s, d.String())
		}
	}
	for _, s := range []string{"2021-02-29", "1900-02-29", "2021-04-31", "2021-13", "2021-00", "0000", "21", "2021-1-1", "+021", "-021", "2021/01/01", "2021-01-01 ", "２０２１"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded", s)
		}
	}
}

func TestEnd(t *testing.T) {
	for _, tt := range []struct {
		s   string
		end int32
	}{
		{"", 0}, {"2021", 20220101}, {"2021-12", 20220101}, {"2021-02", 20210301}, {"2021-02-28", 20210228},
	} {
		d, err := Parse(tt.s)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.End(); got != tt.end {
			t.Errorf("Parse(%q).End() = %d, want %d", tt.s, got, tt.end)
		}
	}
}

func TestRead(t *testing.T) {
	for _, tt := range []struct {
		s  string
		ok bool
	}{
		{"", true}, {"1990-01-01", true}, {"1990", true}, {"2100-12-31", true},
		{"1989-12-31", false}, {"1989-12", false}, {"1989", false}, {"2101-01-01", false}, {"0999-12-31", false}, {"2021-1-1", false},
	} {
		d, err := Read(tt.s)
		if (err == nil) != tt.ok {
			t.Errorf("Read(%q) = %v, %v", tt.s, d, err)
		}
		if err != nil && d != (Partial{}) {
			t.Errorf("Read(%q) = %v with its error", tt.s, d)
		}
	}
}

// FuzzParse: whatever Parse accepts prints back as given and ends no
// earlier than it starts.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "2021", "2021-02", "2024-02-29", "2021-02-29", "0000-01", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if d != (Partial{}) {
				t.Fatalf("Parse(%q) = %v with error %v", s, d, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, d.String())
		}
		if d.Prec != Unknown && d.End() < d.Min {
			t.Fatalf("Parse(%q): ends %d before %d", s, d.End(), d.Min)
		}
	})
}
