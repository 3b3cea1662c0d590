// Batchcheck decides CSV rows of queries in bulk.
//
//	batchcheck [file ...]
//
// It reads rows "city,date,mode" from the files named (or standard input, for
// no file or "-"), with an optional header row at the top of each input
// ("city,date,mode" in any case, or in Chinese "城市,日期,监管方式" and the
// variants listed in examples/README.md), and writes to standard output one
// CSV row per input row:
//
//	city,date,mode,verdict,city_code,reason,basis
//
// city, date and mode are the input's fields as given. verdict is "allowed",
// "denied" or "unknown" (the data cannot decide; reason says why), or "error"
// for a row that could not be decided: its reason is "line N: problem", N
// counting lines of its input (with several inputs, the problem starts with
// the file's name). city_code is the resolved GB/T 2260 code; basis the
// documents the verdict rests on, deciding one first, joined by "; ".
// A cell that a spreadsheet would run as a formula (one starting with =, +,
// -, @, a tab or a carriage return) is written with a ' in front.
// This format is a contract: scripts depend on it.
//
// Input is UTF-8, one row per line: a quoted field cannot span lines, so a
// malformed row (an unterminated quote, a line over 64 KiB, a field over
// 1 KiB, bytes that are not UTF-8) costs only its own line, which gets an
// error row. Input that looks like GBK, as Chinese Excel saves CSV, gets an
// error saying to convert it to UTF-8. Blank lines are skipped. At the end of
// each input batchcheck checks that every line was a header, a blank line or
// an output row.
//
// Bad rows do not stop processing; the exit status is 1 if any row was an
// error, 2 if an input could not be read (or its lines and rows do not
// agree), 0 otherwise. Batchcheck streams: a million rows run in constant
// memory. When standard error is a terminal it shows progress every 100,000
// rows.
package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// header is the output's header row.
var header = []string{"city", "date", "mode", "verdict", "city_code", "reason", "basis"}

const (
	// progressEvery is how many rows pass between two progress lines.
	progressEvery = 100_000
	// maxLine is the longest input line read, in bytes; a longer one is an
	// error row and is skipped without being held in memory.
	maxLine = 64 << 10
	// maxField is the longest field, in bytes.
	maxField = 1 << 10
	// cacheSize is how many city names the lookup cache holds.
	cacheSize = 4096
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run processes the inputs named by args (stdin for none or "-") and returns
// the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a != "-" && strings.HasPrefix(a, "-") {
			fmt.Fprintf(stderr, "batchcheck: unknown flag %s\nusage: batchcheck [file ...]   (reads CSV city,date,mode; \"-\" is stdin)\n", a)
			return 2
		}
	}
	if len(args) == 0 {
		args = []string{"-"}
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	c := &checker{
		out:      csv.NewWriter(bw),
		stderr:   stderr,
		progress: isTerminal(stderr),
		named:    len(args) > 1,
		cache:    newLRU(cacheSize),
	}
	_ = c.out.Write(header)
	status := 0
	for _, name := range args {
		if err := c.input(name, stdin); err != nil {
			fmt.Fprintln(stderr, "batchcheck:", err)
			status = 2
		}
	}
	c.out.Flush()
	if err := c.out.Error(); err != nil {
		fmt.Fprintln(stderr, "batchcheck: writing output:", err)
		return 2
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(stderr, "batchcheck: writing output:", err)
		return 2
	}
	if c.progress && c.rows >= progressEvery {
		fmt.Fprintf(stderr, "\rbatchcheck: %d rows, %d errors\n", c.rows, c.failed)
	}
	if status == 0 && c.failed > 0 {
		status = 1
	}
	return status
}

// A checker decides rows and writes them out.
type checker struct {
	out      *csv.Writer
	stderr   io.Writer
	progress bool // show progress on stderr
	named    bool // several inputs: name the file in error rows
	rows     int  // rows written, over all inputs
	failed   int  // error rows written
	rec      [7]string
	fields   []string

	// cache holds the lookups of recent city names, found or not:
	// finding close matches for an unknown name takes far longer than
	// deciding a row, and names tend to repeat.
	cache   *lru
	lookups int // names looked up past the cache
}

