package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestAmbiguousThousand: 1,000 rows of one ambiguous name, among decided
// rows, each get their own error row, and standard error sums them up on
// one line.
func TestAmbiguousThousand(t *testing.T) {
	const n = 1000
	var b strings.Builder
	b.WriteString("订单号,城市,日期,监管方式\n")
	for i := range n {
		fmt.Fprintf(&b, "SO-%d,杭州,2024-06-01,1210\nSO-%d,Suzhou,2024-06-01,1210\n", 2*i, 2*i+1)
	}
	o := check(t, nil, b.String())
	if o.status != 1 || len(o.rows) != 2*n {
		t.Fatalf("status %d, %d rows", o.status, len(o.rows))
	}
	for i, r := range o.rows {
		line := fmt.Sprint(i + 2)
		if r["订单号"] != fmt.Sprintf("SO-%d", i) || r["line"] != line {
			t.Fatalf("row %d = %q", i+1, o.raw[i])
		}
		if i%2 == 0 && r["verdict"] != "allowed" ||
			i%2 == 1 && (r["verdict"] != "error" || r["reason"] != "line "+line+`: zones: ambiguous city "Suzhou": could be 苏州市 (320500, Suzhou), 宿州市 (341300, Suzhou)`) {
			t.Fatalf("row %d = %q", i+1, o.raw[i])
		}
	}
	want := "batchcheck: stdin: 2001 lines: 1 header, 0 blank, 1000 rows decided, 1000 errors\n" +
		`batchcheck: stdin: ambiguous city "Suzhou" (苏州市 320500, 宿州市 341300): 1,000 rows, lines 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, … (first 10)` + "\n"
	if o.stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", o.stderr, want)
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		want        []string // the summary's lines after the count of lines
	}{
		{
			name: "causes, most rows first, then by their first line",
			input: "city,date,mode\n" +
				"Atlantis,2019-03-01,1210\n" + // 2
				"Hangzou,2019-03-01,1210\n" + // 3
				"杭州,6/1/2019,1210\n" + // 4
				"杭州,2019-03-01,12100\n" + // 5
				"杭州,1/6/2019,1210\n" + // 6
				"杭州,24/6/1,1210\n" + // 7
				"\"杭州,2019-03-01,1210\n" + // 8
				"Atlantis,2019-03-01,1210\n" + // 9
				"杭州,2019-03-01,1210,x\n" + // 10
				"杭州,2019-03-01\n" + // 11
				"杭州,2019-02-29,1210\n", // 12
			want: []string{
				`unknown city "Atlantis": 2 rows, lines 2, 9`,
				`invalid date, the year comes last, so whether the month or the day comes first is not known (first "6/1/2019"): 2 rows, lines 4, 6`,
				`unknown city "Hangzou" (close: 杭州市 330100, 沧州市 130900, 常州市 320400, …): 1 row, line 3`,
				`unknown mode "12100": 1 row, line 5`,
				`invalid date, a two-digit year (first "24/6/1"): 1 row, line 7`,
				`unterminated quoted field (a quoted field cannot span lines): 1 row, line 8`,
				`text past the last column: 1 row, line 10`,
				`too few fields: 1 row, line 11`,
				`invalid date, no such day (first "2019-02-29"): 1 row, line 12`,
			},
		},
		{
			name: "more than 20 causes",
			input: func() string {
				var b strings.Builder
				for i := range 25 {
					for range 25 - i {
						fmt.Fprintf(&b, "Nocity%02d,2019-03-01,1210\n", i)
					}
				}
				return b.String()
			}(),
			want: func() []string {
				var w []string
				line := 1
				for i := range 20 {
					n := 25 - i
					lines := fmt.Sprint(line)
					for j := 1; j < min(n, 10); j++ {
						lines += fmt.Sprintf(", %d", line+j)
					}
					if n > 10 {
						lines += ", … (first 10)"
					}
					w = append(w, fmt.Sprintf(`unknown city "Nocity%02d": %d rows, lines %s`, i, n, lines))
					line += n
				}
				return append(w, "and 5 more causes: 15 rows") // 5+4+3+2+1
			}(),
		},
	} {
		o := check(t, nil, tc.input)
		lines := strings.Split(strings.TrimSuffix(o.stderr, "\n"), "\n")
		if len(lines) == 0 || !strings.Contains(lines[0], " lines: ") {
			t.Errorf("%s: stderr %q", tc.name, o.stderr)
			continue
		}
		var want []string
		for _, w := range tc.want {
			want = append(want, "batchcheck: stdin: "+w)
		}
		if got := strings.Join(lines[1:], "\n"); got != strings.Join(want, "\n") {
			t.Errorf("%s: summary\n%s\nwant\n%s", tc.name, got, strings.Join(want, "\n"))
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 5199: "5,199", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %s, want %s", n, got, want)
		}
	}
}
