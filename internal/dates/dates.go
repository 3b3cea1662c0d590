// Package dates reads the dates the data files write: a day (YYYY-MM-DD), a
// month (YYYY-MM), a year (YYYY) or nothing, each with its precision.
package dates

import (
	"fmt"
	"strconv"
)

// A Precision says how much of a date its source gives. Its values are
// those of zones.Precision, in the same order.
type Precision uint8

// The precisions of a [Partial].
const (
	Unknown Precision = iota // no date
	Year                     // only the year
	Month                    // the year and month
	Day                      // the day
)

// A Partial is a date as the data writes it. Min is its earliest day
// (YYYYMMDD; 0 when unknown): 2012-12 has Min 20121201. The zero Partial is
// the unknown date.
type Partial struct {
	Min  int32
	Prec Precision
}

// End returns the first day surely after d (YYYYMMDD), or 0 when d is
// unknown: the day itself for a full day, the first day of the next month
// or year for a month or year.
func (d Partial) End() int32 {
	y, m := d.Min/10000, d.Min/100%100
	switch d.Prec {
	case Day:
		return d.Min
	case Month:
		if m == 12 {
			return (y+1)*10000 + 101
		}
		return y*10000 + (m+1)*100 + 1
	case Year:
		return (y+1)*10000 + 101
	}
	return 0
}

// String returns d as the data writes it: YYYY-MM-DD, YYYY-MM, YYYY or "".
func (d Partial) String() string {
	s := fmt.Sprintf("%08d", d.Min)
	switch d.Prec {
	case Day:
		return s[:4] + "-" + s[4:6] + "-" + s[6:]
	case Month:
		return s[:4] + "-" + s[4:6]
	case Year:
		return s[:4]
	}
	return ""
}

// Parse parses "", "YYYY", "YYYY-MM" or "YYYY-MM-DD", of any year from 1.
func Parse(s string) (Partial, error) {
	bad := fmt.Errorf("%q is not YYYY-MM-DD, YYYY-MM, YYYY or empty", s)
	num := func(t string) (int32, bool) {
		n, err := strconv.Atoi(t)
		return int32(n), err == nil && t[0] >= '0' && t[0] <= '9'
	}
	switch len(s) {
	case 0:
		return Partial{}, nil
	case 4:
		y, ok := num(s)
		if !ok || y < 1 {
			return Partial{}, bad
		}
		return Partial{y*10000 + 101, Year}, nil
	case 7:
		y, ok1 := num(s[:4])
		m, ok2 := num(s[5:])
		if !ok1 || !ok2 || s[4] != '-' || y < 1 || m < 1 || m > 12 {
			return Partial{}, bad
		}
		return Partial{y*10000 + m*100 + 1, Month}, nil
	case 10:
		y, ok1 := num(s[:4])
		m, ok2 := num(s[5:7])
		d, ok3 := num(s[8:])
		if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return Partial{}, bad
		}
		return Partial{y*10000 + m*100 + d, Day}, nil
	}
	return Partial{}, bad
}

func daysIn(y, m int32) int32 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Within returns an error if d is known and outside lo..hi (YYYYMMDD).
func (d Partial) Within(lo, hi int32) error {
	if d.Prec != Unknown && (d.Min < lo || d.Min > hi) {
		return fmt.Errorf("%s is outside %s..%s", d, Partial{lo, Day}, Partial{hi, Day})
	}
	return nil
}

// The bounds of every date in the data files (YYYYMMDD): none before
// Earliest, none after Horizon. A program's own rows may name days after
// the data version (a count of last week); the embedded ones do not
// (zones' TestEmbeddedDates).
const (
	Earliest int32 = 19900101
	Horizon  int32 = 21001231
)

// Read parses s as [Parse] does, and returns an error when the date is
// known and outside Earliest..Horizon.
func Read(s string) (Partial, error) {
	d, err := Parse(s)
	if err == nil {
		err = d.Within(Earliest, Horizon)
	}
	if err != nil {
		return Partial{}, err
	}
	return d, nil
}
