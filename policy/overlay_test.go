package policy_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/zones"
)

// embeddedFile returns the text of a file of the embedded policy data.
func embeddedFile(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(policy.Data(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstRows returns the header and first data row of a TSV text, after its
// comment lines.
func firstRows(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for len(lines) > 0 && strings.HasPrefix(lines[0], "#") {
		lines = lines[1:]
	}
	return lines[0] + lines[1]
}

// TestOverlayFilesAndColumns checks that a misnamed overlay file, a column
// the file does not have and a missing column are errors naming the file
// (and column), and that a byte order mark is accepted.
func TestOverlayFilesAndColumns(t *testing.T) {
	t.Parallel()
	rules := firstRows(embeddedFile(t, "rules.tsv"))
	header, row, _ := strings.Cut(rules, "\n")
	for _, tt := range []struct {
		name    string
		overlay fstest.MapFS
		want    string // "" for success
	}{
		{"misnamed file", fstest.MapFS{"rule.tsv": {Data: []byte(rules)}}, `overlay/rule.tsv: unknown file; did you mean "rules.tsv"?`},
		{"wrong extension", fstest.MapFS{"rules.csv": {Data: []byte(rules)}}, `overlay/rules.csv: unknown file; did you mean "rules.tsv"?`},
		{"unrelated file", fstest.MapFS{"notes.txt": {}}, "overlay/notes.txt: unknown file; want one of docs.tsv, lists.tsv, listinfo.tsv, customs.tsv, districts.tsv, requirements.tsv, regimes.tsv, rules.tsv"},
		{"misspelled column", fstest.MapFS{"rules.tsv": {Data: []byte(strings.Replace(rules, "\tuntil\t", "\tuntill\t", 1))}}, `overlay/rules.tsv:1: "untill": unknown column; did you mean "until"?`},
		{"extra column", fstest.MapFS{"rules.tsv": {Data: []byte(header + "\tmore\n" + row + "\tx\n")}}, `overlay/rules.tsv:1: "more": unknown column`},
		{"missing column", fstest.MapFS{"rules.tsv": {Data: []byte(strings.Replace(header, "\tnote", "", 1) + "\n")}}, "overlay/rules.tsv:1: note: missing column"},
		{"byte order mark", fstest.MapFS{"rules.tsv": {Data: []byte("\ufeff" + rules)}}, ""},
		{"readme and hidden files", fstest.MapFS{"README.md": {}, ".DS_Store": {}, "rules.tsv": {Data: []byte(rules)}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := policy.Extend(nil, tt.overlay)
			if tt.want == "" {
				if err != nil || e == nil {
					t.Fatalf("Extend = %v, %v", e, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Extend error = %v, want one containing %q", err, tt.want)
			}
			if e != nil {
				t.Error("an engine came back with the error")
			}
		})
	}
}

// TestNewEngineFileNames checks that NewEngine rejects a data directory with
// a file it does not know.
func TestNewEngineFileNames(t *testing.T) {
	t.Parallel()
	dir := fstest.MapFS{}
	entries, err := fs.ReadDir(policy.Data(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		dir[e.Name()] = &fstest.MapFile{Data: []byte(embeddedFile(t, e.Name()))}
	}
	if _, err := policy.NewEngine(zones.Default(), dir); err != nil {
		t.Fatalf("NewEngine of the embedded files: %v", err)
	}
	dir["rule.tsv"] = dir["rules.tsv"]
	if _, err := policy.NewEngine(zones.Default(), dir); err == nil || !strings.Contains(err.Error(), `rule.tsv: unknown file; did you mean "rules.tsv"?`) {
		t.Errorf("NewEngine with rule.tsv: %v", err)
	}
}
