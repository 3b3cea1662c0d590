package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// runAll runs batchcheck on r and returns its output rows (header included),
// exit status and standard error.
func runAll(t *testing.T, r io.Reader) ([][]string, int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(nil, r, &stdout, &stderr)
	rows, err := csv.NewReader(&stdout).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v", err)
	}
	return rows, code, stderr.String()
}

// TestUnterminatedQuote: an unterminated quote costs its own line only.
func TestUnterminatedQuote(t *testing.T) {
	const n = 100_000
	var b strings.Builder
	b.WriteString("city,date,mode\n\"杭州,2019-03-01,1210\n")
	for range n {
		b.WriteString("杭州,2019-03-01,1210\n")
	}
	rows, code, stderr := runAll(t, strings.NewReader(b.String()))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	// n + 2 lines in: a header, an error row and n decided rows.
	if len(rows)-1 != n+1 {
		t.Fatalf("%d rows out for %d lines in, want %d", len(rows)-1, n+2, n+1)
	}
	if r := rows[1]; r[cVerdict] != "error" || r[cLine] != "2" || !strings.HasPrefix(r[cReason], "line 2: unterminated quoted field") {
		t.Errorf("error row = %q", r)
	}
	for _, r := range rows[2:] {
		if r[cVerdict] != "allowed" {
			t.Fatalf("row after the bad one = %q", r)
		}
	}
	if !strings.Contains(stderr, fmt.Sprintf("%d lines: 1 header, 0 blank, %d rows decided, 1 errors", n+2, n)) {
		t.Errorf("stderr = %q", stderr)
	}
}

// TestResync: each malformed line gets an error row with its line number,
// and the next line is read as usual.
func TestResync(t *testing.T) {
	input := "杭州,2019-03-01,1210\n" + // 1
		"\"杭州,2019-03-01,1210\n" + // 2: unterminated
		"\"杭州\"x,2019-03-01,1210\n" + // 3: text after the closing quote
		"杭州,2019\"-03-01,1210\n" + // 4: bare quote
		"\"Atlantis,x\",2019-03-01,1210\n" + // 5: a quoted comma: unknown city
		"\"杭州\",\"2019-03-01\",\"1210\"\r\n" + // 6: all quoted
		"\n" + // 7: blank
		"杭州,2019-03-01,1210," + strings.Repeat("x", maxField+1) + "\n" + // 8: field too long
		"杭州,2019-03-01,1210" // 9: no final newline
	rows, code, _ := runAll(t, strings.NewReader(input))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	want := []string{"allowed", "line 2: unterminated", "line 3: extraneous", "line 4: bare", "line 5: zones: unknown city",
		"allowed", "line 8: field 4 has 1025 bytes", "allowed"}
	if len(rows)-1 != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows)-1, len(want), rows)
	}
	for i, w := range want {
		r := rows[i+1]
		if got := r[cVerdict]; w == "allowed" && got != "allowed" || w != "allowed" && (got != "error" || !strings.HasPrefix(r[cReason], w)) {
			t.Errorf("row %d = %q, want %s", i+1, r, w)
		}
	}
}

func TestSplitLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  string
	}{
		{"a,b,c", []string{"a", "b", "c"}, ""},
		{"a,,", []string{"a", "", ""}, ""},
		{",", []string{"", ""}, ""},
		{`"a,b","c""d",""`, []string{"a,b", `c"d`, ""}, ""},
		{`"""",x`, []string{`"`, "x"}, ""},
		{` "a",b`, nil, "bare"},
		{`"a`, nil, "unterminated"},
		{`"a""`, nil, "unterminated"},
		{`"a"b`, nil, "extraneous"},
		{`a"b`, nil, "bare"},
		{strings.Repeat("x", maxField), []string{strings.Repeat("x", maxField)}, ""},
		{"a," + strings.Repeat("x", maxField+1), nil, "field 2 has"},
	} {
		got, err := splitLine(tc.in, nil)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("splitLine(%.20q) error %v, want one containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("splitLine(%.20q) = %q, %v, want %q", tc.in, got, err, tc.want)
		}
	}
}

