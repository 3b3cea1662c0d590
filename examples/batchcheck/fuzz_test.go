package main

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// FuzzBatchcheck feeds batchcheck any input: it never panics, exits 0, 1
// or 2, and writes CSV whose rows all have the header's width.
func FuzzBatchcheck(f *testing.F) {
	for _, s := range []string{
		"city,date,mode\n杭州,2019-03-01,1210\n",
		"\ufeff订单号,城市,日期,监管方式,\r\nSO-1,杭州,2019/3/1,1210,\r\n",
		"杭州,20190301,1210\nAtlantis,2019-03-01,1210\n\"杭州,2019-03-01,1210\n",
		"城市,日期\n杭州,2019年3月1日\n",
		"\xba\xbc\xd6\xdd,2019-03-01,1210\n",
		",,,\n\n=1,+2,-3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var stdout, stderr bytes.Buffer
		code := run(nil, bytes.NewReader(in), &stdout, &stderr)
		if code < 0 || code > 2 {
			t.Fatalf("exit status %d", code)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(stdout.Bytes(), []byte("\ufeff"))))
		rows, err := r.ReadAll() // ReadAll also checks that every row has the first row's width
		if err != nil {
			t.Fatalf("output is not CSV of rows of one width: %v\n%q", err, stdout.String())
		}
		if code != 2 && len(in) > 0 && len(rows) == 0 {
			t.Fatalf("exit status %d and no output for %q", code, in)
		}
	})
}
