package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
)

// appendedEN are the names of the columns batchcheck appends.
var appendedEN = []string{"line", "verdict", "city_code", "rule", "reason", "reason_zh", "basis", "conditions", "gaps", "data_version"}

// An output is batchcheck's output, read back with encoding/csv, whose
// default settings require every row to have as many fields as the header.
type output struct {
	bom    bool
	header []string
	rows   []map[string]string // each row by column name
	raw    [][]string
	status int
	stderr string
}

// check runs batchcheck with args on input and reads its output back.
func check(t *testing.T, args []string, input string) output {
	t.Helper()
	var stdout, stderr bytes.Buffer
	o := output{status: run(args, strings.NewReader(input), &stdout, &stderr), stderr: stderr.String()}
	b := stdout.Bytes()
	b, o.bom = bytes.CutPrefix(b, []byte("\uFEFF"))
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV of one width: %v\n%s", err, stdout.String())
	}
	if len(recs) == 0 {
		t.Fatalf("no header row; stderr %s", o.stderr)
	}
	o.header, o.raw = recs[0], recs[1:]
	for _, r := range recs[1:] {
		m := make(map[string]string)
		for i, name := range o.header {
			m[name] = r[i]
		}
		o.rows = append(o.rows, m)
	}
	return o
}

// TestExcelExport reads what Excel saves as "CSV UTF-8": a byte order mark,
// CRLF line ends, the columns in its own order with Chinese names, a column
// of order numbers and, for a used range wider than the table, an empty
// column at the end; an empty row of the range is a line of commas.
func TestExcelExport(t *testing.T) {
	input := "\uFEFF订单号,监管方式,日期,城市,\r\n" +
		"SO-0001,1210,2024/6/1,杭州,\r\n" + // 2
		"SO-0002,9610,2024年6月1日,北京,\r\n" + // 3
		"SO-0003,1210,20240601,Suzhou,\r\n" + // 4: ambiguous city
		"SO-0004,1210,6/1/2024,上海,\r\n" + // 5: ambiguous date
		",,,,\r\n" + // 6: an empty row
		"\"SO-0005, rush\",网购保税进口,2024-6-1,330100,\r\n" + // 7
		"=1+1,1210,2024-06-01,杭州,\r\n" // 8: a formula in a passed-through cell
	o := check(t, nil, input)
	if o.status != 1 {
		t.Errorf("exit status %d, want 1", o.status)
	}
	if !o.bom {
		t.Error("the input had a byte order mark, the output has none")
	}
	if want := append([]string{"订单号", "监管方式", "日期", "城市"}, appendedEN...); strings.Join(o.header, "|") != strings.Join(want, "|") {
		t.Errorf("header = %q, want %q", o.header, want)
	}
	want := []struct{ order, line, verdict, code, reason string }{
		{"SO-0001", "2", "allowed", "330100", ""},
		{"SO-0002", "3", "", "110000", ""},
		{"SO-0003", "4", "error", "", `line 4: zones: ambiguous city "Suzhou"`},
		{"SO-0004", "5", "error", "", `line 5: cbec: invalid date "6/1/2024": the year comes last`},
		{"SO-0005, rush", "7", "", "330100", ""},
		{"'=1+1", "8", "allowed", "330100", ""},
	}
	if len(o.rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(o.rows), len(want), o.raw)
	}
	for i, w := range want {
		r := o.rows[i]
		if r["订单号"] != w.order || r["line"] != w.line || r["city_code"] != w.code ||
			(w.verdict != "" && r["verdict"] != w.verdict) || !strings.HasPrefix(r["reason"], w.reason) {
			t.Errorf("row %d = %q, want order %q, line %s, verdict %q, code %q, reason %q…", i+1, o.raw[i], w.order, w.line, w.verdict, w.code, w.reason)
		}
		if r["verdict"] != "error" && (r["reason"] == "" || r["reason_zh"] == "" || r["basis"] == "" || r["rule"] == "") {
			t.Errorf("row %d lacks its reason, basis or rule: %q", i+1, o.raw[i])
		}
		if r["data_version"] != cbec.DataVersion {
			t.Errorf("row %d data_version = %q", i+1, r["data_version"])
		}
	}
	if !strings.Contains(o.stderr, "8 lines: 1 header, 1 blank, 4 rows decided, 2 errors") {
		t.Errorf("stderr = %q", o.stderr)
	}
}

