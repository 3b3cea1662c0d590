// Timeline prints, for one customs supervision mode, when each city became
// eligible for it and under which document.
//
//	timeline [-mode 1210] [-csv] [-svg FILE]
//
// One row per city whose timeline has an "allowed" period: the first day of
// the first one, and the document it rests on. A city whose first non-denied
// period is "unknown" (the data cannot decide; see the library's Reason) gets
// a row for that period too. Rows are sorted by day, then city code. The
// default output is an aligned text table; -csv writes CSV with the header
// from,verdict,code,name,name_en,basis. -svg FILE also draws, as SVG in
// FILE, how many cities could use the mode on each day (allowed, unknown
// and denied, stacked), with the documents that changed it marked on the
// time axis.
package main

import (
	"cmp"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/examples/internal/coverage"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// A row is one line of the table.
type row struct {
	from    cbec.Date
	verdict policy.Verdict
	city    zones.City
	basis   string // the deciding document
}

// run parses the flags, prints the timeline and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("timeline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	modeFlag := fs.String("mode", "1210", "customs supervision `mode`: a code (1210, 9610, 9610-export …), constant name or Chinese name")
	asCSV := fs.Bool("csv", false, "write CSV instead of a text table")
	svgFile := fs.String("svg", "", "also draw how many cities could use the mode, day by day, as SVG in `file`")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "timeline: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	mode, err := trade.ParseMode(*modeFlag)
	if err != nil {
		fmt.Fprintln(stderr, "timeline:", err)
		return 2
	}

	if *svgFile != "" {
		svg := coverage.SVG(coverage.Compute(policy.Default(), mode))
		if err := os.WriteFile(*svgFile, svg, 0o644); err != nil {
			fmt.Fprintln(stderr, "timeline:", err)
			return 1
		}
	}
	rows := timeline(policy.Default(), mode)
	if *asCSV {
		err = writeCSV(stdout, rows)
	} else {
		err = writeTable(stdout, mode, rows)
	}
	if err != nil {
		fmt.Fprintln(stderr, "timeline:", err)
		return 1
	}
	return 0
}

// timeline returns the rows for mode, sorted by day and city code.
func timeline(e *policy.Engine, mode trade.Mode) []row {
	var rows []row
	for c := range e.Units() {
		spans := e.Timeline(c, mode)
		if len(spans) == 0 {
			continue // never permitted, nor unknown
		}
		if spans[0].Verdict == policy.Unknown {
			rows = append(rows, newRow(c, spans[0]))
		}
		for _, s := range spans {
			if s.Verdict == policy.Allowed {
				rows = append(rows, newRow(c, s))
				break
			}
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(a.from.Compare(b.from), strings.Compare(a.city.Code, b.city.Code))
	})
	return rows
}

func newRow(c zones.City, s policy.Span) row {
	r := row{from: s.Period.From, verdict: s.Verdict, city: c}
	if b := s.Decision.Basis(); len(b) > 0 {
		r.basis = b[0].Doc
	}
	return r
}

func writeCSV(w io.Writer, rows []row) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"from", "verdict", "code", "name", "name_en", "basis"})
	for _, r := range rows {
		cw.Write([]string{r.from.String(), r.verdict.String(), r.city.Code, r.city.Name, r.city.NameEN, r.basis})
	}
	cw.Flush()
	return cw.Error()
}

func writeTable(w io.Writer, mode trade.Mode, rows []row) error {
	code, _ := mode.MarshalText()
	allowed := 0
	for _, r := range rows {
		if r.verdict == policy.Allowed {
			allowed++
		}
	}
	fmt.Fprintf(w, "%s (%s), data version %s\n", code, mode.NameZH(), cbec.DataVersion)
	fmt.Fprintf(w, "%d cities allowed from the day shown; %d start with a period the data cannot decide (unknown)\n\n",
		allowed, len(rows)-allowed)
	table := [][]string{{"FROM", "VERDICT", "CODE", "CITY", "BASIS"}}
	for _, r := range rows {
		from := r.from.String()
		if from == "" {
			from = "…"
		}
		table = append(table, []string{from, r.verdict.String(), r.city.Code, r.city.Name, r.basis})
	}
	return writeAligned(w, table)
}

// writeAligned writes cells as columns separated by two spaces, padding by
// display width so that Chinese text (two columns a character) lines up.
func writeAligned(w io.Writer, table [][]string) error {
	var widths []int
	for _, line := range table {
		for i, cell := range line {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, line := range table {
		b.Reset()
		for i, cell := range line {
			b.WriteString(cell)
			if i < len(line)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

// displayWidth returns the number of terminal columns s takes: two for a
// Chinese character or full-width punctuation, one for anything else.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r),
			r >= 0x3000 && r <= 0x303f, // CJK symbols and punctuation: 〔〕、。
			r >= 0xff00 && r <= 0xff60, // full-width forms: （）
			r >= 0xffe0 && r <= 0xffe6:
			n += 2
		default:
			n++
		}
	}
	return n
}
