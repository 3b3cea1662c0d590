// Batchcheck decides CSV rows of queries in bulk: may this customs mode be
// used for this city on this day?
//
//	batchcheck [-lang en|zh] [-o file] [-bom] [-strict-utf8] [file ...]
//
// It reads CSV from the files named (or standard input, for no file or "-")
// and writes CSV to standard output (or the file of -o). An input's first
// line is a header when one of its cells names a column: its city, date and
// mode columns are found by name, in any order, in English or Chinese
// ("city", "城市", "date", "日期", "mode", "监管方式" and the variants listed in
// examples/README.md); its other columns are passed through. Without a
// header the columns are city, date and mode, in this order, and any others
// after them.
//
// Each input row gives one output row: the input's columns, unchanged, then
//
//	line,verdict,city_code,rule,reason,reason_zh,basis,conditions,gaps,data_version
//
// line is the row's line in its input. verdict is "allowed", "denied" or
// "unknown" (the data cannot decide; reason says why), or "error" for a row
// that could not be decided: its reason is "line N: problem" (with several
// inputs, the problem starts with the file's name). city_code is the
// resolved GB/T 2260 code; rule the id of the deciding rule; reason and
// reason_zh the reason in English and Chinese; basis the documents the
// verdict rests on, deciding one first, joined by "; "; conditions what the
// law still requires that the data cannot check; gaps what the data cannot
// tell, each as kind:subject, joined by "; "; data_version the version of
// the embedded data. With -lang zh the appended columns have Chinese names,
// and reason and conditions are in Chinese (the reason's other column then
// holds the English). A cell that a spreadsheet would run as a formula (one
// starting with =, +, -, @, a tab or a carriage return) is written with a '
// in front. This format is a contract: scripts depend on it.
//
// Dates are read by cbec.ParseDateText: 2024-06-01, 2024/6/1, 2024-6-1,
// 20240601 and 2024年6月1日; an ambiguous one (6/1/2024, 24/6/1) is an error.
//
// Input is UTF-8 or GB18030 (GBK), as Chinese Excel saves CSV: each line
// that is not valid UTF-8 is read as GB18030 (see encoding.go for the one
// case where both are valid); -strict-utf8 refuses instead, whole, an input
// that is not UTF-8. One row per line: a quoted field cannot span lines, so
// a malformed row (an unterminated quote, a line over 64 KiB, a field over
// 1 KiB, bytes that are neither UTF-8 nor GB18030) costs only its own line,
// which gets an error row. Blank lines are skipped. At the end of each input
// batchcheck checks that every line was a header, a blank line or an output
// row.
//
// Bad rows do not stop processing. After an input with error rows, standard
// error gets their count and a line per cause (an ambiguous city name, a
// kind of bad date …) with its number of rows and their first lines. The
// exit status is 1 if any row was an error, 2 if the arguments are wrong or
// an input could not be read or was refused (or its lines and rows do not
// agree), 0 otherwise. Batchcheck streams: a million rows run in constant
// memory. When standard error is a terminal it shows progress every
// 100,000 rows.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/norm"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

const (
	// progressEvery is how many rows pass between two progress lines.
	progressEvery = 100_000
	// maxLine is the longest input line read, in bytes; a longer one is an
	// error row and is skipped without being held in memory.
	maxLine = 64 << 10
	// maxField is the longest field, in bytes.
	maxField = 1 << 10
	// cacheSize is how many city names the lookup cache holds: more than
	// the spellings of every unit (name, short name, pinyin, code).
	cacheSize = 1 << 14
	// memoSize is how many dates and modes batchcheck remembers, each.
	memoSize = 4096
)