// TestDateForms: the five forms of a date a spreadsheet writes are read;
// an ambiguous one is an error that says why.
func TestDateForms(t *testing.T) {
	for _, tc := range []struct{ date, err string }{
		{"2024-06-01", ""},
		{"2024/6/1", ""},
		{"2024-6-1", ""},
		{"20240601", ""},
		{"2024年6月1日", ""},
		{"２０２４／６／１", ""},
		{" 2024/06/01 ", ""},
		{"6/1/2024", "the year comes last, so whether the month or the day comes first is not known (month first: 2024-06-01; day first: 2024-01-06)"},
		{"01/06/2024", "the year comes last"},
		{"24/6/1", "a two-digit year"},
		{"240601", "a two-digit year"},
		{"2024/6/1 0:00", "a time of day"},
		{"45444", "a number, not a date"},
		{"2023/2/29", "no such day"},
	} {
		o := check(t, nil, "城市,日期,监管方式\n杭州,"+tc.date+",1210\n")
		if len(o.rows) != 1 {
			t.Fatalf("%q: rows %q", tc.date, o.raw)
		}
		r := o.rows[0]
		if tc.err == "" {
			if o.status != 0 || r["verdict"] != "allowed" || r["日期"] != tc.date {
				t.Errorf("%q: status %d, row %q", tc.date, o.status, o.raw[0])
			}
			continue
		}
		if o.status != 1 || r["verdict"] != "error" || !strings.Contains(r["reason"], tc.err) {
			t.Errorf("%q: status %d, row %q, want an error saying %q", tc.date, o.status, o.raw[0], tc.err)
		}
	}
}