// input processes the input called name ("-" for stdin).
func (c *checker) input(name string, stdin io.Reader) error {
	r := stdin
	if name == "-" {
		name = "stdin"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, maxLine)
	var lines, blank, headers int
	rowsBefore, failedBefore := c.rows, c.failed
	first, warnedGBK := true, false
	for {
		b, err := br.ReadSlice('\n')
		if len(b) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		lines++
		if err == bufio.ErrBufferFull {
			if err := skipLine(br); err != nil {
				return fmt.Errorf("reading %s: %w", name, err)
			}
			c.fail(name, lines, nil, fmt.Sprintf("line longer than %d bytes", maxLine))
			first = false
			continue
		}
		b = trimEOL(b)
		if first {
			b = trimBOM(b)
		}
		if len(b) == 0 {
			blank++
			continue
		}
		if !utf8.Valid(b) {
			if looksGBK(b) {
				c.fail(name, lines, nil, "not UTF-8: the bytes look like GBK, as Chinese Excel saves CSV; convert the input to UTF-8 (iconv -f GB18030 -t UTF-8, or save as \"CSV UTF-8\")")
				if !warnedGBK {
					warnedGBK = true
					fmt.Fprintf(c.stderr, "batchcheck: %s: line %d is not UTF-8 but looks like GBK (GB18030), the encoding Chinese Excel saves CSV in; convert the input to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8 in.csv > in-utf8.csv, or save from Excel as \"CSV UTF-8\"\n", name, lines)
				}
			} else {
				c.fail(name, lines, nil, "not valid UTF-8")
			}
			first = false
			continue
		}
		fields, perr := splitLine(string(b), c.fields[:0])
		c.fields = fields
		if perr != nil {
			c.fail(name, lines, nil, perr.Error())
			first = false
			continue
		}
		if first {
			first = false
			if isHeader(fields) {
				headers++
				continue
			}
		}
		c.decide(name, lines, fields)
	}
	out, failed := c.rows-rowsBefore, c.failed-failedBefore
	if lines != blank+headers+out {
		return fmt.Errorf("%s: %d lines read but %d blank, %d header and %d output rows: rows were lost", name, lines, blank, headers, out)
	}
	if failed > 0 {
		cr := ""
		if c.progress {
			cr = "\r" // over the progress line
		}
		fmt.Fprintf(c.stderr, "%sbatchcheck: %s: %d lines: %d header, %d blank, %d rows decided, %d errors\n",
			cr, name, lines, headers, blank, out-failed, failed)
	}
	return nil
}

