package main

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(nil, &stdout, &stderr); code != 0 {
		t.Fatalf("status %d, stderr %s", code, stderr.String())
	}
	out := stdout.String()
	if !regexp.MustCompile(`(?m)^FROM +VERDICT +CODE +CITY +BASIS$`).MatchString(out) {
		t.Errorf("no table header in:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^2019-01-01 +allowed +110000 +北京市 +商财发〔2018〕486号$`).MatchString(out) {
		t.Errorf("no row for 北京市 in:\n%s", out)
	}
	// The columns line up: every row has its code at the same column.
	col := -1
	for _, line := range strings.Split(out, "\n") {
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\d `).MatchString(line) {
			continue
		}
		i := regexp.MustCompile(` \d{6} `).FindStringIndex(line)
		if i == nil {
			t.Fatalf("row without a code: %q", line)
		}
		if col == -1 {
			col = i[0]
		} else if i[0] != col {
			t.Fatalf("misaligned row: %q", line)
		}
	}
	if !strings.HasPrefix(out, "1210 (网购保税进口), data version ") {
		t.Errorf("output starts %q", out[:min(len(out), 60)])
	}
}

func TestCSV(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-mode", "9710", "-csv"}, &stdout, &stderr); code != 0 {
		t.Fatalf("status %d, stderr %s", code, stderr.String())
	}
	rows, err := csv.NewReader(&stdout).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "from,verdict,code,name,name_en,basis" {
		t.Fatalf("rows = %q", rows)
	}
	found := false
	for i, r := range rows[1:] {
		if i > 0 && r[0] < rows[i][0] {
			t.Errorf("rows out of order: %q after %q", r, rows[i])
		}
		if strings.Join(r, ",") == "2020-07-01,allowed,110000,北京市,Beijing,海关总署公告2020年第75号" {
			found = true
		}
	}
	if !found {
		t.Errorf("no row for 北京市 in %q", rows)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-mode", "1111"}, {"-nope"}, {"extra"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("run(%q) = %d, stderr %q; want 2 and a message", args, code, stderr.String())
		}
	}
}