// A repeatReader yields b n times, without holding more than b.
type repeatReader struct {
	b byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = r.b
	}
	r.n -= k
	return k, nil
}

// TestHugeField: a 10 MB field is an error row for its line, read without
// holding it.
func TestHugeField(t *testing.T) {
	in := io.MultiReader(
		strings.NewReader("city,date,mode\n杭州,2019-03-01,1210\n"),
		&repeatReader{b: 'x', n: 10 << 20},
		strings.NewReader(",2019-03-01,1210\n北京,2019-01-01,1210\n"),
	)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rows, code, _ := runAll(t, in)
	runtime.ReadMemStats(&after)
	if code != 1 || len(rows) != 4 {
		t.Fatalf("status %d, %d rows: %.300q", code, len(rows), rows)
	}
	if r := rows[2]; r[cVerdict] != "error" || r[cReason] != fmt.Sprintf("line 3: line longer than %d bytes", maxLine) || r[0] != "" {
		t.Errorf("huge row = %.200q", r)
	}
	if rows[1][cVerdict] != "allowed" || rows[3][cVerdict] != "allowed" {
		t.Errorf("rows around the huge one: %q, %q", rows[1], rows[3])
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<20 {
		t.Errorf("allocated %d bytes for a 10 MB line", alloc)
	}
}

func TestFormulas(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"杭州", "杭州"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1", "'+1"},
		{"-1+2", "'-1+2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=1", "a=1"},
		{"9610-export", "9610-export"},
	} {
		cell := string(appendCell(nil, tc.in))
		got, err := csv.NewReader(strings.NewReader(cell)).Read()
		if tc.in == "" {
			got, err = []string{""}, nil // an empty line is no record
		}
		if err != nil || len(got) != 1 || got[0] != tc.want {
			t.Errorf("appendCell(%q) = %s, which reads as %q, %v; want %q", tc.in, cell, got, err, tc.want)
		}
	}
	input := "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2019-03-01,1210\n" +
		"杭州,2019-03-01,+1210\n" +
		"@杭州,2019-03-01,1210\n"
	rows, _, _ := runAll(t, strings.NewReader(input))
	for i, want := range []string{`'=HYPERLINK("http://x","y")`, "杭州", "'@杭州"} {
		if rows[i+1][0] != want {
			t.Errorf("row %d city cell = %q, want %q", i+1, rows[i+1][0], want)
		}
	}
	if rows[2][2] != "'+1210" {
		t.Errorf("row 2 mode cell = %q", rows[2][2])
	}
	for _, r := range rows {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q of %q would run as a formula", cell, r)
			}
		}
	}
}

