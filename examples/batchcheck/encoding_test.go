package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/tradepolicy/cbec/zones"
)

// chineseRows returns an input of n rows with a header, in UTF-8: order
// numbers, the Chinese names of all units in turn, dates in every form a
// spreadsheet writes and modes by their Chinese names.
func chineseRows(n int) string {
	var names []string
	for c := range zones.Default().Cities() {
		names = append(names, c.Name)
	}
	dates := []string{"2019/3/1", "2021年4月1日", "2024-6-1", "20200117", "2016-05-11"}
	modes := []string{"网购保税进口", "直购进口", "1210", "9610-export", "9710"}
	var b strings.Builder
	b.WriteString("订单号,城市,日期,监管方式,备注\r\n")
	for i := range n {
		fmt.Fprintf(&b, "SO-%05d,%s,%s,%s,备注%d\r\n", i, names[i%len(names)], dates[i%len(dates)], modes[i/len(dates)%len(modes)], i)
	}
	return b.String()
}

// TestGB18030File: a GB18030 file of 10,000 rows gives what the same rows
// in UTF-8 give, after a byte order mark so that Excel reads it.
func TestGB18030File(t *testing.T) {
	const n = 10_000
	text := chineseRows(n)
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "\uFFFD") || len(gb) >= len(text) {
		t.Fatalf("the encoder did not encode: %d bytes of UTF-8, %d of GB18030", len(text), len(gb))
	}
	dir := t.TempDir()
	gbFile, utf8File := filepath.Join(dir, "gb.csv"), filepath.Join(dir, "utf8.csv")
	if err := os.WriteFile(gbFile, []byte(gb), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(utf8File, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	fromGB := check(t, []string{gbFile}, "")
	fromUTF8 := check(t, []string{utf8File}, "")
	if !fromGB.bom || fromUTF8.bom {
		t.Errorf("byte order mark: %v from GB18030, %v from UTF-8; want it from GB18030 only", fromGB.bom, fromUTF8.bom)
	}
	if fromGB.status != fromUTF8.status || fromGB.status == 2 {
		t.Errorf("status %d from GB18030, %d from UTF-8", fromGB.status, fromUTF8.status)
	}
	if len(fromGB.raw) != n || len(fromUTF8.raw) != n {
		t.Fatalf("%d and %d rows for %d", len(fromGB.raw), len(fromUTF8.raw), n)
	}
	if h := strings.Join(fromGB.header[:5], ","); h != "订单号,城市,日期,监管方式,备注" {
		t.Errorf("header %s", h)
	}
	decided := 0
	for i, r := range fromGB.rows {
		if got, want := strings.Join(fromGB.raw[i], "|"), strings.Join(fromUTF8.raw[i], "|"); got != want {
			t.Fatalf("row %d:\nfrom GB18030 %s\nfrom UTF-8   %s", i+1, got, want)
		}
		if r["订单号"] != fmt.Sprintf("SO-%05d", i) || r["备注"] != fmt.Sprintf("备注%d", i) || r["line"] != fmt.Sprint(i+2) {
			t.Fatalf("row %d = %q", i+1, fromGB.raw[i])
		}
		switch r["verdict"] {
		case "allowed", "denied", "unknown":
			decided++
			if r["city_code"] == "" || r["reason"] == "" || r["rule"] == "" {
				t.Fatalf("row %d = %q", i+1, fromGB.raw[i])
			}
		case "error":
			// A name of several units: its own error.
			if !strings.HasPrefix(r["reason"], fmt.Sprintf("line %d: zones: ambiguous city ", i+2)) {
				t.Fatalf("row %d = %q", i+1, fromGB.raw[i])
			}
		default:
			t.Fatalf("row %d = %q", i+1, fromGB.raw[i])
		}
	}
	if decided < n*9/10 {
		t.Errorf("%d rows of %d decided", decided, n)
	}
	if want := fmt.Sprintf("batchcheck: %s: %d lines read as GB18030", gbFile, n+1); !strings.Contains(fromGB.stderr, want) {
		t.Errorf("stderr %q, want %q", fromGB.stderr, want)
	}
}

// A pipe is a reader that cannot seek, as standard input from a pipe.
type pipe struct{ r io.Reader }

func (p pipe) Read(b []byte) (int, error) { return p.r.Read(b) }

// TestStrictUTF8: -strict-utf8 refuses an input that is not UTF-8 before
// any of its rows is written, whether it is a file, a reader that seeks or
// a pipe, and reads a UTF-8 one as usual.
func TestStrictUTF8(t *testing.T) {
	text := chineseRows(2000)
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	// A GB18030 line far into an input of UTF-8 (well past the first 64
	// KiB of it), and a line of Latin-1.
	late := text + "SO-X,\xba\xbc\xd6\xdd,2019/3/1,1210,x\r\n"
	latin1 := "city,date,mode\ncaf\xe9,2019-03-01,1210\n"
	dir := t.TempDir()
	gbFile := filepath.Join(dir, "gb.csv")
	if err := os.WriteFile(gbFile, []byte(gb), 0o644); err != nil {
		t.Fatal(err)
	}
	var wantOut bytes.Buffer
	wantStatus := run(nil, strings.NewReader(text), &wantOut, io.Discard)
	for _, tc := range []struct {
		name  string
		args  []string
		input io.Reader
		err   string // "" when the input is read
	}{
		{"UTF-8, seeking", nil, strings.NewReader(text), ""},
		{"UTF-8, pipe", nil, pipe{strings.NewReader(text)}, ""},
		{"GB18030 file", []string{gbFile}, nil, gbFile + ": line 1 is not UTF-8 (but GB18030"},
		{"GB18030, seeking", nil, strings.NewReader(gb), "stdin: line 1 is not UTF-8 (but GB18030"},
		{"GB18030, pipe", nil, pipe{strings.NewReader(gb)}, "stdin: line 1 is not UTF-8 (but GB18030"},
		{"GB18030 late, pipe", nil, pipe{strings.NewReader(late)}, "stdin: line 2002 is not UTF-8 (but GB18030"},
		{"Latin-1", nil, strings.NewReader(latin1), "stdin: line 2 is not UTF-8 (nor GB18030); -strict-utf8 refuses the whole input: none of its rows was written"},
	} {
		var stdout, stderr bytes.Buffer
		status := run(append([]string{"-strict-utf8"}, tc.args...), tc.input, &stdout, &stderr)
		if tc.err == "" {
			if status != wantStatus || stdout.String() != wantOut.String() {
				t.Errorf("%s: status %d, stderr %s; the output differs from the output without -strict-utf8", tc.name, status, stderr.String())
			}
			continue
		}
		if status != 2 || !strings.Contains(stderr.String(), tc.err) {
			t.Errorf("%s: status %d, stderr %q; want 2 and %q", tc.name, status, stderr.String(), tc.err)
		}
		if lines := strings.Count(stdout.String(), "\n"); lines != 1 {
			t.Errorf("%s: %d output lines, want the header only", tc.name, lines)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "batchcheck-*.csv")); len(left) > 0 {
		t.Logf("temporary files in %s (perhaps of other runs): %q", os.TempDir(), left)
	}
}
