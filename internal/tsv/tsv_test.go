package tsv

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec/internal/longtest"
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
		{"byte order mark", "\ufeffa\tb\n1\t2\n", []string{"2:1|2"}, ""},
		{"byte order mark before a comment", "\ufeff# c\na\tb\n1\t2\n", []string{"3:1|2"}, ""},
		{"unknown column", "a\tb\tc\n1\t2\t3\n", nil, `x.tsv:1: "c": unknown column; want one of a, b`},
		{"misspelled column", "a\tbb\n", nil, `x.tsv:1: "bb": unknown column; did you mean "b"?`},
		{"empty column name", "a\tb\t\n1\t2\t\n", nil, `x.tsv:1: "": unknown column`},
		{"missing column", "a\n1\n", nil, "x.tsv:1: b: missing column"},
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
	base, _ := Read("f.tsv", strings.NewReader("k\tv\na\t1\nb\t2\n"), "k", "v")
	over, _ := Read("f.tsv", strings.NewReader("v\tk\n9\tb\n3\tc\n"), "k", "v")
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
	dup, _ := Read("f.tsv", strings.NewReader("k\tv\nx\t1\nx\t2\n"), "k", "v")
	if _, err := Merge(base, dup, key, false); err == nil || !strings.Contains(err.Error(), "appears twice") {
		t.Errorf("Merge of duplicates: %v", err)
	}
	if got, _ := Merge(base, nil, key, false); len(got) != 2 {
		t.Errorf("Merge with no overlay = %v", got)
	}
}

func TestReadColumnsSuggest(t *testing.T) {
	cols := []string{"id", "from", "until", "known_by", "verified"}
	for _, tt := range []struct{ col, want string }{
		{"untill", `did you mean "until"?`},
		{"Until", `did you mean "until"?`},
		{"knownby", `did you mean "known_by"?`},
		{"verfied", `did you mean "verified"?`},
		{"zzzzzz", "want one of id, from, until, known_by, verified"},
	} {
		_, err := Read("z.tsv", strings.NewReader("id\tfrom\t"+tt.col+"\tknown_by\tverified\n"), cols...)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "z.tsv:1: "+strconv.Quote(tt.col)) {
			t.Errorf("column %q: error %v, want one naming z.tsv, the column and %q", tt.col, err, tt.want)
		}
	}
}

func TestCheckNames(t *testing.T) {
	known := []string{"cities.tsv", "cbz.tsv", "rules.tsv"}
	for _, tt := range []struct {
		name string
		fs   fstest.MapFS
		err  string
	}{
		{"known files", fstest.MapFS{"cities.tsv": {}, "cbz.tsv": {}}, ""},
		{"empty", fstest.MapFS{}, ""},
		{"readme and hidden files", fstest.MapFS{"README.md": {}, "readme.txt": {}, ".DS_Store": {}, "cbz.tsv": {}}, ""},
		{"wrong extension", fstest.MapFS{"cbz.csv": {}}, `overlay/cbz.csv: unknown file; did you mean "cbz.tsv"?`},
		{"singular", fstest.MapFS{"rule.tsv": {}}, `overlay/rule.tsv: unknown file; did you mean "rules.tsv"?`},
		{"unrelated", fstest.MapFS{"notes.txt": {}}, "overlay/notes.txt: unknown file; want one of cities.tsv, cbz.tsv, rules.tsv"},
		{"directory", fstest.MapFS{"data/cbz.tsv": {}}, "overlay/data: a directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckNames(tt.fs, "overlay/", known...)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *Error
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &e) {
				t.Errorf("error = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestReadOverlayFS(t *testing.T) {
	fsys := fstest.MapFS{"f.tsv": {Data: []byte("k\tuntill\nx\t1\n")}}
	_, err := ReadOverlayFS(fsys, "f.tsv", "k", "until")
	if err == nil || !strings.HasPrefix(err.Error(), `overlay/f.tsv:1: "untill": unknown column; did you mean "until"?`) {
		t.Errorf("ReadOverlayFS error = %v", err)
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

// endless yields comment lines forever.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
		if i%100 == 99 {
			p[i] = '\n'
		}
	}
	return len(p), nil
}

func TestReadLimits(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   io.Reader
		want string
	}{
		{"a long line", strings.NewReader("a\tb\n1\t" + strings.Repeat("x", MaxLineLen) + "\n"), "x.tsv:2: limit exceeded: line longer than 16384 bytes"},
		{"a very long line", strings.NewReader("a\tb\n1\t2\n" + strings.Repeat("x", 1<<20)), "x.tsv:3: limit exceeded: line longer than 16384 bytes"},
		{"a long field", strings.NewReader("a\tb\n1\t" + strings.Repeat("x", MaxFieldLen+1) + "\n"), "x.tsv:2: b: limit exceeded: longer than 4096 bytes"},
		{"many columns", strings.NewReader("a\tb" + strings.Repeat("\tc", MaxColumns) + "\n"), "x.tsv:1: limit exceeded: 66 fields, more than 64"},
		{"a large file", io.MultiReader(strings.NewReader("a\tb\n"), endless{}), "limit exceeded: file larger than 67108864 bytes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("x.tsv", tt.in, "a", "b")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrLimit) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
	// At the limits, a file reads.
	in := "a\tb\n1\t" + strings.Repeat("x", MaxFieldLen) + "\n"
	if _, err := Read("x.tsv", strings.NewReader(in), "a", "b"); err != nil {
		t.Error(err)
	}
}

func TestReadFSAs(t *testing.T) {
	fsys := fstest.MapFS{"f.tsv": {Data: []byte("k\n\xff\n")}}
	if _, err := ReadFSAs(fsys, "f.tsv", "overlay/f.tsv", "k"); err == nil || !strings.HasPrefix(err.Error(), "overlay/f.tsv:2: ") {
		t.Errorf("error = %v, want one naming overlay/f.tsv", err)
	}
	if _, err := ReadFS(nil, "f.tsv"); err == nil {
		t.Error("a nil file system: no error")
	}
	big := fstest.MapFS{"f.tsv": {Data: make([]byte, MaxFileSize+1)}}
	if _, err := ReadFS(big, "f.tsv", "k"); !errors.Is(err, ErrLimit) {
		t.Errorf("a large file: %v", err)
	}
}

func TestReadMaxRows(t *testing.T) {
	longtest.Skip(t) // reads two million rows
	rows := func(n int) io.Reader {
		return io.MultiReader(strings.NewReader("a\tb\n"), strings.NewReader(strings.Repeat("1\t2\n", n)))
	}
	if recs, err := Read("x.tsv", rows(MaxRows), "a", "b"); err != nil || len(recs) != MaxRows {
		t.Errorf("%d rows: %d records, %v", MaxRows, len(recs), err)
	}
	_, err := Read("x.tsv", rows(MaxRows+1), "a", "b")
	if want := "x.tsv:1000002: limit exceeded: more than 1000000 records"; err == nil || err.Error() != want {
		t.Errorf("%d rows: %v, want %s", MaxRows+1, err, want)
	}
}