// TestLayouts: where the columns are, and what happens to rows that do not
// fit them.
func TestLayouts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		input  string
		header string // the output's header, but the appended columns
		status int
		cells  []string // per row: the input cells, then verdict or the reason's start
		stderr string
	}{
		{
			name:   "no header",
			input:  "杭州,2024-06-01,1210\n",
			header: "city,date,mode",
			cells:  []string{"杭州|2024-06-01|1210|allowed"},
		},
		{
			name:   "no header, more columns",
			input:  "杭州,2024-06-01,1210,SO-1,\n北京,2024-06-01,1210\n上海,2024-06-01,1210,SO-3,x\n",
			header: "city,date,mode,column4",
			status: 1,
			cells: []string{
				"杭州|2024-06-01|1210|SO-1|allowed",
				"北京|2024-06-01|1210||allowed",
				`上海|2024-06-01|1210|SO-3|line 3: 5 fields, more than the 4 columns of the first row: field 5 ("x") has no column`,
			},
		},
		{
			name:   "English, reordered, extra columns",
			input:  "Mode,note,City,Date\n1210,first,杭州,2024-06-01\n9710,,北京,2024-06-01,,\n",
			header: "Mode,note,City,Date",
			cells:  []string{"1210|first|杭州|2024-06-01|allowed", "9710||北京|2024-06-01|allowed"},
		},
		{
			name:   "Chinese variants",
			input:  " 所在城市 ,查询日期,监管方式代码,金额\n杭州,2024/6/1,1210,100\n",
			header: " 所在城市 ,查询日期,监管方式代码,金额",
			cells:  []string{"杭州|2024/6/1|1210|100|allowed"},
		},
		{
			name:   "a short row",
			input:  "城市,日期,监管方式,备注\n杭州,2024-06-01,1210\n杭州,2024-06-01\n",
			header: "城市,日期,监管方式,备注",
			status: 1,
			cells:  []string{"杭州|2024-06-01|1210||allowed", "杭州|2024-06-01|||line 3: want 4 fields (城市,日期,监管方式,备注), got 2"},
		},
		{
			name:   "a cell past the header",
			input:  "城市,日期,监管方式\n杭州,2024-06-01,1210,urgent\n杭州,2024-06-01,1210, \n",
			header: "城市,日期,监管方式",
			status: 1,
			cells: []string{
				`杭州|2024-06-01|1210|line 2: 4 fields, more than the 3 columns of the header: field 4 ("urgent") has no column`,
				"杭州|2024-06-01|1210|allowed",
			},
		},
		{
			name:   "two city columns",
			input:  "城市,日期,监管方式,city\n杭州,2024-06-01,1210,杭州\n",
			status: 2,
			stderr: `batchcheck: stdin: line 1: header: columns 1 ("城市") and 4 ("city") both name the city; keep one`,
		},
		{
			name:   "no mode column",
			input:  "订单号,城市,日期\nSO-1,杭州,2024-06-01\n",
			status: 2,
			stderr: "batchcheck: stdin: line 1: header: no mode column: name one of mode, 监管方式,",
		},
	} {
		o := check(t, nil, tc.input)
		if o.status != tc.status {
			t.Errorf("%s: exit status %d, want %d; stderr %s", tc.name, o.status, tc.status, o.stderr)
		}
		if tc.stderr != "" && !strings.Contains(o.stderr, tc.stderr) {
			t.Errorf("%s: stderr %q, want %q", tc.name, o.stderr, tc.stderr)
		}
		if tc.status == 2 {
			if len(o.rows) != 0 {
				t.Errorf("%s: the input was refused, yet rows were written: %q", tc.name, o.raw)
			}
			continue
		}
		in := strings.Split(tc.header, ",")
		if want := strings.Join(append(in, appendedEN...), ","); strings.Join(o.header, ",") != want {
			t.Errorf("%s: header %q, want %q", tc.name, o.header, want)
		}
		if len(o.raw) != len(tc.cells) {
			t.Errorf("%s: %d rows, want %d: %q", tc.name, len(o.raw), len(tc.cells), o.raw)
			continue
		}
		for i, want := range tc.cells {
			r := o.raw[i]
			got := strings.Join(r[:len(in)], "|") + "|" + r[len(in)+1]
			if r[len(in)+1] == "error" {
				got = strings.Join(r[:len(in)], "|") + "|" + r[len(in)+4]
			}
			if !strings.HasPrefix(got, want) {
				t.Errorf("%s: row %d = %q, want %q…", tc.name, i+1, got, want)
			}
		}
	}
}

// TestLang: -lang zh names the appended columns in Chinese and gives the
// reason and conditions in Chinese, the English reason beside.
func TestLang(t *testing.T) {
	input := "城市,日期,监管方式\n杭州,2024-06-01,1210\n"
	en := check(t, nil, input)
	zh := check(t, []string{"-lang", "zh"}, input)
	if en.status != 0 || zh.status != 0 {
		t.Fatalf("status %d, %d", en.status, zh.status)
	}
	want := "城市,日期,监管方式,行号,结论,城市代码,规则,原因,原因（英文）,依据,条件,数据缺口,数据版本"
	if got := strings.Join(zh.header, ","); got != want {
		t.Errorf("zh header = %s, want %s", got, want)
	}
	e, z := en.raw[0], zh.raw[0]
	for i := range e {
		switch i {
		case 3 + colReason, 3 + colReasonOther, 3 + colConditions:
		default:
			if e[i] != z[i] {
				t.Errorf("column %s: %q in English, %q in Chinese", en.header[i], e[i], z[i])
			}
		}
	}
	if z[3+colReason] != e[3+colReasonOther] || z[3+colReasonOther] != e[3+colReason] || !strings.Contains(z[3+colReason], "杭州市是") {
		t.Errorf("reasons: en %q, zh %q", e[3+colReason:3+colReasonOther+1], z[3+colReason:3+colReasonOther+1])
	}
	if !strings.HasPrefix(e[3+colConditions], "No ") || !strings.HasPrefix(z[3+colConditions], "不得") {
		t.Errorf("conditions: en %q, zh %q", e[3+colConditions], z[3+colConditions])
	}
	// An input without a header gets Chinese names for its columns too.
	o := check(t, []string{"-lang", "zh"}, "杭州,2024-06-01,1210,SO-1\n")
	if got := strings.Join(o.header[:4], ","); got != "城市,日期,监管方式,第4列" {
		t.Errorf("zh header of an input without one = %s", got)
	}
}

