package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
)

// neutralize puts a ' before a cell that a spreadsheet would run as a
// formula: what appendCell does before it encodes the cell.
func neutralize(cell string) string {
	if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
		return "'" + cell
	}
	return cell
}

// csvCell returns cell neutralised and encoded by encoding/csv.
func csvCell(cell string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{neutralize(cell)})
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

// TestAppendCell: appendCell writes what encoding/csv writes.
func TestAppendCell(t *testing.T) {
	for _, c := range []string{
		"", "a", "杭州", "a,b", `a"b`, `"`, `""`, "a\nb", "a\rb", "a\r\nb", `\.`, `\.x`, " a", "a ", "\ta", "\u00a0a",
		"\u3000杭州", "\u2028x", "=1+1", "=a,b", `=HYPERLINK("http://x","y")`, "+1", "-1", "@x", "\r=1", "\t=1", "'x",
		"No \"网购保税+线下自提\" (bonded stock), x.", "商财发〔2018〕486号; 海关总署公告2018年第194号", "\x85x", "\xff",
	} {
		if got, want := string(appendCell(nil, c)), csvCell(c); got != want {
			t.Errorf("appendCell(%q) = %s, encoding/csv writes %s", c, got, want)
		}
	}
	// hasSpecial reads eight bytes at a time: a special byte at any place,
	// among ASCII or UTF-8.
	for n := range 20 {
		for _, filler := range []string{"x", "州"} {
			base := strings.Repeat(filler, n)
			if special, quotes := hasSpecial(base + "+-\x2b\x2d\x0b\x0c\x8c\xac\xa2"); special || quotes {
				t.Errorf("hasSpecial(%q…) = %v, %v", base, special, quotes)
			}
			for i := range len(base) + 1 {
				for _, c := range []string{",", `"`, "\r", "\n"} {
					if special, quotes := hasSpecial(base[:i] + c + base[i:]); !special || quotes != (c == `"`) {
						t.Errorf("hasSpecial(%q) = %v, %v", base[:i]+c+base[i:], special, quotes)
					}
				}
			}
		}
	}
}

func FuzzAppendCell(f *testing.F) {
	for _, c := range []string{"", "a,b", `a"b`, " a", "=1", `\.`, "\u3000x"} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c string) {
		if got, want := string(appendCell(nil, c)), csvCell(c); got != want {
			t.Errorf("appendCell(%q) = %s, encoding/csv writes %s", c, got, want)
		}
	})
}

// TestQuoteMemo: through the memo, every cell is written as appendCell
// writes it, however the cells share its slots, and a second time from it.
func TestQuoteMemo(t *testing.T) {
	cells := []string{"", "plain", "a,b", `say "x"`, "=1+1", "-3", " lead", `\.`, "line\nbreak", "杭州市，中文", strings.Repeat("long text ", 20), strings.Repeat("long, text ", 20)}
	for i := range 3000 {
		cells = append(cells, fmt.Sprintf("cell %d%s", i, [...]string{"", ",", `"`, "\r"}[i%4]))
	}
	var m quoteMemo
	for round := range 2 {
		for _, c := range cells {
			if got, want := string(m.appendCell(nil, c)), string(appendCell(nil, c)); got != want {
				t.Fatalf("round %d: %q written %s, want %s", round, c, got, want)
			}
		}
	}
	if got := string((*quoteMemo)(nil).appendCell([]byte("x,"), "a,b")); got != `x,"a,b"` {
		t.Errorf("nil memo: %s", got)
	}
}
