package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
)

// The columns of the output of an input of three columns.
const (
	cLine = 3 + iota
	cVerdict
	cCode
	cRule
	cReason
	cReasonZH
	cBasis
	cConditions
	cGaps
	cVersion
	nCols
)

// decide runs batchcheck on input and returns its output rows (header
// included) and exit status.
func decide(t *testing.T, args []string, input string) ([][]string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(input), &stdout, &stderr)
	rows, err := csv.NewReader(&stdout).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, stdout.String())
	}
	if len(rows) == 0 || strings.Join(rows[0][3:], ",") != "line,verdict,city_code,rule,reason,reason_zh,basis,conditions,gaps,data_version" {
		t.Fatalf("output header = %q", rows)
	}
	rows[0][0] = strings.TrimPrefix(rows[0][0], "\uFEFF")
	if stderr.Len() > 0 {
		t.Logf("stderr: %s", stderr.String())
	}
	return rows, code
}

// TestDoneWhen is the acceptance sample: one decision row, one error
// row, exit status 1.
func TestDoneWhen(t *testing.T) {
	rows, code := decide(t, nil, "city,date,mode\n杭州,2019-03-01,1210\nAtlantis,2019-03-01,1210\n")
	if code != 1 {
		t.Errorf("exit status = %d, want 1", code)
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want header + 2: %q", len(rows), rows)
	}
	hz := rows[1]
	if hz[0] != "杭州" || hz[1] != "2019-03-01" || hz[2] != "1210" || hz[cLine] != "2" || hz[cCode] != "330100" || hz[cRule] != "1210-486" {
		t.Errorf("杭州 row = %q", hz)
	}
	switch hz[cVerdict] {
	case "allowed", "denied", "unknown":
	default:
		t.Errorf("杭州 verdict = %q, want allowed, denied or unknown", hz[cVerdict])
	}
	if hz[cReason] == "" || hz[cReasonZH] == "" || !strings.Contains(hz[cBasis], "商财发〔2018〕486号") || hz[cVersion] != cbec.DataVersion {
		t.Errorf("杭州 row lacks reason or basis: %q", hz)
	}
	at := rows[2]
	if at[0] != "Atlantis" || at[cLine] != "3" || at[cVerdict] != "error" || at[cCode] != "" || !strings.HasPrefix(at[cReason], "line 3: ") || !strings.Contains(at[cReason], "Atlantis") {
		t.Errorf("Atlantis row = %q", at)
	}
}

func TestRows(t *testing.T) {
	input := "\uFEFFCity,DATE,mode\r\n" + // header with a byte order mark, any case
		"北京,2019-01-01,网购保税进口\r\n" + // line 2
		"\r\n" + // line 3: blank, skipped
		"北京,2018-12-31,1210\n" + // line 4
		"杭州,2014-01-01,9610\n" + // line 5
		"hangzhou,3/1/2019,1210\n" + // line 6: bad date (day or month first?)
		"杭州,2019-03-01,1111\n" + // line 7: bad mode
		"Suzhou,2019-03-01,1210\n" + // line 8: ambiguous
		"杭州,2019-03-01\n" + // line 9: too few fields
		"杭州,2019-03-01,1210,x\n" + // line 10: too many
		"杭\"州,2019-03-01,1210\n" + // line 11: bad quoting
		"\"上海\",2020-07-01,9710\n" + // line 12
		"city,date,mode\n" + // line 13: a header only counts first
		"hangzhou,2019-3-1,1210\n" // line 14: a date as spreadsheets write it
	rows, code := decide(t, nil, input)
	if code != 1 {
		t.Errorf("exit status = %d, want 1", code)
	}
	want := []struct{ verdict, code, reason string }{
		{"allowed", "110000", ""},
		{"denied", "110000", ""},
		{"denied", "330100", ""},
		{"error", "", "line 6: "},
		{"error", "", "line 7: "},
		{"error", "", "line 8: "},
		{"error", "", "line 9: "},
		{"error", "", "line 10: "},
		{"error", "", "line 11: "},
		{"denied", "310000", ""},
		{"error", "", "line 13: "},
		{"allowed", "330100", ""},
	}
	if len(rows)-1 != len(want) {
		t.Fatalf("got %d rows, want %d:\n%q", len(rows)-1, len(want), rows)
	}
	for i, w := range want {
		r := rows[i+1]
		if len(r) != nCols || r[cVerdict] != w.verdict || r[cCode] != w.code || !strings.HasPrefix(r[cReason], w.reason) {
			t.Errorf("row %d = %q, want verdict %s, code %q, reason %q…", i+1, r, w.verdict, w.code, w.reason)
		}
		if w.verdict != "error" && (r[cReason] == "" || r[cBasis] == "") {
			t.Errorf("row %d lacks reason or basis: %q", i+1, r)
		}
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(a, []byte("city,date,mode\n北京,2019-01-01,1210\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, code := decide(t, []string{a, "-"}, "Atlantis,2019-01-01,1210\n")
	if code != 1 || len(rows) != 3 {
		t.Fatalf("status %d, rows %q", code, rows)
	}
	if rows[1][cVerdict] != "allowed" || rows[2][cVerdict] != "error" || !strings.HasPrefix(rows[2][cReason], "line 1: stdin: ") {
		t.Errorf("rows = %q", rows)
	}

	rows, code = decide(t, []string{a}, "")
	if code != 0 || len(rows) != 2 {
		t.Errorf("one good file: status %d, rows %q", code, rows)
	}

	var stdout, stderr bytes.Buffer
	if code := run([]string{filepath.Join(dir, "missing.csv")}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("missing file: status %d, want 2", code)
	}
	if code := run([]string{"-v"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("unknown flag: status %d, want 2", code)
	}
}

// TestLarge streams many rows through a pipe, as a shell would.
func TestLarge(t *testing.T) {
	const n = 50_000
	cities := []string{"杭州", "北京", "上海", "合肥", "湛江", "义乌", "330100", "Shenzhen"}
	modes := []string{"1210", "9610", "9710", "1239"}
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriter(pw)
		fmt.Fprintln(w, "city,date,mode")
		for i := range n {
			fmt.Fprintf(w, "%s,%d-%02d-%02d,%s\n", cities[i%len(cities)], 2014+i%12, 1+i%12, 1+i%28, modes[i%len(modes)])
		}
		w.Flush()
		pw.Close()
	}()
	var out countingWriter
	var stderr bytes.Buffer
	if code := run(nil, pr, &out, &stderr); code != 0 {
		t.Fatalf("status %d, stderr %s", code, stderr.String())
	}
	if out.lines != n+1 {
		t.Errorf("%d output lines, want %d", out.lines, n+1)
	}
}

// A countingWriter counts the lines written to it and keeps nothing.
type countingWriter struct{ lines int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}