const usage = `usage: batchcheck [-lang en|zh] [-o file] [-bom] [-strict-utf8] [file ...]

Decides CSV rows (city, date, mode) in bulk: may this customs mode be used
for this city on this day? Reads the files named, or standard input for no
file or "-", and writes CSV: the input's columns, then line, verdict,
city_code, rule, reason, reason_zh, basis, conditions, gaps, data_version.

  -lang en|zh   the language of reason and conditions and of the appended
                columns' names (default en)
  -o file       write to file instead of standard output
  -bom          start the output with a UTF-8 byte order mark, which Excel
                needs to read it as UTF-8 (written anyway when the input
                starts with one or is GB18030)
  -strict-utf8  refuse, whole, an input that is not UTF-8, instead of
                reading GB18030 (GBK), as Chinese Excel saves CSV
  -h, -help     print this help

Exit status: 0 when every row was decided, 1 when a row was an error, 2 for
bad arguments or an input that could not be read.
`

// options are the command line's flags.
type options struct {
	lang   *language
	out    string
	bom    bool
	strict bool // -strict-utf8
}

// parseArgs parses the command line. It returns flag.ErrHelp for -h.
func parseArgs(args []string) (options, []string, error) {
	fs := flag.NewFlagSet("batchcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	lang := fs.String("lang", "en", "")
	var opt options
	fs.StringVar(&opt.out, "o", "", "")
	fs.BoolVar(&opt.bom, "bom", false, "")
	fs.BoolVar(&opt.strict, "strict-utf8", false, "")
	if err := fs.Parse(args); err != nil {
		return opt, nil, err
	}
	if opt.lang = languageNamed(*lang); opt.lang == nil {
		return opt, nil, fmt.Errorf("-lang %s: want en or zh", *lang)
	}
	files := fs.Args()
	if n := len(args) - len(files); n == 0 || args[n-1] != "--" {
		for _, f := range files {
			if f != "-" && strings.HasPrefix(f, "-") {
				return opt, nil, fmt.Errorf("flag %s after a file name: flags come first (a file whose name starts with - is ./%s)", f, f)
			}
		}
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	return opt, files, nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run processes the inputs named by args (stdin for none or "-") and returns
// the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (status int) {
	opt, files, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "batchcheck: %v\n%s", err, usage)
		return 2
	}
	out := stdout
	if opt.out != "" {
		if err := notAnInput(opt.out, files); err != nil {
			fmt.Fprintln(stderr, "batchcheck:", err)
			return 2
		}
		f, err := os.Create(opt.out)
		if err != nil {
			fmt.Fprintln(stderr, "batchcheck:", err)
			return 2
		}
		defer func() {
			if err := f.Close(); err != nil && status != 2 {
				fmt.Fprintln(stderr, "batchcheck: writing output:", err)
				status = 2
			}
		}()
		out = f
	}
	c := newChecker(opt, out, stderr)
	c.named = len(files) > 1
	for _, name := range files {
		if err := c.input(name, stdin); err != nil {
			fmt.Fprintln(stderr, "batchcheck:", err)
			status = 2
		}
	}
	if c.cols == nil {
		// No input had a row: the output is the header of city, date, mode.
		c.start(positionalLayout(nil, opt.lang), false)
	}
	if err := c.bw.Flush(); err != nil {
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

// notAnInput returns an error if out is one of the files named by inputs:
// creating it would destroy the input before it is read.
func notAnInput(out string, inputs []string) error {
	fo, err := os.Stat(out)
	if err != nil {
		return nil // it does not exist yet, or os.Create will say why not
	}
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		if fi, err := os.Stat(in); err == nil && os.SameFile(fo, fi) {
			return fmt.Errorf("-o %s is the input %s: write the output to another file", out, in)
		}
	}
	return nil
}

// A checker decides rows and writes them out.
type checker struct {
	opt      options
	bw       *bufio.Writer // the output; errors stick in it, run checks them at the end
	stderr   io.Writer
	progress bool // show progress on stderr
	named    bool // several inputs: name the file in error rows
	rows     int  // rows written, over all inputs
	failed   int  // error rows written

	// cols is the input columns of the output, set by the first input
	// with a line.
	cols   *layout
	fields []string // the fields of the line being read
	row    []byte   // the output row being written, as CSV
	dec    decoder
	line   []byte // a copy of a line

	// cache holds the lookups of recent city names, found or not: finding
	// close matches for an unknown name takes far longer than deciding a
	// row, and names tend to repeat.
	cache   *lru
	lookups int // names looked up past the cache
	// dates and modes remember how recent dates and modes parsed.
	dates memo[cbec.Date]
	modes memo[trade.Mode]
	// tails holds the columns of recent decisions.
	tails *tails
}

// newChecker returns a checker writing to out.
func newChecker(opt options, out, stderr io.Writer) *checker {
	if opt.lang == nil {
		opt.lang = languages[0]
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	return &checker{
		opt:      opt,
		bw:       bw,
		stderr:   stderr,
		progress: isTerminal(stderr),
		cache:    newLRU(cacheSize),
		tails:    newTails(tailSlots),
	}
}

// An input is the state of the input being read.
type input struct {
	name   string
	layout *layout
	perm   []int // for each output column, the field that holds it
	bom    bool  // it starts with a byte order mark
	enc    textEncoding
	gb     int // lines read as GB18030
	// summary groups its error rows by cause.
	summary summary
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
	in := &input{name: name}
	if c.opt.strict {
		checked, cleanup, err := strictUTF8(name, r)
		defer cleanup()
		if err != nil {
			return err
		}
		r, in.enc = checked, isUTF8
	}
	br := bufio.NewReaderSize(r, maxLine)
	if in.enc == undecided {
		sample, err := br.Peek(br.Size())
		in.enc = c.dec.judge(sample, err != nil && err != bufio.ErrBufferFull)
	}
	var lines, blank, headers int
	rowsBefore, failedBefore := c.rows, c.failed
	first := true
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
			if err := c.firstLine(in, lines, &first, nil); err != nil {
				return err
			}
			problem := fmt.Sprintf("line longer than %d bytes", maxLine)
			c.fail(in, lines, nil, problem, problem, "")
			continue
		}
		b = trimEOL(b)
		if lines == 1 {
			b, in.bom = trimBOM(b)
		}
		if len(b) == 0 {
			blank++
			continue
		}
		if !isASCII(b) {
			if in.enc == undecided {
				// Judge from this line and what follows; peeking may
				// move the line in br's buffer.
				c.line = append(c.line[:0], b...)
				b = c.line
				after, err := br.Peek(br.Size())
				sample := append(append(b, '\n'), after...)
				in.enc = c.dec.judge(sample, err != nil && err != bufio.ErrBufferFull)
				c.line = sample[:0]
			}
			text, enc, ok := c.dec.text(b, in.enc)
			if !ok {
				if err := c.firstLine(in, lines, &first, nil); err != nil {
					return err
				}
				const problem = "not valid UTF-8 or GB18030"
				c.fail(in, lines, nil, problem, problem, "")
				continue
			}
			if enc == isGB18030 {
				in.gb++
			}
			b = text
		}
		// The fields are views of the line, valid until the next is read:
		// what outlives the row is copied (the layout's names, the
		// caches' keys, the summary's examples).
		fields, perr := splitLine(view(b), c.fields[:0])
		c.fields = fields
		if perr != nil {
			if err := c.firstLine(in, lines, &first, nil); err != nil {
				return err
			}
			c.fail(in, lines, nil, perr.Error(), perr.Error(), "")
			continue
		}
		if allEmpty(fields) {
			blank++ // an empty row of a spreadsheet: ",,,"
			continue
		}
		if first && isHeader(fields) {
			l, err := headerLayout(fields)
			if err != nil {
				return fmt.Errorf("%s: line %d: %w", name, lines, err)
			}
			first = false
			if err := c.setLayout(in, lines, l); err != nil {
				return err
			}
			headers++
			continue
		}
		if err := c.firstLine(in, lines, &first, fields); err != nil {
			return err
		}
		c.decide(in, lines, fields)
	}
	out, failed := c.rows-rowsBefore, c.failed-failedBefore
	if lines != blank+headers+out {
		return fmt.Errorf("%s: %d lines read but %d blank, %d header and %d output rows: rows were lost", name, lines, blank, headers, out)
	}
	cr := ""
	if c.progress {
		cr = "\r" // over the progress line
	}
	if in.gb > 0 {
		fmt.Fprintf(c.stderr, "%sbatchcheck: %s: %d lines read as GB18030, the encoding Chinese Excel saves CSV in\n", cr, name, in.gb)
	}
	if failed > 0 {
		fmt.Fprintf(c.stderr, "%sbatchcheck: %s: %d lines: %d header, %d blank, %d rows decided, %d errors\n",
			cr, name, lines, headers, blank, out-failed, failed)
		in.summary.write(c.stderr, "batchcheck: "+name+": ")
	}
	return nil
}

