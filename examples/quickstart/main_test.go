package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/readmetest"
)

func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(&stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr: %s", code, stderr.String())
	}
	out := stdout.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) > 40 {
		t.Errorf("output has %d lines, want at most 40 (one screen)", len(lines))
	}
	decisions := 0
	for _, l := range lines {
		for _, v := range []string{"ALLOWED ", "DENIED ", "UNKNOWN "} {
			if strings.HasPrefix(l, v) {
				decisions++
			}
		}
	}
	if decisions != len(queries) {
		t.Errorf("%d decision lines, want %d:\n%s", decisions, len(queries), out)
	}
	for _, want := range []string{
		"DENIED   杭州市 (330100)   2014-01-01  9610  basis: 海关总署公告2014年第12号",
		"ALLOWED  北京市 (110000)   2019-01-01  1210  basis: 商财发〔2018〕486号",
		"DENIED   北京市 (110000)   2018-12-31  1210",
		"2021-04-01  1210  basis: 商财发〔2021〕39号",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		s    string
		w    int
		want []string
	}{
		{"", 10, nil},
		{"a bb ccc", 4, []string{"a bb", "ccc"}},
		{"杭州市 is", 8, []string{"杭州市", "is"}},
		{"averyverylongword x", 5, []string{"averyverylongword", "x"}},
	} {
		got := wrap(tc.s, tc.w)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.s, tc.w, got, tc.want)
		}
	}
	if got := displayWidth("海南省（全岛）a"); got != 15 {
		t.Errorf("displayWidth = %d, want 15", got)
	}
}

// TestREADME checks that the README shows the program's current output (go
// test -update rewrites it).
func TestREADME(t *testing.T) {
	const readme = "../../README.md"
	blocks := readmetest.Find(t, readme, "`go run ./examples/quickstart` prints")
	if len(blocks) == 0 || blocks[0].Lang != "text" {
		t.Fatal("README.md has no quickstart output block")
	}
	var stdout, stderr bytes.Buffer
	if code := run(&stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr: %s", code, stderr.String())
	}
	readmetest.Check(t, readme, blocks[0], stdout.String())
}
