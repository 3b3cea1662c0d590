// Package tsv reads the project's data files: tab-separated UTF-8 text with
// one header row, no quoting, one record per line. Blank lines and lines
// starting with '#' are skipped.
package tsv

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// A Record is one data line of a file.
type Record struct {
	File   string   // the file it was read from
	Line   int      // 1-based line number in the file
	Fields []string // one per header column, in header order
	header map[string]int
}

// Get returns the field of the named column ("" if the file has no such
// column).
func (r Record) Get(col string) string {
	if i, ok := r.header[col]; ok {
		return r.Fields[i]
	}
	return ""
}

// Error describes a problem on one line, naming the field.
type Error struct {
	File  string
	Line  int
	Field string
	Err   error
}

// Error returns "file:line: field: problem".
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	fmt.Fprintf(&b, "%d", e.Line)
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	b.WriteString(": " + e.Err.Error())
	return b.String()
}

// Unwrap returns the problem.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error for the record's file and line and the named
// field. file names the file when the record does not know its own.
func (r Record) Errorf(file, field, format string, args ...any) error {
	if r.File != "" {
		file = r.File
	}
	return &Error{File: file, Line: r.Line, Field: field, Err: fmt.Errorf(format, args...)}
}

// Read reads every record of a file. The header must contain each of the
// required columns; every line must have exactly as many fields as the
// header and be valid UTF-8.
func Read(file string, r io.Reader, required ...string) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var (
		recs   []Record
		header map[string]int
		ncol   int
		line   int
	)
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if !utf8.ValidString(text) {
			return nil, &Error{File: file, Line: line, Err: fmt.Errorf("not valid UTF-8")}
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if header == nil {
			header = make(map[string]int, len(fields))
			for i, f := range fields {
				if _, dup := header[f]; dup {
					return nil, &Error{File: file, Line: line, Field: f, Err: fmt.Errorf("duplicate column")}
				}
				header[f] = i
			}
			for _, c := range required {
				if _, ok := header[c]; !ok {
					return nil, &Error{File: file, Line: line, Field: c, Err: fmt.Errorf("missing column")}
				}
			}
			ncol = len(fields)
			continue
		}
		if len(fields) != ncol {
			return nil, &Error{File: file, Line: line, Err: fmt.Errorf("%d fields, header has %d", len(fields), ncol)}
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		recs = append(recs, Record{File: file, Line: line, Fields: fields, header: header})
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{File: file, Line: line + 1, Err: err}
	}
	if header == nil {
		return nil, &Error{File: file, Line: 1, Err: fmt.Errorf("no header")}
	}
	return recs, nil
}

// ReadFS reads the named file of fsys (see [Read]). A file that does not
// exist gives no records and no error.
func ReadFS(fsys fs.FS, name string, required ...string) ([]Record, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(name, f, required...)
}

// Merge returns base with each overlay record put in place of the base
// record of the same key (its File is prefixed "overlay/", so that errors
// say which file a row came from); overlay records with new keys follow the base ones,
// or come first when first is set. Two overlay records with the same key are
// an error.
func Merge(base, overlay []Record, key func(Record) string, first bool) ([]Record, error) {
	if len(overlay) == 0 {
		return base, nil
	}
	pos := make(map[string]int, len(base))
	for i, r := range base {
		pos[key(r)] = i
	}
	out := append([]Record(nil), base...)
	var added []Record
	seen := make(map[string]bool, len(overlay))
	for _, r := range overlay {
		r.File = "overlay/" + r.File
		k := key(r)
		if seen[k] {
			return nil, r.Errorf("", "", "%q appears twice in the overlay", k)
		}
		seen[k] = true
		if i, ok := pos[k]; ok {
			out[i] = r
		} else {
			added = append(added, r)
		}
	}
	if first {
		return append(added, out...), nil
	}
	return append(out, added...), nil
}
