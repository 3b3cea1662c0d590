package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// How an input is encoded.
//
// A line of ASCII reads the same in UTF-8 and GB18030. A line with other
// bytes is read as UTF-8 when it is valid UTF-8, and otherwise as GB18030
// when it is valid GB18030; else it is an error row. One case needs more:
// GB18030 text can be valid UTF-8 by chance (中山, D6 D0 C9 BD, reads in
// UTF-8 as the Hebrew and Latin letters אɽ). So batchcheck judges an input
// from its first 64 KiB or, if those are ASCII, from its first line that is
// not and up to 64 KiB after it: it is GB18030 when more of their lines are
// GB18030 but not UTF-8 than are UTF-8 holding a Chinese character. In an
// input so judged GB18030, a line that is valid UTF-8 but holds no Chinese
// character, and is valid GB18030, is read as GB18030.
type textEncoding int

const (
	undecided textEncoding = iota // only ASCII so far
	isUTF8
	isGB18030
)

// gb18030U is U+FFFD encoded in GB18030: the one way a valid GB18030 line
// decodes to the replacement character.
var gb18030U = []byte("\x84\x31\xa4\x37")

// A decoder decodes GB18030 lines, reusing its buffer.
type decoder struct {
	dec *encoding.Decoder
	buf []byte
}

// decode returns line decoded from GB18030 into UTF-8, in a buffer reused
// by the next call, and whether line is valid GB18030.
func (d *decoder) decode(line []byte) ([]byte, bool) {
	if d.dec == nil {
		d.dec = simplifiedchinese.GB18030.NewDecoder()
	}
	// A byte decodes to at most 3 bytes of UTF-8 (0x80 is €).
	if n := 3*len(line) + utf8.UTFMax; cap(d.buf) < n {
		d.buf = make([]byte, n)
	}
	d.dec.Reset()
	n, _, err := d.dec.Transform(d.buf[:cap(d.buf)], line, true)
	if err != nil {
		return nil, false
	}
	out := d.buf[:n]
	if bytes.ContainsRune(out, utf8.RuneError) && !bytes.Contains(line, gb18030U) {
		return nil, false // the decoder's replacement for invalid bytes
	}
	return out, true
}

// hasHan reports whether s, valid UTF-8, holds a Chinese character.
func hasHan(s []byte) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeRune(s)
		if r >= 0x2E80 && unicode.Is(unicode.Han, r) {
			return true
		}
		s = s[n:]
	}
	return false
}

// isASCII reports whether b is ASCII only.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// judge judges the encoding of an input from sample, lines of it the last
// of which may be cut unless atEOF: undecided when they are ASCII only.
func (d *decoder) judge(sample []byte, atEOF bool) textEncoding {
	if !atEOF {
		sample = sample[:bytes.LastIndexByte(sample, '\n')+1] // whole lines
	}
	if isASCII(sample) {
		return undecided
	}
	utf8Lines, gbLines := 0, 0
	for l := range bytes.Lines(sample) {
		l = trimEOL(l)
		switch {
		case isASCII(l):
		case utf8.Valid(l):
			if hasHan(l) {
				utf8Lines++
			}
		default:
			if _, ok := d.decode(l); ok {
				gbLines++
			}
		}
	}
	if gbLines > utf8Lines {
		return isGB18030
	}
	return isUTF8
}

// text returns a line, not ASCII, as UTF-8 (in a buffer that the next call
// may reuse), or false if it is neither UTF-8 nor GB18030.
func (d *decoder) text(line []byte, enc textEncoding) ([]byte, textEncoding, bool) {
	if utf8.Valid(line) {
		if enc == isGB18030 && !hasHan(line) {
			if b, ok := d.decode(line); ok {
				return b, isGB18030, true
			}
		}
		return line, isUTF8, true
	}
	b, ok := d.decode(line)
	return b, isGB18030, ok
}

// errNotUTF8 is wrapped by the error refusing an input that is not UTF-8
// under -strict-utf8.
var errNotUTF8 = errors.New("not UTF-8")

// strictUTF8 checks, for -strict-utf8, that every line of r is UTF-8 (but
// those over 64 KiB, error rows anyway) before any of its rows is written,
// and returns the input to read from the start: r itself when it can seek,
// or else a copy of it in a temporary file, which cleanup removes.
func strictUTF8(name string, r io.Reader) (in io.Reader, cleanup func(), err error) {
	cleanup = func() {}
	src := r
	var start int64
	seeker, ok := r.(io.ReadSeeker)
	if ok {
		start, err = seeker.Seek(0, io.SeekCurrent)
		ok = err == nil
	}
	var tmp *os.File
	if !ok {
		// A pipe: keep what is read, to read it again.
		tmp, err = os.CreateTemp("", "batchcheck-*.csv")
		if err != nil {
			return nil, cleanup, fmt.Errorf("%s: -strict-utf8: %w", name, err)
		}
		cleanup = func() {
			tmp.Close()
			os.Remove(tmp.Name())
		}
		src = io.TeeReader(r, tmp)
	}
	fail := func(err error) (io.Reader, func(), error) {
		cleanup()
		return nil, func() {}, err
	}
	br := bufio.NewReaderSize(src, maxLine)
	var dec decoder
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if err := skipLine(br); err != nil {
				return fail(fmt.Errorf("reading %s: %w", name, err))
			}
			continue
		}
		if err != nil && err != io.EOF {
			return fail(fmt.Errorf("reading %s: %w", name, err))
		}
		if !utf8.Valid(b) {
			what := "nor GB18030"
			if _, ok := dec.decode(trimEOL(b)); ok {
				what = "but GB18030, the encoding Chinese Excel saves CSV in"
			}
			return fail(fmt.Errorf("%s: line %d is %w (%s); -strict-utf8 refuses the whole input: none of its rows was written. "+
				"Convert it to UTF-8 (iconv -f GB18030 -t UTF-8 in.csv > in-utf8.csv, or save from Excel as \"CSV UTF-8\"), or leave out -strict-utf8 to have GB18030 read",
				name, line, errNotUTF8, what))
		}
		if err == io.EOF {
			break
		}
	}
	if seeker != nil && tmp == nil {
		if _, err := seeker.Seek(start, io.SeekStart); err != nil {
			return fail(fmt.Errorf("%s: -strict-utf8: %w", name, err))
		}
		return r, cleanup, nil
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fail(fmt.Errorf("%s: -strict-utf8: %w", name, err))
	}
	return tmp, cleanup, nil
}