// skipLine discards the rest of a line too long for br's buffer, without
// holding it.
func skipLine(br *bufio.Reader) error {
	for {
		_, err := br.ReadSlice('\n')
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil, io.EOF:
			return nil
		default:
			return err
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

// trimBOM removes a byte order mark, as spreadsheets write.
func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// looksGBK reports whether b, which is not UTF-8, is made of GBK double-byte
// characters (lead byte 0x81–0xFE, trail byte 0x40–0xFE but 0x7F) and ASCII,
// with at least one character from the GB 2312 range, where Chinese text
// lies.
func looksGBK(b []byte) bool {
	hanzi := false
	for i := 0; i < len(b); i++ {
		lead := b[i]
		if lead < 0x80 {
			continue
		}
		if lead == 0x80 || lead == 0xFF || i+1 == len(b) {
			return false
		}
		trail := b[i+1]
		if trail < 0x40 || trail == 0x7F || trail == 0xFF {
			return false
		}
		hanzi = hanzi || (lead >= 0xA1 && trail >= 0xA1)
		i++
	}
	return hanzi
}

// A lineError is a problem with the CSV syntax of a line.
type lineError string

func (e lineError) Error() string { return string(e) }

// splitLine splits one line of CSV into its fields, appended to fields.
// Quoting follows RFC 4180 within the line: a quoted field may hold commas
// and doubled quotes, but not a line break.
func splitLine(s string, fields []string) ([]string, error) {
	for {
		var f string
		if strings.HasPrefix(s, `"`) {
			s = s[1:]
			var b strings.Builder
			for {
				j := strings.IndexByte(s, '"')
				if j < 0 {
					return fields, lineError("unterminated quoted field (a quoted field cannot span lines)")
				}
				if j+1 < len(s) && s[j+1] == '"' {
					b.WriteString(s[:j+1])
					s = s[j+2:]
					continue
				}
				if b.Len() == 0 {
					f = s[:j]
				} else {
					b.WriteString(s[:j])
					f = b.String()
				}
				s = s[j+1:]
				break
			}
			if s != "" && s[0] != ',' {
				return fields, lineError(`extraneous " after a quoted field`)
			}
		} else {
			j := strings.IndexByte(s, ',')
			f = s
			if j >= 0 {
				f = s[:j]
			}
			if strings.IndexByte(f, '"') >= 0 {
				return fields, lineError(`bare " in a field that is not quoted`)
			}
			s = s[len(f):]
		}
		if len(f) > maxField {
			return fields, lineError(fmt.Sprintf("field %d has %d bytes, more than the %d allowed", len(fields)+1, len(f), maxField))
		}
		fields = append(fields, f)
		if s == "" {
			return fields, nil
		}
		s = s[1:] // the comma
	}
}

// Header names accepted for each column, compared after trimming spaces
// and, for the ASCII ones, ignoring case.
var (
	cityNames = []string{"city", "城市", "城市名", "城市名称", "市", "地区", "所在城市"}
	dateNames = []string{"date", "日期", "时间", "查询日期"}
	modeNames = []string{"mode", "监管方式", "监管方式代码", "海关监管方式", "模式", "业务模式", "方式"}
)

// isHeader reports whether rec is a header row.
func isHeader(rec []string) bool {
	return len(rec) == 3 && isName(rec[0], cityNames) && isName(rec[1], dateNames) && isName(rec[2], modeNames)
}

func isName(s string, names []string) bool {
	s = strings.TrimSpace(s)
	for _, n := range names {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	return false
}

// A found is the cached result of looking up a city name.
type found struct {
	city    zones.City
	problem string // the error, if the name did not resolve
}

// lookup resolves a city name through the cache.
func (c *checker) lookup(name string) found {
	if f, ok := c.cache.get(name); ok {
		return f
	}
	c.lookups++
	city, err := zones.Lookup(name)
	var f found
	switch {
	case err == nil:
		f.city = city
	case errors.Is(err, zones.ErrUnknownCity), errors.Is(err, zones.ErrAmbiguousCity):
		f.problem = err.Error()
	default:
		return found{problem: err.Error()} // not cached
	}
	c.cache.put(strings.Clone(name), f)
	return f
}

// decide decides one row and writes its result.
func (c *checker) decide(name string, line int, rec []string) {
	if len(rec) != 3 {
		c.fail(name, line, rec, "want 3 fields (city,date,mode), got "+strconv.Itoa(len(rec)))
		return
	}
	city, date, mode := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1]), rec[2]
	m, err := trade.ParseMode(mode)
	if err != nil {
		c.fail(name, line, rec, err.Error())
		return
	}
	d, err := cbec.ParseDate(date)
	if err != nil {
		c.fail(name, line, rec, err.Error())
		return
	}
	f := c.lookup(city)
	if f.problem != "" {
		c.fail(name, line, rec, f.problem)
		return
	}
	verdict, code, reason, basis := row(policy.Decide(f.city, d, m))
	c.rec = [7]string{rec[0], rec[1], rec[2], verdict, code, reason, basis}
	c.write(c.rec[:])
}

// row returns the output columns of a decision. It is the one place that
// reads a decision's fields.
func row(dec policy.Decision) (verdict, cityCode, reason, basis string) {
	switch b := dec.Basis(); len(b) {
	case 0:
	case 1:
		basis = b[0].Doc
	default:
		docs := make([]string, len(b))
		for i, s := range b {
			docs[i] = s.Doc
		}
		basis = strings.Join(docs, "; ")
	}
	return dec.Verdict().String(), dec.City().Code, dec.Reason(), basis
}

// fail writes an error row for the row rec (nil if it could not be read) at
// line of input name.
func (c *checker) fail(name string, line int, rec []string, problem string) {
	c.failed++
	if c.named {
		problem = name + ": " + problem
	}
	c.rec = [7]string{3: "error", 5: "line " + strconv.Itoa(line) + ": " + problem}
	copy(c.rec[:3], rec)
	c.write(c.rec[:])
}

// write writes one output row and counts it.
func (c *checker) write(row []string) {
	for i, cell := range row {
		row[i] = neutralize(cell)
	}
	// Errors stick in the csv.Writer; run checks them at the end.
	_ = c.out.Write(row)
	c.rows++
	if c.progress && c.rows%progressEvery == 0 {
		fmt.Fprintf(c.stderr, "\rbatchcheck: %d rows, %d errors", c.rows, c.failed)
	}
}

// neutralize puts a ' before a cell that a spreadsheet would run as a
// formula: one starting with =, +, -, @, a tab or a carriage return.
func neutralize(cell string) string {
	if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
		return "'" + cell
	}
	return cell
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
