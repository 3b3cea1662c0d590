package policy_test

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
)

// timelinesFile holds every embedded timeline: each unit, each mode, each
// span with everything its decision says. A unit whose timelines are those
// of the unit it lies in is written as "= code".
const timelinesFile = "testdata/timelines.txt"

// TestTimelines compares every embedded answer with testdata/timelines.txt,
// so that a change of code that changes an answer is seen, and a change of
// data shows each answer it changes. Run with -update after a deliberate
// change, and say in the commit which rule or row explains each change.
func TestTimelines(t *testing.T) {
	t.Parallel()
	got := writeTimelines(policy.Default())
	if policy.Update() {
		if err := os.WriteFile(timelinesFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(timelinesFile)
	if err != nil {
		t.Fatalf("%v (run go test -run TestTimelines -update to write it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	wset := map[string]bool{}
	for _, l := range w {
		wset[l] = true
	}
	gset := map[string]bool{}
	for _, l := range g {
		gset[l] = true
	}
	n := 0
	for _, l := range w {
		if !gset[l] && n < 40 {
			t.Errorf("- %s", l)
			n++
		}
	}
	for _, l := range g {
		if !wset[l] && n < 80 {
			t.Errorf("+ %s", l)
			n++
		}
	}
	t.Fatalf("the embedded answers differ from %s (run go test -run TestTimelines -update after a deliberate change)", timelinesFile)
}

// writeTimelines writes every timeline of e: first each distinct answer
// once, under a short hash of its text, then each unit's spans, one a line,
// naming the answer by its hash.
func writeTimelines(e *policy.Engine) []byte {
	answers := map[string]string{} // hash -> text
	own := map[string]string{}     // unit code -> its timelines
	var units bytes.Buffer
	reg := e.Registry()
	for c := range reg.Cities() {
		var u bytes.Buffer
		for m := range trade.Modes() {
			for _, s := range e.History(c, m) {
				d := s.Decision
				var zs, basis, gaps []string
				for _, z := range d.Zones() {
					zs = append(zs, z.ID)
				}
				for _, src := range d.Basis() {
					basis = append(basis, src.Doc)
				}
				for _, g := range d.Gaps() {
					gaps = append(gaps, g.String())
				}
				text := fmt.Sprintf("%v %s\n\treason: %s\n\treason_zh: %s\n\tbasis: %s\n\tzones: %s\n\tconditions: %s\n\tgaps: %s\n",
					d.Verdict(), d.Rule(), d.Reason(), d.ReasonZH(),
					strings.Join(basis, " | "), strings.Join(zs, " "), strings.Join(d.Conditions(), " | "), strings.Join(gaps, " | "))
				h := fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte(text)))
				answers[h] = text
				from := "-"
				if s.Period.From.IsValid() {
					from = s.Period.From.String()
				}
				mt, _ := m.MarshalText()
				fmt.Fprintf(&u, "\t%s %s %s\n", mt, from, h)
			}
		}
		text := u.String()
		own[c.Code] = text
		if p, ok := reg.Parent(c); ok && own[p.Code] == text {
			fmt.Fprintf(&units, "%s %s = %s\n", c.Code, c.Name, p.Code)
			continue
		}
		fmt.Fprintf(&units, "%s %s\n%s", c.Code, c.Name, text)
	}
	var b bytes.Buffer
	for _, h := range slices.Sorted(maps.Keys(answers)) {
		fmt.Fprintf(&b, "#%s %s", h, answers[h])
	}
	b.WriteString("\n")
	b.Write(units.Bytes())
	return b.Bytes()
}
