package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// appendCell appends cell to a CSV row being built in dst, as
// encoding/csv's Writer (with Comma ',' and UseCRLF false) writes it once
// neutralised: a cell that a spreadsheet would run as a formula, one
// starting with =, +, -, @, a tab or a carriage return, gets a ' in front.
// It quotes the cell when it holds a comma, a quote or a line break, is
// `\.`, or starts with white space.
func appendCell(dst []byte, cell string) []byte {
	formula := cell != "" && isFormulaStart(cell[0])
	quote, quotes := needsQuotes(cell, formula)
	return appendQuoted(dst, cell, formula, quote, quotes)
}

// appendQuoted appends cell as appendCell does, told whether it starts a
// formula, needs quotes and holds a quote.
func appendQuoted(dst []byte, cell string, formula, quote, quotes bool) []byte {
	if !quote {
		if formula {
			dst = append(dst, '\'')
		}
		return append(dst, cell...)
	}
	dst = append(dst, '"')
	if formula {
		dst = append(dst, '\'')
	}
	for quotes {
		i := strings.IndexByte(cell, '"')
		if i < 0 {
			break
		}
		dst = append(dst, cell[:i+1]...)
		dst = append(dst, '"')
		cell = cell[i+1:]
	}
	dst = append(dst, cell...)
	return append(dst, '"')
}

// isFormulaStart reports whether a cell starting with c would run as a
// formula in a spreadsheet.
func isFormulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// needsQuotes reports whether encoding/csv quotes cell, with a ' in front
// if formula, and whether cell holds a quote.
func needsQuotes(cell string, formula bool) (quote, quotes bool) {
	if cell == "" {
		return false, false
	}
	if special, quotes := hasSpecial(cell); special {
		return true, quotes
	}
	if formula {
		return false, false // it starts with '
	}
	if cell == `\.` {
		return true, false
	}
	if c := cell[0]; c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r', false
	}
	r, _ := utf8.DecodeRuneInString(cell)
	return unicode.IsSpace(r), false
}

// hasSpecial reports whether s holds a comma, a quote, a carriage return
// or a line feed, and whether it holds a quote. (strings.IndexByte, in
// vector instructions, reads a long cell four times faster than a loop
// over its bytes reads it once; a short one, a loop reads faster.)
func hasSpecial(s string) (special, quotes bool) {
	if len(s) <= 16 {
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case ',', '\r', '\n':
				special = true
			case '"':
				special, quotes = true, true
			}
		}
		return special, quotes
	}
	quotes = strings.IndexByte(s, '"') >= 0
	special = quotes || strings.IndexByte(s, ',') >= 0 || strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0
	return special, quotes
}

// view returns b as a string without copying: the string is valid until b
// is changed.
func view(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// A quoteMemo remembers how strings the engine keeps are quoted: a reason
// is one string, at one address, in every decision that gives it, and
// reasons are long, so that finding whether one needs quotes costs more
// than remembering it. It is direct-mapped by the string's address and
// length. Only strings that never change may go through it (never a view
// of a buffer); the memo holds their address, so that their memory is not
// reused while it does.
type quoteMemo [1 << 10]struct {
	p             *byte
	n             int
	quote, quotes bool
}

// appendCell appends cell to dst as the function appendCell does; a nil
// memo remembers nothing.
func (m *quoteMemo) appendCell(dst []byte, cell string) []byte {
	if m == nil {
		return appendCell(dst, cell)
	}
	p := unsafe.StringData(cell)
	formula := cell != "" && isFormulaStart(cell[0])
	e := &m[(uintptr(unsafe.Pointer(p))>>3^uintptr(len(cell)))%uintptr(len(m))]
	if e.p != p || e.n != len(cell) || p == nil {
		quote, quotes := needsQuotes(cell, formula)
		e.p, e.n, e.quote, e.quotes = p, len(cell), quote, quotes
	}
	return appendQuoted(dst, cell, formula, e.quote, e.quotes)
}
