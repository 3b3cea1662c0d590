package main

import (
	"bytes"
	"fmt"
	"io"
	"testing"
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
