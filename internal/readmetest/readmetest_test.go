package readmetest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const doc = "# T\n\n## one\n\nrun:\n\n```sh\ncmd a\n```\n\n```text\nout 1\nout 2\n```\n\n## two\n\n```text\nother\n```\n\n## three\n\n```text\nl1\nl2\n…\n```\n"

func TestFind(t *testing.T) {
	bs, err := find(doc, "## one")
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, b := range bs {
		got = append(got, [2]string{b.Lang, b.Text})
		if doc[b.start:b.end] != b.Text {
			t.Errorf("block %q: offsets give %q", b.Text, doc[b.start:b.end])
		}
	}
	want := [][2]string{{"sh", "cmd a\n"}, {"text", "out 1\nout 2\n"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("find (-want +got):\n%s", diff)
	}
	if _, err := find(doc, "## four"); err == nil {
		t.Error("find of a missing marker succeeded")
	}
	if _, err := find("## x\n```text\nopen\n", "## x"); err == nil {
		t.Error("find of an unclosed block succeeded")
	}
}

func TestCheckAndUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	one := Find(t, path, "## one")
	Check(t, path, one[1], "out 1\nout 2\n")
	three := Find(t, path, "## three")
	Check(t, path, three[0], "l1\nl2\nl3\nl4\n") // truncated: the first two lines count

	*update = true
	defer func() { *update = false }()
	Check(t, path, one[1], "new 1\n")
	Check(t, path, three[0], "m1\nm2\nm3\n")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "# T\n\n## one\n\nrun:\n\n```sh\ncmd a\n```\n\n```text\nnew 1\n```\n\n## two\n\n```text\nother\n```\n\n## three\n\n```text\nm1\nm2\n…\n```\n"
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("updated file (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(path + ".lock"); !os.IsNotExist(err) {
		t.Errorf("lock file left behind: %v", err)
	}
}

func TestDiff(t *testing.T) {
	for _, tt := range []struct{ want, got, diff string }{
		{"a\nb\nc\n", "a\nB\nc\n", "@@ line 2 @@\n- b\n+ B\n"},
		{"a\nb\n", "a\nb\nc\n", "@@ line 3 @@\n+ c\n"},
		{"x\n", "", "@@ line 1 @@\n- x\n"},
		{"a\na\n", "a\n", "@@ line 2 @@\n- a\n"},
	} {
		if got := Diff(tt.want, tt.got); got != tt.diff {
			t.Errorf("Diff(%q, %q) = %q, want %q", tt.want, tt.got, got, tt.diff)
		}
	}
}

func TestShownOutputs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doc.md")
	doc := "# T\n\n```go\nfmt.Println(1)\n```\n\nprints\n\n```text\n1\n```\n\n```go\nfmt.Println(2)\n```\n\n## Next\n\n```text\nnot its output\n```\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	got := shownOutputs(t, path)
	if len(got) != 2 || !slices.Equal(got[0], []string{"1"}) || got[1] != nil {
		t.Errorf("shownOutputs = %q, want [[1] []]", got)
	}
}

// TestUpdateAfterAnEarlierBlockGrew: a block read before an earlier block of
// the file was rewritten longer is still written in its place, even empty.
func TestUpdateAfterAnEarlierBlockGrew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte("# T\n\n## a\n\n```text\nx\n```\n\n## b\n\n```text\n```\n\ntail\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, b := Find(t, path, "## a"), Find(t, path, "## b")
	*update = true
	defer func() { *update = false }()
	Check(t, path, a[0], "x1\nx2\nx3\n")
	Check(t, path, b[0], "y\n")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "# T\n\n## a\n\n```text\nx1\nx2\nx3\n```\n\n## b\n\n```text\ny\n```\n\ntail\n"; string(got) != want {
		t.Errorf("updated file:\n%s\nwant:\n%s", got, want)
	}
}

func TestDiscardsError(t *testing.T) {
	for l, want := range map[string]bool{
		`c, _ := zones.Lookup("杭州")`:         true,
		`_ = w.Flush()`:                      true,
		`x, _ = f()`:                         true,
		`c, err := zones.Lookup("杭州")`:       false,
		`for _, s := range d.Basis() {`:      false,
		`fmt.Println(d.Verdict(), d.Rule())`: false,
	} {
		if got := discardsError(l); got != want {
			t.Errorf("discardsError(%q) = %v, want %v", l, got, want)
		}
	}
}
