package cbec_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/readmetest"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
)

// TestSnippets checks that every Go snippet of the README and of the
// package documentation is the code of an Example function, which go test
// compiles, runs and checks against its output.
func TestSnippets(t *testing.T) {
	readmetest.CheckSnippets(t, []string{"README.md", "README.zh-CN.md", "doc.go", "policy/doc.go", "zones/doc.go", "trade/doc.go"},
		".", "policy", "zones", "trade")
}

// TestUnknownAnswer checks the unknown answer the README shows, and the
// number of units it gives as unknown for 1210 on the same day.
func TestUnknownAnswer(t *testing.T) {
	day := cbec.MustParseDate("2026-12-01")
	d, err := policy.Permitted("宝鸡", day, trade.BondedImport)
	if err != nil {
		t.Fatal(err)
	}
	got := wrap(d.Verdict().String()+": "+d.Reason(), 110)
	for _, g := range d.Gaps() {
		got += wrap("gap: "+g.String(), 110)
	}
	blocks := readmetest.Find(t, "README.md", "### Unknown answers")
	readmetest.Check(t, "README.md", blocks[0], got)

	unknown, all := 0, 0
	for range policy.CitiesBy(day, trade.BondedImport, policy.Unknown) {
		unknown++
	}
	for range policy.Units() {
		all++
	}
	src, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("On %s, %d of the %d units", day, unknown, all); !strings.Contains(string(src), want) {
		t.Errorf("README.md does not say %q", want)
	}
}

// wrap breaks s into lines of at most width columns of a fixed-width font,
// a Chinese character taking two, at spaces; each line ends in a newline.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Split(s, " ") {
		ww := 0
		for _, r := range w {
			ww++
			if r >= 0x2E80 {
				ww++
			}
		}
		switch {
		case i == 0:
		case n+1+ww > width:
			b.WriteString("\n")
			n = 0
		default:
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += ww
	}
	return b.String() + "\n"
}
