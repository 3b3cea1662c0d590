package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// TestTails: a row whose decision comes from the cache of decisions' columns
// is the row written without it, whatever decisions share a slot.
func TestTails(t *testing.T) {
	var b strings.Builder
	b.WriteString("city,date,mode\n")
	cities := []string{"杭州", "Hangzhou", "330100", "朝阳", "北京朝阳", "天水", "Suzhou", "义乌", "三亚"}
	dates := []string{"2014-01-01", "2019/3/1", "2021年3月18日", "20260101", "2027-01-01"}
	modes := []string{"1210", "9610", "1239", "9710", "9810"}
	var want []string
	for i := range 3000 {
		city, date, mode := cities[i*7%len(cities)], dates[i/3%len(dates)], modes[i/5%len(modes)]
		fmt.Fprintf(&b, "%s,%s,%s\n", city, date, mode)
		d, _ := cbec.ParseDateText(date)
		m, _ := trade.ParseMode(mode)
		dec, err := policy.Permitted(city, d, m)
		if err != nil {
			want = append(want, "error")
			continue
		}
		row, _ := languages[0].appendDecision(nil, nil, nil, dec)
		want = append(want, string(row))
	}
	var out bytes.Buffer
	c := newChecker(options{}, &out, io.Discard)
	c.tails = newTails(7) // so that decisions share slots
	if err := c.input("-", strings.NewReader(b.String())); err != nil {
		t.Fatal(err)
	}
	if err := c.bw.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")[1:]
	if len(lines) != len(want) {
		t.Fatalf("%d rows, want %d", len(lines), len(want))
	}
	hits := 0
	for i, l := range lines {
		// city,date,mode,line then the decision's columns
		cols := l
		for range 4 {
			cols = cols[strings.IndexByte(cols, ',')+1:]
		}
		if want[i] == "error" {
			if !strings.HasPrefix(cols, "error,") {
				t.Errorf("row %d = %s, want an error", i+1, l)
			}
			continue
		}
		if ","+cols != want[i] {
			t.Fatalf("row %d = %s\nwant the columns %s", i+1, l, want[i])
		}
		hits++
	}
	if hits < len(want)/2 {
		t.Errorf("%d rows decided of %d", hits, len(want))
	}
}

// TestLookup: through its cache, a row of any spelling of any unit is
// decided as policy.Permitted decides it, == included; an error is the
// error Permitted returns.
func TestLookup(t *testing.T) {
	c := newChecker(options{}, io.Discard, io.Discard)
	days := []cbec.Date{cbec.MustParseDate("2019-03-01"), cbec.MustParseDate("2027-01-01")}
	n := 0
	for u := range zones.Default().Cities() {
		for _, q := range []string{u.Name, u.NameEN, u.Code, strings.TrimSuffix(u.Name, "市")} {
			for _, day := range days { // through the cache, then from it
				for m := range trade.Modes() {
					want, werr := policy.Permitted(q, day, m)
					got, code, problem, _ := c.lookup(q, day, m)
					if werr != nil {
						if problem != werr.Error() {
							t.Fatalf("lookup(%q) problem %q, Permitted's error %q", q, problem, werr)
						}
						continue
					}
					if problem != "" || got != want || code != want.City().Code {
						t.Fatalf("lookup(%q, %v, %v) = %v, %s, %q; Permitted decides %v", q, day, m, got, code, problem, want)
					}
					n++
				}
			}
		}
	}
	if n < 10_000 {
		t.Errorf("%d decisions compared", n)
	}
}