// firstLine sets the layout of an input without a header from its first
// line that is not blank (fields, or nil if it could not be read), once.
func (c *checker) firstLine(in *input, line int, first *bool, fields []string) error {
	if !*first {
		return nil
	}
	*first = false
	return c.setLayout(in, line, positionalLayout(fields, c.opt.lang))
}

// setLayout sets the layout of an input. The first input with a line gives
// the output its columns, and the output starts; the columns of every other
// input must be the same, perhaps in another order.
func (c *checker) setLayout(in *input, line int, l *layout) error {
	in.layout = l
	if c.cols == nil {
		c.start(l, in.bom || in.enc == isGB18030)
		in.perm = make([]int, len(l.cols))
		for i := range in.perm {
			in.perm[i] = i
		}
		return nil
	}
	perm, err := mapping(c.cols, l)
	if err != nil {
		return fmt.Errorf("%s: line %d: %w; give each input the same columns", in.name, line, err)
	}
	in.perm = perm
	return nil
}

// start writes the output's header row, for the input columns of l, and
// before it a byte order mark when -bom asks for one or bom says the input
// had one.
func (c *checker) start(l *layout, bom bool) {
	c.cols = l
	if bom || c.opt.bom {
		_, _ = c.bw.WriteString("\uFEFF")
	}
	row := c.row[:0]
	for i, col := range l.cols {
		if i > 0 {
			row = append(row, ',')
		}
		row = appendCell(row, col.name)
	}
	for _, name := range c.opt.lang.appended {
		row = append(row, ',')
		row = appendCell(row, name)
	}
	c.row = append(row, '\n')
	_, _ = c.bw.Write(c.row)
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

// trimBOM removes a byte order mark, as spreadsheets write, and reports
// whether there was one.
func trimBOM(b []byte) ([]byte, bool) {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:], true
	}
	return b, false
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