func TestFlags(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("city,date,mode\n杭州,2024-06-01,1210\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	for _, tc := range []struct {
		args           []string
		status         int
		stdout, stderr string // what they start with
	}{
		{[]string{"-h"}, 0, "usage: batchcheck", ""},
		{[]string{"-help"}, 0, "usage: batchcheck", ""},
		{[]string{"--help"}, 0, "usage: batchcheck", ""},
		{[]string{"-v"}, 2, "", "batchcheck: flag provided but not defined: -v\nusage: batchcheck"},
		{[]string{"-lang", "fr", in}, 2, "", "batchcheck: -lang fr: want en or zh\nusage"},
		{[]string{in, "-lang", "zh"}, 2, "", "batchcheck: flag -lang after a file name: flags come first"},
		{[]string{"-o", in, in}, 2, "", "batchcheck: -o " + in + " is the input " + in},
		{[]string{"-o", filepath.Join(dir, "no", "such", "dir.csv"), in}, 2, "", "batchcheck: open "},
		{[]string{"-o", out, in}, 0, "", ""},
		{[]string{"-bom", in}, 0, "\uFEFFcity,date,mode,line,", ""},
		{[]string{in}, 0, "city,date,mode,line,", ""},
		{[]string{"--", in}, 0, "city,date,mode,line,", ""},
	} {
		var stdout, stderr bytes.Buffer
		status := run(tc.args, strings.NewReader(""), &stdout, &stderr)
		if status != tc.status || !strings.HasPrefix(stdout.String(), tc.stdout) || !strings.HasPrefix(stderr.String(), tc.stderr) {
			t.Errorf("batchcheck %q: status %d, stdout %.60q, stderr %.120q; want %d, %q…, %q…", tc.args, status, stdout.String(), stderr.String(), tc.status, tc.stdout, tc.stderr)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "city,date,mode,line,verdict,") || strings.Count(string(b), "\n") != 2 {
		t.Errorf("-o wrote %q, %v", b, err)
	}
	if b, _ := os.ReadFile(in); !strings.HasPrefix(string(b), "city,date,mode\n") {
		t.Errorf("the input was changed: %q", b)
	}
}

// TestSeveralInputs: inputs give the output the same columns, each in its
// own order; an input with other columns is refused.
func TestSeveralInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.csv", "订单号,城市,日期,监管方式\nSO-1,杭州,2024-06-01,1210\n")
	b := write("b.csv", "监管方式,日期,订单号,城市\n1210,2024-06-01,SO-2,北京\n")
	c := write("c.csv", "城市,日期,监管方式,金额\n杭州,2024-06-01,1210,100\n")
	var stdout, stderr bytes.Buffer
	status := run([]string{a, b, c}, nil, &stdout, &stderr)
	if status != 2 || !strings.Contains(stderr.String(), "c.csv: line 1: it has no column \"订单号\", which the first input has (订单号,城市,日期,监管方式); give each input the same columns") {
		t.Errorf("status %d, stderr %s", status, stderr.String())
	}
	recs, err := csv.NewReader(&stdout).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("rows %q, %v", recs, err)
	}
	if got := strings.Join(recs[2][:6], ","); got != "SO-2,北京,2024-06-01,1210,2,allowed" {
		t.Errorf("row of b.csv = %s", got)
	}
}
