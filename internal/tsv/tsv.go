// Package tsv reads the project's data files: tab-separated UTF-8 text with
// one header row, no quoting, one record per line. Blank lines and lines
// starting with '#' are skipped.
//
// A file may hold at most [MaxFileSize] bytes, [MaxRows] records and
// [MaxColumns] columns; a line at most [MaxLineLen] bytes and a field at most
// [MaxFieldLen]. A file past a limit is rejected with an error that names
// the file, the line and the limit, after reading at most the limit.
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

// The limits of a data file.
const (
	MaxFileSize = 64 << 20 // bytes in a file
	MaxLineLen  = 16 << 10 // bytes in a line
	MaxFieldLen = 4 << 10  // bytes in a field
	MaxRows     = 1000000  // records in a file
	MaxColumns  = 64       // columns in the header
)

// ErrLimit is wrapped by the errors for a file past one of the limits.
var ErrLimit = errors.New("limit exceeded")

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
// header and be valid UTF-8. Errors name file and the line.
func Read(file string, r io.Reader, required ...string) ([]Record, error) {
	lr := &io.LimitedReader{R: r, N: MaxFileSize + 1}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 0, 4096), MaxLineLen+2) // room for "\r\n"
	var (
		recs   []Record
		header map[string]int
		ncol   int
		line   int
	)
	limit := func(format string, args ...any) error {
		return &Error{File: file, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{ErrLimit}, args...)...)}
	}
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if len(text) > MaxLineLen {
			return nil, limit("line longer than %d bytes", MaxLineLen)
		}
		if !utf8.ValidString(text) {
			return nil, &Error{File: file, Line: line, Err: fmt.Errorf("not valid UTF-8")}
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if n := strings.Count(text, "\t") + 1; n > MaxColumns {
			return nil, limit("%d fields, more than %d", n, MaxColumns)
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
			if len(fields[i]) > MaxFieldLen {
				col := ""
				for c, j := range header {
					if j == i {
						col = c
					}
				}
				return nil, &Error{File: file, Line: line, Field: col, Err: fmt.Errorf("%w: longer than %d bytes", ErrLimit, MaxFieldLen)}
			}
		}
		if len(recs) == MaxRows {
			return nil, limit("more than %d records", MaxRows)
		}
		recs = append(recs, Record{File: file, Line: line, Fields: fields, header: header})
	}
	if lr.N <= 0 {
		return nil, &Error{File: file, Line: line + 1, Err: fmt.Errorf("%w: file larger than %d bytes", ErrLimit, MaxFileSize)}
	}
	if err := sc.Err(); err != nil {
		line++
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, limit("line longer than %d bytes", MaxLineLen)
		}
		return nil, &Error{File: file, Line: line, Err: err}
	}
	if header == nil {
		return nil, &Error{File: file, Line: 1, Err: fmt.Errorf("no header")}
	}
	return recs, nil
}

// ReadFS reads the named file of fsys (see [Read]). A file that does not
// exist gives no records and no error.
func ReadFS(fsys fs.FS, name string, required ...string) ([]Record, error) {
	return ReadFSAs(fsys, name, name, required...)
}

// ReadFSAs is [ReadFS] with errors and records naming the file as (such as
// "overlay/cities.tsv").
func ReadFSAs(fsys fs.FS, name, as string, required ...string) ([]Record, error) {
	if fsys == nil {
		return nil, fmt.Errorf("%s: nil file system", as)
	}
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		return nil, &Error{File: as, Line: 1, Err: fmt.Errorf("%w: file of %d bytes, larger than %d", ErrLimit, st.Size(), MaxFileSize)}
	}
	return Read(as, f, required...)
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
		if !strings.HasPrefix(r.File, "overlay/") {
			r.File = "overlay/" + r.File
		}
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
