package readmetest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// An Example is the body of an Example function of a test file, with the
// import paths of its file.
type Example struct {
	Name    string
	File    string
	Lines   []string // the body's lines, one level of indentation removed
	Imports []string
	Output  []string // the lines of its Output comment; nil without one
}

// Examples returns the Example functions of the _test.go files of the
// directories dirs.
func Examples(t testing.TB, dirs ...string) []Example {
	t.Helper()
	var out []Example
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			var imports []string
			for _, im := range f.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				imports = append(imports, p)
			}
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil {
					continue
				}
				body := string(src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset])
				var ls []string
				for _, l := range lines(strings.Trim(body, "\n")) {
					ls = append(ls, strings.TrimPrefix(l, "\t"))
				}
				out = append(out, Example{fn.Name.Name, path, ls, imports, output(ls)})
			}
		}
	}
	return out
}

// output returns the lines of the Output comment at the end of an Example's
// body, or nil.
func output(body []string) []string {
	for i, l := range body {
		if strings.TrimSpace(l) == "// Output:" {
			out := []string{}
			for _, c := range body[i+1:] {
				c = strings.TrimSpace(c)
				c = strings.TrimPrefix(strings.TrimPrefix(c, "//"), " ")
				out = append(out, c)
			}
			return out
		}
	}
	return nil
}

// shownOutputs returns, for each ```go block of a Markdown file followed by
// a ```text block with at most a line of prose between ("prints"), that
// block's lines: the output the document says the code prints. Other
// snippets have nil.
func shownOutputs(t testing.TB, path string) [][]string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	lastGo := -1
	for rest := string(src); ; {
		i := strings.Index(rest, "\n```")
		if i < 0 {
			break
		}
		if between := strings.TrimSpace(rest[:i]); strings.Count(between, "\n") > 0 || strings.HasPrefix(between, "#") {
			lastGo = -1 // more than a line of prose: not the snippet's output
		}
		rest = rest[i+len("\n```"):]
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			break
		}
		lang := rest[:nl]
		rest = rest[nl+1:]
		j := strings.Index(rest, "\n```")
		if j < 0 {
			break
		}
		switch {
		case lang == "go":
			out = append(out, nil)
			lastGo = len(out) - 1
		case lang == "text" && lastGo >= 0:
			out[lastGo] = lines(rest[:j+1])
			lastGo = -1
		default:
			lastGo = -1
		}
		rest = rest[j+len("\n```"):]
	}
	return out
}

// GoSnippets returns the Go code a document shows: the fenced ```go blocks
// of a Markdown file, or the tab-indented blocks of a Go file's comments
// (a package doc).
func GoSnippets(t testing.TB, path string) [][]string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	if strings.HasSuffix(path, ".go") {
		var cur []string
		for _, l := range lines(string(src)) {
			if c, ok := strings.CutPrefix(l, "//\t"); ok {
				cur = append(cur, c)
				continue
			}
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
		}
		return out
	}
	for rest := string(src); ; {
		i := strings.Index(rest, "\n```go\n")
		if i < 0 {
			break
		}
		rest = rest[i+len("\n```go\n"):]
		j := strings.Index(rest, "\n```")
		if j < 0 {
			t.Fatalf("%s: a go block is not closed", path)
		}
		out = append(out, lines(rest[:j+1]))
		rest = rest[j:]
	}
	return out
}

// CheckSnippets checks that every Go snippet of the documents is code of an
// Example function of the given directories: its lines, but an import group
// at its top, appear in order and together in one Example's body, whose
// file imports every path the snippet imports. So a snippet a user copies
// compiles, runs and, where the Example has an Output comment, prints what
// it says. A snippet of a Markdown file followed by a ```text block (the
// next fenced block) must print that block: it is the Example's Output.
func CheckSnippets(t *testing.T, docs []string, dirs ...string) {
	t.Helper()
	examples := Examples(t, dirs...)
	n := 0
	for _, doc := range docs {
		var shown [][]string
		if strings.HasSuffix(doc, ".md") {
			shown = shownOutputs(t, doc)
		}
		for k, s := range GoSnippets(t, doc) {
			imports, code := splitImports(s)
			if len(code) == 0 {
				continue
			}
			n++
			var match *Example
			for i, e := range examples {
				if contains(e.Lines, code) && subset(imports, e.Imports) {
					match = &examples[i]
					break
				}
			}
			for _, l := range code {
				if discardsError(l) {
					t.Errorf("%s: a snippet discards a result a user should check (an error): %s", doc, strings.TrimSpace(l))
				}
			}
			switch {
			case match == nil:
				t.Errorf("%s: this snippet is not the code of an Example function:\n%s", doc, strings.Join(s, "\n"))
			case k < len(shown) && shown[k] != nil && !slices.Equal(trimAll(shown[k]), trimAll(match.Output)):
				t.Errorf("%s: the output shown after this snippet is not what %s prints:\n%s", doc, match.Name, Diff(strings.Join(match.Output, "\n"), strings.Join(shown[k], "\n")))
			}
		}
	}
	if n == 0 {
		t.Errorf("no Go snippet in %v", docs)
	}
}

// splitImports separates an import declaration at the top of a snippet.
func splitImports(s []string) (imports, code []string) {
	i := 0
	for i < len(s) && strings.TrimSpace(s[i]) == "" {
		i++
	}
	if i < len(s) && strings.HasPrefix(s[i], "import (") {
		for i++; i < len(s) && s[i] != ")"; i++ {
			if p := strings.TrimSpace(s[i]); p != "" {
				imports = append(imports, strings.Trim(p, `"`))
			}
		}
		i++
	}
	for i < len(s) && strings.TrimSpace(s[i]) == "" {
		i++
	}
	return imports, s[i:]
}

// contains reports whether want's lines appear, in order and together, in
// lines (trailing white space ignored).
func contains(lines, want []string) bool {
	trim := func(s string) string { return strings.TrimRight(s, " \t") }
	for i := 0; i+len(want) <= len(lines); i++ {
		ok := true
		for j, w := range want {
			if trim(lines[i+j]) != trim(w) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func trimAll(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = strings.TrimRight(l, " \t")
	}
	return out
}

// discardsError reports whether a line of a snippet assigns a result to the
// blank identifier: v, _ := f() or _ = f(). A snippet a user copies checks
// its errors.
func discardsError(l string) bool {
	l = strings.TrimSpace(l)
	return strings.Contains(l, ", _ :=") || strings.Contains(l, ", _ =") || strings.HasPrefix(l, "_ =")
}
