package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec/internal/norm"
)

// A role is what batchcheck reads from a column: the city, the date or the
// mode; other columns are passed through.
type role int

const (
	other role = iota
	cityRole
	dateRole
	modeRole
)

var roleNames = [...]string{other: "other", cityRole: "city", dateRole: "date", modeRole: "mode"}

// Header names accepted for each role, compared after trimming white space
// and folding full-width letters and, for the ASCII ones, ignoring case.
var headerNames = [...][]string{
	cityRole: {"city", "城市", "城市名", "城市名称", "市", "地区", "所在城市"},
	dateRole: {"date", "日期", "时间", "查询日期"},
	modeRole: {"mode", "监管方式", "监管方式代码", "海关监管方式", "模式", "业务模式", "方式"},
}

// roleOf returns the role that a header cell names, or other.
func roleOf(cell string) role {
	s := norm.Fold(cell)
	for r := cityRole; r <= modeRole; r++ {
		for _, n := range headerNames[r] {
			if strings.EqualFold(s, n) {
				return r
			}
		}
	}
	return other
}

// isHeader reports whether a first line is a header: one of its cells names
// the city, the date or the mode column.
func isHeader(fields []string) bool {
	for _, f := range fields {
		if roleOf(f) != other {
			return true
		}
	}
	return false
}

// A column is a column of an input.
type column struct {
	name string // the header's cell, as it is; for an input without a header, a name batchcheck gives it
	key  string // what matches the column across inputs: its role, or its name
	role role
}

// A layout is the columns of an input.
type layout struct {
	cols  []column
	index [modeRole + 1]int // the column of each role
	// header reports whether the input had a header row.
	header bool
}

// need returns the number of fields a row must have to hold the city, date
// and mode.
func (l *layout) need() int {
	return max(l.index[cityRole], l.index[dateRole], l.index[modeRole]) + 1
}

// A headerError is a header row that batchcheck cannot read: the input is
// refused.
type headerError string

func (e headerError) Error() string { return string(e) }

// headerLayout returns the layout of an input whose header row is fields.
// Empty cells at the end of the header are not columns: Excel writes them
// for a used range wider than the table.
func headerLayout(fields []string) (*layout, error) {
	n := len(fields)
	for n > 0 && norm.Trim(fields[n-1]) == "" {
		n--
	}
	l := &layout{header: true, index: [...]int{-1, -1, -1, -1}}
	for i, f := range fields[:n] {
		r := roleOf(f)
		c := column{name: strings.Clone(f), role: r, key: "name:" + norm.Fold(f)}
		if r != other {
			if j := l.index[r]; j >= 0 {
				return nil, headerError(fmt.Sprintf("header: columns %d (%q) and %d (%q) both name the %s; keep one",
					j+1, fields[j], i+1, f, roleNames[r]))
			}
			l.index[r] = i
			c.key = roleNames[r]
		}
		l.cols = append(l.cols, c)
	}
	for r := cityRole; r <= modeRole; r++ {
		if l.index[r] < 0 {
			return nil, headerError(fmt.Sprintf("header: no %s column: name one of %s", roleNames[r], strings.Join(headerNames[r], ", ")))
		}
	}
	return l, nil
}

// positionalLayout returns the layout of an input without a header row,
// whose first row is fields: city, date and mode, then as many columns as
// the row has more cells, but for empty ones at its end.
func positionalLayout(fields []string, lang *language) *layout {
	n := len(fields)
	for n > 3 && norm.Trim(fields[n-1]) == "" {
		n--
	}
	n = max(n, 3)
	l := &layout{index: [...]int{-1, 0, 1, 2}}
	for i := range n {
		c := column{name: lang.columnName(i + 1), key: "#" + strconv.Itoa(i+1)}
		if i < 3 {
			c.role = [...]role{cityRole, dateRole, modeRole}[i]
			c.name, c.key = lang.inputNames[i], roleNames[c.role]
		}
		l.cols = append(l.cols, c)
	}
	return l
}

// mapping returns, for each column of out, the index of the column of in
// that holds it, or an error when the two inputs have different columns.
func mapping(out, in *layout) ([]int, error) {
	if len(out.cols) != len(in.cols) {
		return nil, fmt.Errorf("its %d columns are not the %d columns of the first input (%s)", len(in.cols), len(out.cols), names(out))
	}
	perm := make([]int, len(out.cols))
	used := make([]bool, len(in.cols))
	for i, c := range out.cols {
		perm[i] = -1
		for j, d := range in.cols {
			if !used[j] && d.key == c.key {
				perm[i], used[j] = j, true
				break
			}
		}
		if perm[i] < 0 {
			return nil, fmt.Errorf("it has no column %q, which the first input has (%s)", c.name, names(out))
		}
	}
	return perm, nil
}

func names(l *layout) string {
	s := make([]string, len(l.cols))
	for i, c := range l.cols {
		s[i] = c.name
	}
	return strings.Join(s, ",")
}
