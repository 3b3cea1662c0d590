package cbec

import (
	"fmt"
	"strings"
	"time"

	"github.com/tradepolicy/cbec/internal/norm"
)

// ParseDateText parses a date in one of the forms a spreadsheet writes, with
// the year first:
//
//	2024-06-01    YYYY-MM-DD, what [ParseDate] accepts
//	2024-6-1      YYYY-M-D: a month or day of one or two digits
//	2024/6/1      YYYY/M/D, the form Excel writes in China (2024/06/01 too)
//	20240601      YYYYMMDD: eight digits
//	2024年6月1日   YYYY年M月D日 (2024年06月01日 too)
//
// Like the rest of the module it ignores surrounding white space (Unicode's)
// and reads full-width digits and separators as ASCII ("２０２４／６／１").
// It accepts everything [ParseDate] accepts, with the same result.
//
// It never guesses: a form whose reading is not certain is an error that
// names the problem, wrapping [ErrInvalidDate]. The year last (6/1/2024,
// 01/06/2024: month first in the United States, day first in Europe), a
// two-digit year (24/6/1, 240601), a time of day (2024/6/1 0:00), mixed
// separators (2024-6/1), a bare number (45444, which a spreadsheet may hold
// for a day) and days that do not exist (2023-02-29) are all errors.
func ParseDateText(s string) (Date, error) {
	t := norm.Trim(s)
	if d, ok := parseDate(t); ok {
		return d, nil
	}
	t = norm.Fold(t)
	d, problem := parseDateText(t)
	if problem != "" {
		return Date{}, fmt.Errorf("cbec: %w %q: %s", ErrInvalidDate, s, problem)
	}
	return d, nil
}

// dateForms names the forms ParseDateText accepts, for its errors.
const dateForms = "want the year first, as 2024-06-01, 2024/6/1, 20240601 or 2024年6月1日"

// parseDateText parses s, trimmed and folded to ASCII, and returns the date
// or the problem.
func parseDateText(s string) (Date, string) {
	if s == "" {
		return Date{}, "empty; " + dateForms
	}
	if i := strings.IndexAny(s, " T"); i > 0 && strings.IndexByte(s[i:], ':') >= 0 {
		if d, problem := parseDateText(s[:i]); problem == "" {
			return Date{}, "a time of day: give the day only, as " + d.String()
		}
		return Date{}, "a time of day; " + dateForms
	}
	if _, ok := digits(s); ok {
		switch len(s) {
		case 8:
			y, m, d, _ := numbers(s[0:4], s[4:6], s[6:8]) // digits, as s is
			return makeChecked(y, m, d)
		case 6:
			return Date{}, "six digits (YYMMDD?): a two-digit year; write the year in full, as YYYYMMDD or YYYY-MM-DD"
		case 5:
			return Date{}, "a number, not a date (a spreadsheet's serial day number?): format the cell as a date, " + dateForms
		}
		return Date{}, dateForms
	}
	if strings.Contains(s, "年") {
		return parseYMDChinese(s)
	}
	var sep byte
	switch {
	case strings.IndexByte(s, '-') >= 0 && strings.IndexByte(s, '/') >= 0:
		return Date{}, "mixed separators; " + dateForms
	case strings.IndexByte(s, '-') >= 0:
		sep = '-'
	case strings.IndexByte(s, '/') >= 0:
		sep = '/'
	default:
		return Date{}, dateForms
	}
	a, rest, _ := strings.Cut(s, string(sep))
	b, c, ok := strings.Cut(rest, string(sep))
	p, q, r, all := numbers(a, b, c)
	if !ok || strings.IndexByte(c, sep) >= 0 || !all {
		return Date{}, dateForms
	}
	switch {
	case len(a) == 4 && len(b) <= 2 && len(c) <= 2:
		return makeChecked(p, q, r)
	case len(c) == 4 && len(a) <= 2 && len(b) <= 2:
		return Date{}, yearLast(p, q, r)
	case len(a) <= 2 && len(b) <= 2 && len(c) <= 2:
		return Date{}, "a two-digit year: day, month and year cannot be told apart; write the year in full, as YYYY-MM-DD"
	}
	return Date{}, dateForms
}

// parseYMDChinese parses YYYY年M月D日.
func parseYMDChinese(s string) (Date, string) {
	y, rest, _ := strings.Cut(s, "年")
	m, rest, ok1 := strings.Cut(rest, "月")
	d, rest, ok2 := strings.Cut(rest, "日")
	yy, mm, dd, all := numbers(y, m, d)
	if !ok1 || !ok2 || rest != "" || !all || len(m) > 2 || len(d) > 2 {
		return Date{}, dateForms
	}
	switch len(y) {
	case 4:
	case 2:
		return Date{}, "a two-digit year; write the year in full, as 2024年6月1日"
	default:
		return Date{}, dateForms
	}
	return makeChecked(yy, mm, dd)
}

// yearLast explains why p/q/y, with the year y last, is not read.
func yearLast(p, q, y int) string {
	var readings []string
	if d, problem := makeChecked(y, p, q); problem == "" {
		readings = append(readings, "month first: "+d.String())
	}
	if d, problem := makeChecked(y, q, p); problem == "" && p != q {
		readings = append(readings, "day first: "+d.String())
	}
	msg := "the year comes last, so whether the month or the day comes first is not known"
	if len(readings) > 0 {
		msg += " (" + strings.Join(readings, "; ") + ")"
	}
	return msg + "; write the year first, as YYYY-MM-DD"
}

// makeChecked returns the date y-m-d, or the problem if there is no such
// day.
func makeChecked(y, m, d int) (Date, string) {
	switch {
	case y < 1:
		return Date{}, "year 0 does not exist"
	case m < 1 || m > 12:
		return Date{}, fmt.Sprintf("no month %d", m)
	case d < 1 || d > daysIn(time.Month(m), y):
		return Date{}, fmt.Sprintf("no such day: %s %d has %d days", time.Month(m), y, daysIn(time.Month(m), y))
	}
	return Date{v: int32(y*10000 + m*100 + d)}, ""
}

// numbers returns the numbers three strings of ASCII digits write; all is
// false if one of them is empty or holds anything else.
func numbers(a, b, c string) (x, y, z int, all bool) {
	x, okA := digits(a)
	y, okB := digits(b)
	z, okC := digits(c)
	return x, y, z, okA && okB && okC && a != "" && b != "" && c != ""
}
