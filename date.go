package cbec

import (
	"errors"
	"fmt"
	"time"

	"github.com/tradepolicy/cbec/internal/norm"
)

// A Date is a civil calendar date in China, such as 2019-01-01, without a
// time of day or a time zone.
//
// Dates are small values: compare them with ==, [Date.Compare], [Date.Before]
// and [Date.After]; use them as map keys. The zero Date is not a date
// ([Date.IsValid] reports false) and sorts before every valid one.
type Date struct {
	v int32 // year*10000 + month*100 + day; 0 for the zero Date
}

// ErrInvalidDate is wrapped by the errors of [ParseDate] and
// [Date.UnmarshalText].
var ErrInvalidDate = errors.New("invalid date")

// MakeDate returns the date y-m-d. Out-of-range values are normalised the way
// [time.Date] does it (2019-02-29 becomes 2019-03-01); a year outside 1..9999
// gives the zero Date.
func MakeDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return fromTime(t)
}

func fromTime(t time.Time) Date {
	y, m, d := t.Date()
	if y < 1 || y > 9999 {
		return Date{}
	}
	return Date{v: int32(y*10000 + int(m)*100 + d)}
}

// china is China Standard Time, UTC+8 all year (no daylight saving since 1991).
var china = time.FixedZone("CST", 8*60*60)

// DateInChina returns the calendar date in China Standard Time (UTC+8) at
// instant t. It needs no time-zone database.
func DateInChina(t time.Time) Date {
	return fromTime(t.In(china))
}

// ParseDate parses a date written as YYYY-MM-DD, such as "2019-01-01",
// ignoring surrounding white space (Unicode's: a no-break space, an
// ideographic space, a trailing newline). It accepts nothing else: no
// single-digit months or days, no other separators or digits, no dates that
// do not exist (2019-02-29).
func ParseDate(s string) (Date, error) {
	d, ok := parseDate(norm.Trim(s))
	if !ok {
		return Date{}, fmt.Errorf("cbec: %w %q: want YYYY-MM-DD, a real calendar date", ErrInvalidDate, s)
	}
	return d, nil
}

func parseDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return Date{}, false
	}
	return Date{v: int32(y*10000 + m*100 + d)}, true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// MustParseDate is like [ParseDate] but panics if s is not a date. It is
// meant for constants in programs and tests.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsValid reports whether d is a date, that is, not the zero Date.
func (d Date) IsValid() bool { return d.v != 0 }

// Year returns the year of d (0 for the zero Date).
func (d Date) Year() int { return int(d.v / 10000) }

// Month returns the month of d (0 for the zero Date).
func (d Date) Month() time.Month { return time.Month(d.v / 100 % 100) }

// Day returns the day of the month of d (0 for the zero Date).
func (d Date) Day() int { return int(d.v % 100) }

// YYYYMMDD returns d as the number YYYYMMDD (20190101), or 0 for the zero
// Date. The numbers order as the dates do.
func (d Date) YYYYMMDD() int { return int(d.v) }

// Compare returns -1 if d is before e, 0 if they are the same day and +1 if d
// is after e. The zero Date is before every valid date.
func (d Date) Compare(e Date) int {
	switch {
	case d.v < e.v:
		return -1
	case d.v > e.v:
		return +1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.v < e.v }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.v > e.v }

// AddDays returns the date n days after d (before it, for negative n). The
// zero Date stays zero.
func (d Date) AddDays(n int) Date {
	if !d.IsValid() {
		return d
	}
	return fromTime(d.Time().AddDate(0, 0, n))
}

// Time returns midnight at the start of d in China Standard Time (UTC+8), or
// the zero time.Time for the zero Date.
func (d Date) Time() time.Time {
	if !d.IsValid() {
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, china)
}

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if !d.IsValid() {
		return ""
	}
	return string(d.AppendText(make([]byte, 0, 10)))
}

// AppendText appends d as YYYY-MM-DD to b (nothing for the zero Date).
func (d Date) AppendText(b []byte) []byte {
	if !d.IsValid() {
		return b
	}
	y, m, dd := d.Year(), int(d.Month()), d.Day()
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// MarshalText implements [encoding.TextMarshaler]: YYYY-MM-DD, or empty for
// the zero Date.
func (d Date) MarshalText() ([]byte, error) {
	return d.AppendText(nil), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. Empty text gives the
// zero Date; anything else must be what [ParseDate] accepts.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
