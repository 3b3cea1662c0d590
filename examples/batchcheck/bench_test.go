package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/tradepolicy/cbec/zones"
)

// BenchmarkRows decides rows of known cities, as TestLarge writes them.
func BenchmarkRows(b *testing.B) {
	cities := []string{"杭州", "北京", "上海", "合肥", "湛江", "义乌", "330100", "Shenzhen"}
	modes := []string{"1210", "9610", "9710", "1239"}
	var in bytes.Buffer
	in.WriteString("city,date,mode\n")
	const n = 10_000
	for i := range n {
		fmt.Fprintf(&in, "%s,%d-%02d-%02d,%s\n", cities[i%len(cities)], 2014+i%12, 1+i%12, 1+i%28, modes[i%len(modes)])
	}
	b.ResetTimer()
	for range b.N {
		if code := run(nil, bytes.NewReader(in.Bytes()), io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}

// benchRows is how many rows BenchmarkBatchcheck and BenchmarkCSVFloor
// read.
const benchRows = 100_000

// mixed holds the input of BenchmarkBatchcheck and BenchmarkCSVFloor and
// batchcheck's output for it, read back.
var mixed struct {
	once sync.Once
	in   []byte
	out  [][]string
}

// mixedInput returns benchRows rows and a header of a mix of what users
// type: the Chinese name, the pinyin and the code of every unit of the
// registry in turn, dates in the five forms a spreadsheet writes, and modes
// by code and by name; and batchcheck's output for them. The rows' cities
// are those of the registry in code order, so that successive rows differ;
// some are names of several units, whose rows are errors.
func mixedInput(tb testing.TB) ([]byte, [][]string) {
	mixed.once.Do(func() {
		var spellings []string
		for c := range zones.Default().Cities() {
			spellings = append(spellings, c.Name, c.NameEN, c.Code)
		}
		dates := []string{"2019-03-01", "2020/6/1", "2021-4-1", "20220101", "2024年6月1日", "2016/5/11", "2018-01-01"}
		modes := []string{"1210", "9610", "1239", "9710", "9810", "9610-export", "1210-export", "网购保税进口"}
		var in bytes.Buffer
		w := csv.NewWriter(&in)
		_ = w.Write([]string{"city", "date", "mode"})
		for i := range benchRows {
			_ = w.Write([]string{spellings[i%len(spellings)], dates[i%len(dates)], modes[i/len(dates)%len(modes)]})
		}
		w.Flush()
		mixed.in = in.Bytes()
		var out bytes.Buffer
		run(nil, bytes.NewReader(mixed.in), &out, io.Discard)
		mixed.out, _ = csv.NewReader(&out).ReadAll()
	})
	if len(mixed.out) != benchRows+1 {
		tb.Fatalf("batchcheck wrote %d rows for %d", len(mixed.out)-1, benchRows)
	}
	return mixed.in, mixed.out
}

// BenchmarkBatchcheck runs batchcheck on benchRows mixed rows.
func BenchmarkBatchcheck(b *testing.B) {
	in, _ := mixedInput(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if code := run(nil, bytes.NewReader(in), io.Discard, io.Discard); code > 1 {
			b.Fatal(code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
}

// BenchmarkCSVFloor is the floor of BenchmarkBatchcheck: encoding/csv
// reads the same rows and writes, for each, batchcheck's output row for it,
// computed beforehand.
func BenchmarkCSVFloor(b *testing.B) {
	in, out := mixedInput(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(in))
		r.ReuseRecord = true
		w := csv.NewWriter(io.Discard)
		for i := 0; ; i++ {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			_ = w.Write(out[i])
		}
		w.Flush()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
}
