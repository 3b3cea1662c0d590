// Package tsv reads the project's data files: tab-separated UTF-8 text with
// one header row, no quoting, one record per line. Blank lines and lines
// starting with '#' are skipped; a byte order mark at the start is ignored.
//
// Reading is strict, so that a misnamed file or column is an error rather
// than data silently ignored: the header must have exactly the columns a
// file is read with ([Read]), and a directory may hold only the files its
// reader knows ([CheckNames]).
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
	"slices"
	"strconv"
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

// Error returns "file:line: field: problem", without the line when it is 0
// (a problem with the file as a whole).
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		if e.File != "" {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%d", e.Line)
	}
	if e.Field != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(e.Field)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
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

// Read reads every record of a file. The header must hold each of the
// columns cols and no other (a column it does not know, such as a
// misspelling, is an error that suggests the known column meant); a column
// named with a trailing "?" ("except?") is optional: the header may lack it,
// and its fields are then empty. Every line must have exactly as many
// fields as the header and be valid UTF-8. Errors name the file and the
// line.
func Read(file string, r io.Reader, cols ...string) ([]Record, error) {
	optional := map[string]bool{}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = strings.TrimSuffix(c, "?")
		optional[names[i]] = names[i] != c
	}
	cols = names
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
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
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
				if !slices.Contains(cols, f) {
					return nil, &Error{File: file, Line: line, Field: strconv.Quote(f), Err: unknown("column", f, cols)}
				}
				header[f] = i
			}
			for _, c := range cols {
				if _, ok := header[c]; !ok && !optional[c] {
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
func ReadFS(fsys fs.FS, name string, cols ...string) ([]Record, error) {
	return ReadFSAs(fsys, name, name, cols...)
}

// ReadFSAs is [ReadFS] with errors and records naming the file as (such as
// "overlay/cities.tsv").
func ReadFSAs(fsys fs.FS, name, as string, cols ...string) ([]Record, error) {
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
	return Read(as, f, cols...)
}

// ReadOverlayFS is [ReadFS] for a file of an overlay: an error names the
// file "overlay/name", as [Merge] names the overlay's records.
func ReadOverlayFS(fsys fs.FS, name string, cols ...string) ([]Record, error) {
	return ReadFSAs(fsys, name, "overlay/"+name, cols...)
}

// CheckNames checks that the top directory of fsys holds only the files
// known, so that a misnamed file (cbz.csv, rule.tsv) is an error and not
// silently ignored. Names starting with '.' (.DS_Store, .git) and README
// files (README, README.md …) are allowed too. prefix starts the names in
// errors ("overlay/" or ""). The error suggests the known name meant.
func CheckNames(fsys fs.FS, prefix string, known ...string) error {
	if fsys == nil {
		return fmt.Errorf("%s: nil file system", strings.TrimSuffix(prefix, "/"))
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return fmt.Errorf("%slisting the files: %w", prefix, err)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(strings.ToUpper(name), "README") {
			continue
		}
		if e.IsDir() {
			return &Error{File: prefix + name, Err: fmt.Errorf("a directory, not a data file; want only %s", strings.Join(known, ", "))}
		}
		if !slices.Contains(known, name) {
			return &Error{File: prefix + name, Err: unknown("file", name, known)}
		}
	}
	return nil
}

// unknown returns the error for a name (of a file or column) not among
// known, suggesting the closest known name.
func unknown(what, name string, known []string) error {
	if k := closest(name, known); k != "" {
		return fmt.Errorf("unknown %s; did you mean %q?", what, k)
	}
	return fmt.Errorf("unknown %s; want one of %s", what, strings.Join(known, ", "))
}

// closest returns the known name nearest to name (by edit distance, ignoring
// case), if one is near enough to be a misspelling of it.
func closest(name string, known []string) string {
	best, bestD := "", 0
	for _, k := range known {
		d := distance(strings.ToLower(name), strings.ToLower(k))
		longest := max(utf8.RuneCountInString(name), utf8.RuneCountInString(k))
		if d <= max(1, longest/4) && d < longest && (best == "" || d < bestD) {
			best, bestD = k, d
		}
	}
	return best
}

// distance returns the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
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
