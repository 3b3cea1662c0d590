// Quickstart prints a handful of real decisions across the timeline of
// China's cross-border e-commerce (CBEC) import policy: for each query, the
// verdict, the city, the day, the customs supervision mode, the reason and
// the document the verdict rests on.
//
//	go run ./examples/quickstart
//
// Some answers are "unknown": the embedded data cannot decide them (a zone
// whose approval day is not known, a list whose members were not all found),
// and the reason says which gap. The library never guesses.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
)

// A query is one question: may mode be used for city on day?
type query struct {
	city, day, mode string
}

// queries walk the policy's timeline, from before the first customs code to
// the 2021 rule that opened retail import to every city hosting a zone.
var queries = []query{
	{"杭州", "2014-01-01", "9610"}, // before customs code 9610 existed
	{"杭州", "2016-06-01", "1210"}, // a pilot city of the 2016 transition period
	{"合肥", "2017-06-01", "1210"}, // not one of them
	{"合肥", "2018-06-01", "1210"}, // one of the 15 cities of the extended transition
	{"北京", "2018-12-31", "1210"}, // the day before 商财发〔2018〕486号 took effect
	{"北京", "2019-01-01", "1210"}, // the day it took effect
	{"海口", "2020-06-01", "1210"}, // a Hainan city named in 商财发〔2018〕486号
	{"三亚", "2020-06-01", "1210"}, // listed only as part of Hainan Island
	{"北京", "2020-07-01", "9710"}, // first B2B export pilot districts
	{"上海", "2020-07-01", "9710"}, // not among them
	{"湛江", "2021-03-17", "1210"}, // the day before 商财发〔2021〕39号
	{"湛江", "2021-04-01", "1210"}, // eligible only through 商财发〔2021〕39号
}

// width is the width of the reason column, in terminal columns.
const width = 100

func main() {
	os.Exit(run(os.Stdout, os.Stderr))
}

// run prints the decisions to stdout and returns the exit status.
func run(stdout, stderr io.Writer) int {
	fmt.Fprintf(stdout, "May this mode be used for this city on this day? (data version %s)\n\n", cbec.DataVersion)
	for _, q := range queries {
		mode, err := trade.ParseMode(q.mode)
		if err != nil {
			fmt.Fprintln(stderr, "quickstart:", err)
			return 1
		}
		day, err := cbec.ParseDate(q.day)
		if err != nil {
			fmt.Fprintln(stderr, "quickstart:", err)
			return 1
		}
		d, err := policy.Permitted(q.city, day, mode)
		if err != nil {
			fmt.Fprintln(stderr, "quickstart:", err)
			return 1
		}
		basis := "-"
		if b := d.Basis(); len(b) > 0 {
			basis = b[0].Doc
		}
		fmt.Fprintf(stdout, "%-8s %s %s  %s  basis: %s\n", strings.ToUpper(d.Verdict().String()), pad(d.City().String(), 17), d.Date(), d.Mode().Code(), basis)
		for _, line := range wrap(d.Reason(), width) {
			fmt.Fprintf(stdout, "         %s\n", line)
		}
	}
	return 0
}

// pad pads s with spaces to w terminal columns.
func pad(s string, w int) string {
	if n := displayWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// wrap splits s at spaces into lines of at most w terminal columns (a single
// longer word gets a line of its own).
func wrap(s string, w int) []string {
	var lines []string
	var line strings.Builder
	n := 0
	for _, word := range strings.Fields(s) {
		ww := displayWidth(word)
		if n > 0 && n+1+ww > w {
			lines = append(lines, line.String())
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(word)
		n += ww
	}
	if n > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// displayWidth returns the number of terminal columns s takes: two for a
// Chinese character or full-width punctuation, one for anything else.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case unicode.Is(unicode.Han, r),
		r >= 0x3000 && r <= 0x303f, // CJK symbols and punctuation: 〔〕、。
		r >= 0xff00 && r <= 0xff60, // full-width forms: （）
		r >= 0xffe0 && r <= 0xffe6:
		return 2
	}
	return 1
}
