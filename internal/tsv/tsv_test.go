package tsv

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // "line:a|b" per record
		err      string
	}{
		{"plain", "a\tb\n1\t2\n3\t4\n", []string{"2:1|2", "3:3|4"}, ""},
		{"comments, blanks and CRLF", "# c\na\tb\r\n\n1\t 2 \r\n# x\n", []string{"4:1|2"}, ""},
		{"empty field", "a\tb\n\tz\n", []string{"2:|z"}, ""},
		{"a line of empty fields is blank", "a\tb\n\t\n", nil, ""},
		{"too few fields", "a\tb\n1\n", nil, "x.tsv:2: 1 fields, header has 2"},
		{"too many fields", "a\tb\n1\t2\t3\n", nil, "x.tsv:2: 3 fields, header has 2"},
		{"missing column", "a\n1\n", nil, "x.tsv:1: b: missing column"},
		{"duplicate column", "a\ta\tb\n", nil, "duplicate column"},
		{"invalid UTF-8", "a\tb\n\xff\t1\n", nil, "x.tsv:2: not valid UTF-8"},
		{"no header", "", nil, "no header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := Read("x.tsv", strings.NewReader(tt.in), "a", "b")
			if tt.err != "" {
				var e *Error
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &e) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, strconv.Itoa(r.Line)+":"+r.Get("a")+"|"+r.Get("b"))
				if r.Get("nope") != "" || r.File != "x.tsv" {
					t.Errorf("record %+v", r)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	base, _ := Read("f.tsv", strings.NewReader("k\tv\na\t1\nb\t2\n"), "k")
	over, _ := Read("f.tsv", strings.NewReader("v\tk\n9\tb\n3\tc\n"), "k")
	key := func(r Record) string { return r.Get("k") }
	for _, tt := range []struct {
		first bool
		want  string
	}{{false, "a1 b9 c3"}, {true, "c3 a1 b9"}} {
		got, err := Merge(base, over, key, tt.first)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, r := range got {
			s = append(s, r.Get("k")+r.Get("v"))
		}
		if strings.Join(s, " ") != tt.want {
			t.Errorf("Merge(first=%v) = %v, want %s", tt.first, s, tt.want)
		}
		if got[len(got)-1].File != "overlay/f.tsv" && !tt.first {
			t.Errorf("overlay record file = %q", got[len(got)-1].File)
		}
	}
	dup, _ := Read("f.tsv", strings.NewReader("k\nx\nx\n"), "k")
	if _, err := Merge(base, dup, key, false); err == nil || !strings.Contains(err.Error(), "appears twice") {
		t.Errorf("Merge of duplicates: %v", err)
	}
	if got, _ := Merge(base, nil, key, false); len(got) != 2 {
		t.Errorf("Merge with no overlay = %v", got)
	}
}

func TestReadFS(t *testing.T) {
	fsys := fstest.MapFS{"f.tsv": {Data: []byte("k\nx\n")}}
	if recs, err := ReadFS(fsys, "f.tsv", "k"); err != nil || len(recs) != 1 {
		t.Errorf("ReadFS = %v, %v", recs, err)
	}
	if recs, err := ReadFS(fsys, "missing.tsv", "k"); err != nil || recs != nil {
		t.Errorf("ReadFS of a missing file = %v, %v", recs, err)
	}
}
