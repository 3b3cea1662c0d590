package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

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

// benchInputs are the inputs of BenchmarkBatchcheck and BenchmarkCSVFloor,
// each of benchRows rows and a header, made of what users type: the
// Chinese name, the pinyin and the code of every unit of the registry,
// dates in the five forms a spreadsheet writes, and modes by code and by
// name. Some names are names of several units, whose rows are errors.
var benchInputs = []struct {
	name string
	// row returns the city, date and mode of row i, given the spellings
	// of every unit, three by three.
	row func(i int, spellings []string) (city, date, mode string)
}{
	{
		// As a file sorted by day and mode: blocks of rows of one day and
		// one mode, each row of a block a city of the registry in turn,
		// every unit under its three spellings one after the other.
		"sorted",
		func(i int, spellings []string) (string, string, string) {
			block := i / len(spellings)
			days := [][5]string{ // one day in the five forms
				{"2019-03-01", "2019/3/1", "2019-3-1", "20190301", "2019年3月1日"},
				{"2021-04-01", "2021/4/1", "2021-4-1", "20210401", "2021年4月1日"},
				{"2024-06-01", "2024/6/1", "2024-6-1", "20240601", "2024年6月1日"},
			}
			modes := []string{"1210", "9610", "9710", "网购保税进口", "9610-export"}
			return spellings[i%len(spellings)], days[block%len(days)][i%5], modes[block%len(modes)]
		},
	},
	{
		// No two rows ask the same: each row's day and mode differ from
		// those of the rows before it of the same unit.
		"distinct",
		func(i int, spellings []string) (string, string, string) {
			dates := []string{"2019-03-01", "2020/6/1", "2021-4-1", "20220101", "2024年6月1日", "2016/5/11", "2018-01-01"}
			modes := []string{"1210", "9610", "1239", "9710", "9810", "9610-export", "1210-export", "网购保税进口"}
			return spellings[i%len(spellings)], dates[i%len(dates)], modes[i/len(dates)%len(modes)]
		},
	},
}

// benchData holds each input of benchInputs.
var benchData struct {
	once sync.Once
	in   [][]byte
}

// benchInput returns the input k of benchInputs.
func benchInput(tb testing.TB, k int) []byte {
	benchData.once.Do(func() {
		var spellings []string
		for c := range zones.Default().Cities() {
			spellings = append(spellings, c.Name, c.NameEN, c.Code)
		}
		for _, bi := range benchInputs {
			var in bytes.Buffer
			w := csv.NewWriter(&in)
			_ = w.Write([]string{"city", "date", "mode"})
			for i := range benchRows {
				city, date, mode := bi.row(i, spellings)
				_ = w.Write([]string{city, date, mode})
			}
			w.Flush()
			benchData.in = append(benchData.in, in.Bytes())
		}
	})
	return benchData.in[k]
}

// benchOutput returns batchcheck's output for input k of benchInputs, read
// back: the rows BenchmarkCSVFloor writes. It is made anew for each
// benchmark, so that no other benchmark's collections scan it.
func benchOutput(tb testing.TB, k int) [][]string {
	var out bytes.Buffer
	if code := run(nil, bytes.NewReader(benchInput(tb, k)), &out, io.Discard); code > 1 {
		tb.Fatalf("batchcheck exited with %d", code)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	if len(recs) != benchRows+1 {
		tb.Fatalf("batchcheck wrote %d rows for %d", len(recs)-1, benchRows)
	}
	return recs
}

// reportPerRow reports the time per row, and the CPU time per row since
// cpu0.
func reportPerRow(b *testing.B, cpu0 time.Duration) {
	rows := float64(b.N * benchRows)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/rows, "ns/row")
	if cpu0 > 0 {
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/rows, "cpu-ns/row")
	}
}

// BenchmarkBatchcheck runs batchcheck on each input of benchInputs.
func BenchmarkBatchcheck(b *testing.B) {
	for k, bi := range benchInputs {
		b.Run(bi.name, func(b *testing.B) {
			in := benchInput(b, k)
			runtime.GC()
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			cpu0 := cpuTime()
			for b.Loop() {
				if code := run(nil, bytes.NewReader(in), io.Discard, io.Discard); code > 1 {
					b.Fatal(code)
				}
			}
			reportPerRow(b, cpu0)
		})
	}
}

// BenchmarkCSVFloor is the floor of BenchmarkBatchcheck: encoding/csv
// reads the same rows and writes, for each, batchcheck's output row for it,
// computed beforehand.
func BenchmarkCSVFloor(b *testing.B) {
	for k, bi := range benchInputs {
		b.Run(bi.name, func(b *testing.B) {
			in, out := benchInput(b, k), benchOutput(b, k)
			runtime.GC()
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			cpu0 := cpuTime()
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
			reportPerRow(b, cpu0)
		})
	}
}
