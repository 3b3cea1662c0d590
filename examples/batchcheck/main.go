// Batchcheck decides CSV rows of queries in bulk.
//
//	batchcheck [file ...]
//
// It reads rows "city,date,mode" from the files named (or standard input, for
// no file or "-"), with an optional header row "city,date,mode" at the top of
// each input, and writes to standard output one CSV row per input row:
//
//	city,date,mode,verdict,city_code,reason,basis
//
// city, date and mode are the input's fields as given. verdict is "allowed",
// "denied" or "unknown" (the data cannot decide; reason says why), or "error"
// for a row that could not be decided: its reason is "line N: problem", N
// counting lines of its input (with several inputs, the problem starts with
// the file's name). city_code is the resolved GB/T 2260 code; basis the
// documents the verdict rests on, deciding one first, joined by "; ".
// This format is a contract: scripts depend on it.
//
// Bad rows do not stop processing; the exit status is 1 if any row was an
// error, 2 if an input could not be read, 0 otherwise. Batchcheck streams: a
// million rows run in constant memory. When standard error is a terminal it
// shows progress every 100,000 rows.
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

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// header is the output's header row.
var header = []string{"city", "date", "mode", "verdict", "city_code", "reason", "basis"}

// progressEvery is how many rows pass between two progress lines.
const progressEvery = 100_000

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
	rows     int  // rows processed, over all inputs
	failed   int  // error rows written
	rec      [7]string

	// badCities caches the errors of city names that did not resolve:
	// finding close matches for an unknown name takes far longer than
	// deciding a row, and bad names tend to repeat.
	badCities map[string]string
}

// maxBadCities bounds badCities, so that memory stays constant.
const maxBadCities = 1024

// remember caches the problem of the city name city.
func (c *checker) remember(city, problem string) {
	if len(c.badCities) >= maxBadCities {
		clear(c.badCities)
	}
	if c.badCities == nil {
		c.badCities = make(map[string]string)
	}
	c.badCities[city] = problem
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
	cr := csv.NewReader(bufio.NewReaderSize(r, 64<<10))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The reader skips what it cannot parse and goes on.
			c.fail(name, pe.StartLine, nil, pe.Err.Error())
			first = false
			continue
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			rec[0] = strings.TrimPrefix(rec[0], "\uFEFF") // a byte order mark, as spreadsheets write
			if isHeader(rec) {
				continue
			}
		}
		c.decide(name, line, rec)
	}
}

// isHeader reports whether rec is the header row city,date,mode.
func isHeader(rec []string) bool {
	return len(rec) == 3 &&
		strings.EqualFold(strings.TrimSpace(rec[0]), "city") &&
		strings.EqualFold(strings.TrimSpace(rec[1]), "date") &&
		strings.EqualFold(strings.TrimSpace(rec[2]), "mode")
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
	if problem, ok := c.badCities[city]; ok {
		c.fail(name, line, rec, problem)
		return
	}
	dec, err := policy.Permitted(city, d, m)
	if err != nil {
		if errors.Is(err, zones.ErrUnknownCity) || errors.Is(err, zones.ErrAmbiguousCity) {
			c.remember(city, err.Error())
		}
		c.fail(name, line, rec, err.Error())
		return
	}
	basis := ""
	if b := dec.Basis(); len(b) > 0 {
		docs := make([]string, len(b))
		for i, s := range b {
			docs[i] = s.Doc
		}
		basis = strings.Join(docs, "; ")
	}
	c.rec = [7]string{rec[0], rec[1], rec[2], dec.Verdict().String(), dec.City().Code, dec.Reason(), basis}
	c.write(c.rec[:])
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
	// Errors stick in the csv.Writer; run checks them at the end.
	_ = c.out.Write(row)
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
