// Package readmetest keeps the output shown in Markdown files current: a
// test runs a documented command, and [Check] compares its output with the
// fenced block that shows it. Run the tests with -update to rewrite the
// blocks with the current output:
//
//	go test ./examples/... -update
//
// It is for tests only.
package readmetest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the output blocks of the README files with the programs' current output")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Truncated is the last line of a block that shows only the first lines of
// a longer output.
const Truncated = "…"

// A Block is a fenced code block of a Markdown file.
type Block struct {
	Lang string // the info string: "text", "sh" …
	Text string // the lines between the fences, each ending in a newline

	// The block's place in the file when it was read: Text is
	// file[start:end].
	start, end int
}

// Lines returns the block's lines, without their newlines.
func (b Block) Lines() []string { return lines(b.Text) }

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// Find returns the fenced blocks of the Markdown file path that follow the
// first line containing marker, up to the next heading of level 1 or 2. It
// fails the test if there is no such line.
func Find(t testing.TB, path, marker string) []Block {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := find(string(src), marker)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return blocks
}

func find(src, marker string) ([]Block, error) {
	i := strings.Index(src, marker)
	if i < 0 {
		return nil, fmt.Errorf("no line contains %q", marker)
	}
	pos := strings.IndexByte(src[i:], '\n')
	if pos < 0 {
		return nil, nil
	}
	pos += i + 1
	var blocks []Block
	for pos < len(src) {
		end := strings.IndexByte(src[pos:], '\n')
		if end < 0 {
			end = len(src) - pos
		}
		line := src[pos : pos+end]
		next := pos + end + 1
		switch {
		case strings.HasPrefix(line, "# "), strings.HasPrefix(line, "## "):
			return blocks, nil
		case strings.HasPrefix(line, "```"):
			close := strings.Index(src[next:], "\n```")
			if strings.HasPrefix(src[next:], "```") {
				close = -1 // an empty block
			} else if close < 0 {
				return nil, fmt.Errorf("block %q after %q is not closed", line, marker)
			} else {
				close++ // keep the block's last newline
			}
			b := Block{Lang: strings.TrimPrefix(line, "```"), start: next, end: next + max(close, 0)}
			b.Text = src[b.start:b.end]
			blocks = append(blocks, b)
			after := strings.IndexByte(src[b.end:], '\n') // the closing fence's line
			if after < 0 {
				return blocks, nil
			}
			next = b.end + after + 1
		}
		pos = next
	}
	return blocks, nil
}

// Check compares got, a program's output, with block b of the Markdown file
// path. A block whose last line is [Truncated] shows the output's first
// lines only: as many are compared. On a difference it reports the
// difference line by line, or, with -update, writes got into the file in
// place of the block (cut to as many lines, for a truncated block).
func Check(t testing.TB, path string, b Block, got string) {
	t.Helper()
	want := b.Text
	if l := b.Lines(); len(l) > 0 && l[len(l)-1] == Truncated {
		g := lines(got)
		if n := len(l) - 1; len(g) > n {
			got = strings.Join(g[:n], "\n") + "\n" + Truncated + "\n"
		}
	}
	if got == want {
		return
	}
	if !*update {
		t.Errorf("%s shows an old output (-shown +current); run the test with -update to refresh it:\n%s", path, Diff(want, got))
		return
	}
	if err := replace(path, b, got); err != nil {
		t.Fatal(err)
	}
	t.Logf("updated %s", path)
}

// replace writes text into the file in place of block b, which must still
// be where it was read. Tests of several packages may update one file at
// once: a lock file serialises them.
func replace(path string, b Block, text string) error {
	unlock, err := lock(path)
	if err != nil {
		return err
	}
	defer unlock()
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(src)
	// Another test may have changed the file since b was read: the block is
	// where it was only if its fences are too; otherwise find it again by
	// its fenced text, which must be unique (an empty block rarely is).
	open, fenced := "```"+b.Lang+"\n", "```"+b.Lang+"\n"+b.Text+"```"
	start := b.start
	if b.end > len(s) || !strings.HasSuffix(s[:b.start], open) || s[b.start:b.end] != b.Text || !strings.HasPrefix(s[b.end:], "```") {
		i := strings.Index(s, fenced)
		if i < 0 || strings.Count(s, fenced) > 1 {
			return fmt.Errorf("%s: the block to update has moved; run the test again", path)
		}
		start = i + len(open)
	}
	s = s[:start] + text + s[start+len(b.Text):]
	return os.WriteFile(path, []byte(s), 0o644)
}

// lock takes path.lock, waiting up to 10 seconds for another test to
// release it.
func lock(path string) (unlock func(), err error) {
	name := path + ".lock"
	deadline := time.Now().Add(10 * time.Second)
	for {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !os.IsExist(err) || time.Now().After(deadline) {
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Diff returns the lines that differ between want and got: after the lines
// they share at the start and the end, want's other lines prefixed "- " and
// got's prefixed "+ ", under a header giving the first differing line.
func Diff(want, got string) string {
	w, g := lines(want), lines(got)
	p := 0
	for p < len(w) && p < len(g) && w[p] == g[p] {
		p++
	}
	s := 0
	for s < len(w)-p && s < len(g)-p && w[len(w)-1-s] == g[len(g)-1-s] {
		s++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@@ line %d @@\n", p+1)
	for _, l := range w[p : len(w)-s] {
		b.WriteString("- " + l + "\n")
	}
	for _, l := range g[p : len(g)-s] {
		b.WriteString("+ " + l + "\n")
	}
	return b.String()
}

// Pad pads s with spaces to w columns of a fixed-width font, where a
// Chinese character takes two: for the tables of generated blocks.
func Pad(s string, w int) string {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2E80 {
			n++
		}
	}
	return s + strings.Repeat(" ", max(w-n, 0))
}

// CheckGenerated compares want, a generated file's current content, with
// the file at path, or, with -update, writes it there. On a difference it
// fails naming the first differing line and how to regenerate the file
// (the command in how).
func CheckGenerated(t testing.TB, path string, want []byte, how string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		n := 0
		for n < len(got) && n < len(want) && got[n] == want[n] {
			n++
		}
		t.Fatalf("%s is stale (first difference on line %d): run %s", path, 1+bytes.Count(want[:n], []byte("\n")), how)
	}
}
