package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
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
		if got := neutralize(tc.in); got != tc.want {
			t.Errorf("neutralize(%q) = %q, want %q", tc.in, got, tc.want)
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

func TestGBK(t *testing.T) {
	// 杭州,2019-03-01,1210 and the header 城市,日期,监管方式 in GBK.
	gbk := "\xb3\xc7\xca\xd0,\xc8\xd5\xc6\xda,\xbc\xe0\xb9\xdc\xb7\xbd\xca\xbd\n" +
		"\xba\xbc\xd6\xdd,2019-03-01,1210\n" +
		"\xff\xfe,2019-03-01,1210\n" + // not GBK either
		"杭州,2019-03-01,1210\n"
	rows, code, stderr := runAll(t, strings.NewReader(gbk))
	if code != 1 || len(rows) != 5 {
		t.Fatalf("status %d, rows %q", code, rows)
	}
	for _, r := range rows[1:3] {
		if r[cVerdict] != "error" || !strings.Contains(r[cReason], "GBK") || !strings.Contains(r[cReason], "convert the input to UTF-8") {
			t.Errorf("GBK row = %q", r)
		}
	}
	if r := rows[3]; r[cVerdict] != "error" || r[cReason] != "line 3: not valid UTF-8" {
		t.Errorf("invalid row = %q", r)
	}
	if rows[4][cVerdict] != "allowed" {
		t.Errorf("UTF-8 row = %q", rows[4])
	}
	if strings.Count(stderr, "GBK") != 1 || !strings.Contains(stderr, "iconv -f GB18030 -t UTF-8") {
		t.Errorf("stderr = %q, want one hint to convert", stderr)
	}
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"\xba\xbc\xd6\xdd", true},
		{"abc\xba\xbc", true},
		{"\xba", false},             // a lead byte alone
		{"\xff\xfe", false},         // not a lead byte
		{"\x81\x40", false},         // GBK, but outside GB 2312
		{"\xe9t\xe9", false},        // Latin-1 été
		{"\xba\xbc\xd6\x0a", false}, // bad trail byte
	} {
		if got := looksGBK([]byte(tc.in)); got != tc.want {
			t.Errorf("looksGBK(%q) = %v, want %v", tc.in, got, tc.want)
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
	l.put("a", found{problem: "A"})
	l.put("b", found{problem: "B"})
	if f, ok := l.get("a"); !ok || f.problem != "A" {
		t.Fatalf("get(a) = %v, %v", f, ok)
	}
	l.put("c", found{problem: "C"}) // drops b, the least recently used
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
	one.put("x", found{})
	one.put("y", found{})
	if _, ok := one.get("y"); !ok || one.len() != 1 {
		t.Errorf("capacity 0 holds %d", one.len())
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
	if c.lookups != names {
		t.Errorf("%d lookups that failed for %d distinct unknown names", c.lookups, names)
	}
	if c.rows != 8*names || c.failed != 4*names {
		t.Errorf("%d rows, %d errors", c.rows, c.failed)
	}
	if c.cache.len() > cacheSize {
		t.Errorf("cache holds %d", c.cache.len())
	}
}
