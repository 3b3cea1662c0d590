package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec/zones"
)

const (
	// firstLines is how many lines of a cause the summary lists.
	firstLines = 10
	// shownCauses is how many causes the summary shows, most rows first.
	shownCauses = 20
	// maxCauses is how many distinct causes an input's summary tells
	// apart; the rows of later ones are counted together, so that the
	// summary's memory stays bounded.
	maxCauses = 1000
)

// A summary groups the error rows of an input by their cause.
type summary struct {
	groups map[string]*group
	other  int // rows of causes past maxCauses
}

// A group is the error rows of one cause.
type group struct {
	cause   string
	example string // the first value at fault, for a cause of many values
	rows    int
	lines   [firstLines]int
}

// add counts an error row at line, of cause (with the value at fault, for
// a cause that groups several).
func (s *summary) add(cause, example string, line int) {
	g := s.groups[cause]
	if g == nil {
		if len(s.groups) >= maxCauses {
			s.other++
			return
		}
		if s.groups == nil {
			s.groups = make(map[string]*group)
		}
		g = &group{cause: strings.Clone(cause), example: strings.Clone(example)}
		s.groups[cause] = g
	}
	if g.rows < firstLines {
		g.lines[g.rows] = line
	}
	g.rows++
}

// write writes the summary, a line per cause, most rows first, each line
// starting with prefix.
func (s *summary) write(w io.Writer, prefix string) {
	groups := make([]*group, 0, len(s.groups))
	for _, g := range s.groups {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b *group) int {
		return cmp.Or(cmp.Compare(b.rows, a.rows), cmp.Compare(a.lines[0], b.lines[0]))
	})
	var b strings.Builder
	for i, g := range groups {
		if i == shownCauses {
			rows := s.other
			for _, g := range groups[i:] {
				rows += g.rows
			}
			fmt.Fprintf(w, "%sand %s more causes: %s\n", prefix, thousands(len(groups)-i), count(rows, "row"))
			return
		}
		b.Reset()
		b.WriteString(prefix)
		b.WriteString(g.cause)
		if g.example != "" {
			fmt.Fprintf(&b, " (first %q)", g.example)
		}
		b.WriteString(": ")
		b.WriteString(count(g.rows, "row"))
		if g.rows == 1 {
			b.WriteString(", line ")
		} else {
			b.WriteString(", lines ")
		}
		for j, l := range g.lines[:min(g.rows, firstLines)] {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(l))
		}
		if g.rows > firstLines {
			fmt.Fprintf(&b, ", … (first %d)", firstLines)
		}
		b.WriteByte('\n')
		_, _ = io.WriteString(w, b.String())
	}
	if s.other > 0 {
		fmt.Fprintf(w, "%sand more causes: %s\n", prefix, count(s.other, "row"))
	}
}

// count returns n and the noun: "1 row", "5,199 rows".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// thousands returns n with its thousands separated by commas.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// lookupCause returns the cause of a city name that did not resolve:
// `ambiguous city "Suzhou" (苏州市 320500, 宿州市 341300)`, or
// `unknown city "Hangzou" (close: 杭州市 330100, …)`.
func lookupCause(err error) string {
	var le *zones.LookupError
	if !errors.As(err, &le) {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(strings.TrimPrefix(le.Err.Error(), "zones: "))
	b.WriteByte(' ')
	b.WriteString(strconv.Quote(le.Query))
	if len(le.Candidates) > 0 {
		b.WriteString(" (")
		if errors.Is(err, zones.ErrUnknownCity) {
			b.WriteString("close: ")
		}
		const shown = 3
		for i, c := range le.Candidates[:min(len(le.Candidates), shown)] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.Name + " " + c.Code)
		}
		if len(le.Candidates) > shown {
			b.WriteString(", …")
		}
		b.WriteByte(')')
	}
	return b.String()
}

// dateCause returns the cause of a date that did not parse: its problem,
// without the date itself or the details that vary with it (the readings
// of a date with the year last), so that dates at fault alike group.
func dateCause(err error, date string) string {
	p := err.Error()
	p = strings.TrimPrefix(p, fmt.Sprintf("cbec: invalid date %q: ", date))
	if i := strings.IndexAny(p, ":;("); i > 0 {
		p = p[:i]
	}
	return "invalid date, " + strings.TrimSpace(p)
}