// TestGBK: GBK (GB18030), as Chinese Excel saves CSV, is read line by
// line: each line in the encoding it is valid in; a line valid in neither
// is an error row.
func TestGBK(t *testing.T) {
	// The header 城市,日期,监管方式 and 杭州,2019-03-01,1210 in GBK.
	gbk := "\xb3\xc7\xca\xd0,\xc8\xd5\xc6\xda,\xbc\xe0\xb9\xdc\xb7\xbd\xca\xbd\n" +
		"\xba\xbc\xd6\xdd,2019-03-01,1210\n" +
		"\xff\xfe,2019-03-01,1210\n" + // not GB18030 either
		"杭州,2019-03-01,1210\n" + // UTF-8 among GB18030
		"\xd6\xd0\xc9\xbd,2019-03-01,1210\n" + // 中山 in GBK
		"330100,2019-03-01,1210,\xc9\xbd\n" // 山 in GBK, which is valid UTF-8 too (ɽ), in a fourth column
	rows, code, stderr := runAll(t, strings.NewReader(gbk))
	if code != 1 || len(rows) != 6 {
		t.Fatalf("status %d, rows %q", code, rows)
	}
	if h := strings.Join(rows[0][:3], ","); h != "\uFEFF城市,日期,监管方式" {
		t.Errorf("header = %q, want it decoded, after a byte order mark for Excel", h)
	}
	for _, i := range []int{1, 3} {
		if r := rows[i]; r[0] != "杭州" || r[cVerdict] != "allowed" || r[cLine] != strconv.Itoa(i+1) {
			t.Errorf("row %d = %q", i, r)
		}
	}
	if r := rows[2]; r[cVerdict] != "error" || r[cReason] != "line 3: not valid UTF-8 or GB18030" || r[0] != "" {
		t.Errorf("invalid row = %q", r)
	}
	if r := rows[5]; r[cVerdict] != "error" || r[cReason] != `line 6: 4 fields, more than the 3 columns of the header: field 4 ("山") has no column` {
		t.Errorf("山 row = %q", r)
	}
	if r := rows[4]; r[0] != "中山" || r[cCode] != "442000" {
		t.Errorf("中山 row = %q", r)
	}
	if want := "batchcheck: stdin: 4 lines read as GB18030, the encoding Chinese Excel saves CSV in\n"; !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr = %q, want %q first", stderr, want)
	}

	// -strict-utf8 refuses it whole.
	var stdout, errs bytes.Buffer
	if code := run([]string{"-strict-utf8"}, strings.NewReader(gbk), &stdout, &errs); code != 2 {
		t.Errorf("-strict-utf8: status %d, want 2", code)
	}
	if out := stdout.String(); strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "city,date,mode,line,") {
		t.Errorf("-strict-utf8: output %q, want the header only", out)
	}
	if e := errs.String(); !strings.Contains(e, "stdin: line 1 is not UTF-8 (but GB18030, the encoding Chinese Excel saves CSV in); -strict-utf8 refuses the whole input: none of its rows was written") ||
		!strings.Contains(e, "iconv -f GB18030 -t UTF-8") {
		t.Errorf("-strict-utf8: stderr %q", e)
	}

	var d decoder
	for _, tc := range []struct {
		in, want string // want "" for invalid GB18030
	}{
		{"\xba\xbc\xd6\xdd", "杭州"},
		{"abc\xba\xbc", "abc杭"},
		{"\xba", ""},                     // a lead byte alone
		{"\xff\xfe", ""},                 // not a lead byte
		{"\x81\x40", "丂"},                // GBK, outside GB 2312
		{"\x81\x30\x81\x30", "\u0080"},   // four bytes
		{"\x84\x31\xa4\x37", "\ufffd"},   // U+FFFD itself
		{"\xe9t\xe9", ""},                // Latin-1 été
		{"\xba\xbc\xd6\x0a", ""},         // bad trail byte
		{"\xe6\x9d\xad", ""},             // 杭 in UTF-8: E6 9D is a character, AD alone is not
		{"\xe6\x9d\xad\xe5\xb7\x9e", ""}, // 杭州 in UTF-8: AD E5 is not assigned
		{"\xc9\xbd", "山"},                // and valid UTF-8 (ɽ)
	} {
		got, ok := d.decode([]byte(tc.in))
		if ok != (tc.want != "") || ok && string(got) != tc.want {
			t.Errorf("decode(%q) = %q, %v, want %q", tc.in, got, ok, tc.want)
		}
	}
	for _, tc := range []struct {
		sample string
		atEOF  bool
		want   textEncoding
	}{
		{"city,date,mode\n杭州,x\n", true, isUTF8},
		{"city,date,mode\n\xba\xbc\xd6\xdd,x\n", true, isGB18030},
		{"city,date,mode\nhangzhou,x\n", true, undecided},
		{"\xba\xbc\xd6\xdd,x\n杭州,x\n杭州,x\n", true, isUTF8},                  // more UTF-8 lines
		{"\xba\xbc\xd6\xdd,x\n\xba\xbc\xd6\xdd,x\n杭州,x\n", true, isGB18030}, // more GB18030 lines
		{"x,\xc9\xbd\n", true, isUTF8},                                      // 山 in GBK, valid UTF-8 (ɽ) too: no evidence against UTF-8
		{"hangzhou,x\n\xba\xbc", false, undecided},                          // a cut last line does not count
		{"hangzhou,x\n\xba\xbc", true, isGB18030},
	} {
		if got := d.judge([]byte(tc.sample), tc.atEOF); got != tc.want {
			t.Errorf("judge(%q, %v) = %v, want %v", tc.sample, tc.atEOF, got, tc.want)
		}
	}
}