// allEmpty reports whether every field is empty or white space.
func allEmpty(fields []string) bool {
	for _, f := range fields {
		if norm.Trim(f) != "" {
			return false
		}
	}
	return true
}

// A found is the cached result of looking up a city name.
type found struct {
	city zones.City
	// unique says that the name means city only, so that policy.Decide
	// decides for it as policy.Permitted would; a name the rank rule
	// resolved goes through Permitted, whose decision names the others.
	unique  bool
	problem string // the error, if it did not resolve
	cause   string // its cause, for the summary
}

// lookup looks a city name up through the cache and decides the row,
// returning the decision and its city's code; if the name does not
// resolve, it returns the problem and its cause.
func (c *checker) lookup(city string, d cbec.Date, m trade.Mode) (dec policy.Decision, code, problem, cause string) {
	f, ok := c.cache.get(city)
	if !ok {
		f = new(found)
		c.lookups++
		unit, name, err := policy.Default().Registry().ResolveName(city)
		switch {
		case err == nil:
			*f = found{city: unit, unique: name.IsZero()}
		case errors.Is(err, zones.ErrUnknownCity) || errors.Is(err, zones.ErrAmbiguousCity):
			*f = found{problem: err.Error(), cause: lookupCause(err)}
		default:
			return dec, "", err.Error(), err.Error() // not cached
		}
		c.cache.put(strings.Clone(city), f)
	}
	if f.problem != "" {
		return dec, "", f.problem, f.cause
	}
	if f.unique {
		return policy.Decide(f.city, d, m), f.city.Code, "", ""
	}
	dec, err := policy.Permitted(city, d, m)
	if err != nil {
		return dec, "", err.Error(), lookupCause(err)
	}
	return dec, dec.City().Code, "", ""
}

// A memo remembers how strings parsed, up to memoSize of them: the dates or
// modes of a file repeat.
type memo[T any] struct {
	m map[string]parsed[T]
}