func TestChineseHeader(t *testing.T) {
	for _, h := range []string{
		"城市,日期,监管方式",
		"\uFEFF城市,日期,监管方式",
		" 城市 , 日期 , 监管方式代码 ",
		"城市名称,日期,模式",
		"City,日期,mode",
	} {
		rows, code, _ := runAll(t, strings.NewReader(h+"\r\n杭州,2019-03-01,1210\r\n"))
		if code != 0 || len(rows) != 2 || rows[1][cVerdict] != "allowed" {
			t.Errorf("header %q: status %d, rows %q", h, code, rows)
		}
	}
	// Not a header: a data row after it would be; a header later is an error.
	rows, code, _ := runAll(t, strings.NewReader("杭州,2019-03-01,1210\n城市,日期,监管方式\n"))
	if code != 1 || len(rows) != 3 || rows[2][cVerdict] != "error" {
		t.Errorf("late header: status %d, rows %q", code, rows)
	}
}

func TestLRU(t *testing.T) {
	l := newLRU(2)
	l.put("a", &found{problem: "A"})
	l.put("b", &found{problem: "B"})
	if f, ok := l.get("a"); !ok || f.problem != "A" {
		t.Fatalf("get(a) = %v, %v", f, ok)
	}
	l.put("c", &found{problem: "C"}) // drops b, not used since it came
	if _, ok := l.get("b"); ok {
		t.Error("b still cached")
	}
	for _, k := range []string{"a", "c"} {
		if f, ok := l.get(k); !ok || f.problem != strings.ToUpper(k) {
			t.Errorf("get(%s) = %v, %v", k, f, ok)
		}
	}
	if l.len() != 2 {
		t.Errorf("len = %d", l.len())
	}
	one := newLRU(0)
	one.put("x", &found{})
	one.put("y", &found{})
	if _, ok := one.get("y"); !ok || one.len() != 1 {
		t.Errorf("capacity 0 holds %d", one.len())
	}

	// The hand spares a used entry once: after a and c are used, d drops
	// b; then e drops a, whose use the hand has cleared, not c.
	l = newLRU(3)
	for _, k := range []string{"a", "b", "c"} {
		l.put(k, &found{problem: k})
	}
	l.get("a")
	l.get("c")
	l.put("d", &found{problem: "d"})
	l.put("e", &found{problem: "e"})
	var kept []string
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		if f, ok := l.get(k); ok && f.problem == k {
			kept = append(kept, k)
		}
	}
	if got := strings.Join(kept, ","); got != "c,d,e" {
		t.Errorf("kept %s, want c,d,e", got)
	}
}

// TestCache: cycling over more names than the old clear-at-1,024 cache held,
// half of them unknown, every name is looked up once.
func TestCache(t *testing.T) {
	const names = 1025
	var b strings.Builder
	for i := range 4 * names {
		fmt.Fprintf(&b, "Nocity%04d,2019-03-01,1210\n杭州,2019-03-01,1210\n", i%names)
	}
	c := newChecker(options{}, io.Discard, io.Discard)
	if err := c.input("-", strings.NewReader(b.String())); err != nil {
		t.Fatal(err)
	}
	if c.lookups != names+1 {
		t.Errorf("%d lookups for %d distinct names", c.lookups, names+1)
	}
	if c.rows != 8*names || c.failed != 4*names {
		t.Errorf("%d rows, %d errors", c.rows, c.failed)
	}
	if c.cache.len() > cacheSize {
		t.Errorf("cache holds %d", c.cache.len())
	}
}