type parsed[T any] struct {
	v   T
	err error
}

// parse returns parse(s), remembered.
func (m *memo[T]) parse(s string, parse func(string) (T, error)) (T, error) {
	if p, ok := m.m[s]; ok {
		return p.v, p.err
	}
	v, err := parse(s)
	if m.m == nil {
		m.m = make(map[string]parsed[T])
	} else if len(m.m) >= memoSize {
		clear(m.m)
	}
	m.m[strings.Clone(s)] = parsed[T]{v, err}
	return v, err
}

// decide decides one row, whose fields are in the input's order, and writes
// its result.
func (c *checker) decide(in *input, line int, fields []string) {
	l := in.layout
	if len(fields) > len(l.cols) {
		for i := len(l.cols); i < len(fields); i++ {
			if norm.Trim(fields[i]) != "" {
				what := "the header"
				if !l.header {
					what = "the first row"
				}
				c.fail(in, line, fields[:len(l.cols)], fmt.Sprintf("%d fields, more than the %d columns of %s: field %d (%q) has no column",
					len(fields), len(l.cols), what, i+1, fields[i]), "text past the last column", "")
				return
			}
		}
		fields = fields[:len(l.cols)] // Excel's empty cells past the table
	}
	if need := l.need(); len(fields) < need {
		c.fail(in, line, fields, fmt.Sprintf("want %d fields (%s), got %d", len(l.cols), names(l), len(fields)), "too few fields", "")
		return
	}
	city := norm.Trim(fields[l.index[cityRole]])
	date, mode := fields[l.index[dateRole]], fields[l.index[modeRole]]
	m, err := c.modes.parse(mode, trade.ParseMode)
	if err != nil {
		cause := err.Error()
		if errors.Is(err, trade.ErrUnknownMode) {
			cause = fmt.Sprintf("unknown mode %q", norm.Trim(mode))
		}
		c.fail(in, line, fields, err.Error(), cause, "")
		return
	}
	d, err := c.dates.parse(date, cbec.ParseDateText)
	if err != nil {
		c.fail(in, line, fields, err.Error(), dateCause(err, date), norm.Trim(date))
		return
	}
	dec, code, problem, cause := c.lookup(city, d, m)
	if problem != "" {
		c.fail(in, line, fields, problem, cause, "")
		return
	}
	row := c.appendCells(c.row[:0], in, fields, line)
	c.write(c.tails.append(row, dec, code, d, m, c.opt.lang))
}

// appendCells appends to dst the input columns of an output row, from the
// fields of a line (nil if it could not be read), then the line's number.
func (c *checker) appendCells(dst []byte, in *input, fields []string, line int) []byte {
	for i, j := range in.perm {
		if i > 0 {
			dst = append(dst, ',')
		}
		if j < len(fields) {
			dst = appendCell(dst, fields[j])
		}
	}
	dst = append(dst, ',')
	return strconv.AppendInt(dst, int64(line), 10)
}

// fail writes an error row for line of input in, whose fields are given
// (nil if the line could not be read), and counts it under its cause in the
// input's summary, with the value at fault for a cause of several values.
func (c *checker) fail(in *input, line int, fields []string, problem, cause, example string) {
	c.failed++
	in.summary.add(cause, example, line)
	if c.named {
		problem = in.name + ": " + problem
	}
	row := c.appendCells(c.row[:0], in, fields, line)
	row = append(row, ",error,,,"...)
	row = appendCell(row, "line "+strconv.Itoa(line)+": "+problem)
	row = append(row, ",,,,,"...)
	row = appendCell(row, cbec.DataVersion)
	c.write(row)
}

// write writes one output row, built in c.row, and counts it.
func (c *checker) write(row []byte) {
	c.row = append(row, '\n')
	// Errors stick in the bufio.Writer; run checks them at the end.
	_, _ = c.bw.Write(c.row)
	c.rows++
	if c.progress && c.rows%progressEvery == 0 {
		fmt.Fprintf(c.stderr, "\rbatchcheck: %d rows, %d errors", c.rows, c.failed)
	}
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
