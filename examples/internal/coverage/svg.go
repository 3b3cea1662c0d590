package coverage

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/tradepolicy/cbec"
)

// The picture's geometry, in SVG user units (pixels at 100%).
const (
	width      = 960
	left       = 48  // room for the y axis's labels
	right      = 16  //
	top        = 64  // title, subtitle and the markers' numbers
	plotHeight = 240 //
	axisHeight = 44  // years and the minor marks
	lineHeight = 18  // of the key's lines
)

// The layers' colours, bottom first, and their names.
var layers = []struct{ name, nameZH, color string }{
	{"allowed", "允许", "#2e7d32"},
	{"unknown", "无法判断", "#f0a30a"},
	{"denied", "不允许", "#d9d9d9"},
}

const font = `system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif`

// SVG draws cov: the units allowed, unknown and denied on each day,
// stacked, with each change marked on the time axis. A change by a
// document that took effect that day is numbered, and the key under the
// picture names the document; other changes are small marks whose
// tooltip names their cause.
func SVG(cov Coverage) []byte {
	var major []Step
	for _, s := range cov.Steps {
		if s.Major() {
			major = append(major, s)
		}
	}
	plotW := float64(width - left - right)
	keyTop := top + plotHeight + axisHeight + 12
	height := keyTop + lineHeight*(len(major)+1) + 8
	days := float64(cov.Until.Time().Sub(cov.From.Time()).Hours() / 24)
	x := func(d cbec.Date) float64 {
		return left + plotW*(d.Time().Sub(cov.From.Time()).Hours()/24)/days
	}
	total := max(cov.Units, 1)
	y := func(n int) float64 { return top + plotHeight - float64(plotHeight)*float64(n)/float64(total) }

	var b bytes.Buffer
	code, _ := cov.Mode.MarshalText()
	title := fmt.Sprintf("%s (%s): units allowed, unknown and denied, %s to %s", code, cov.Mode.NameZH(),
		cov.From, cov.Until.AddDays(-1))
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="cov-title" font-family="%s" font-size="12">`+"\n",
		width, height, width, height, font)
	fmt.Fprintf(&b, "<title id=\"cov-title\">%s</title>\n", esc(title))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="20" font-size="15" font-weight="bold">%s %s: how many of the %d units could use it, day by day</text>`+"\n",
		left, esc(string(code)), esc(cov.Mode.NameZH()), cov.Units)
	fmt.Fprintf(&b, `<text x="%d" y="38" fill="#555">%s 可开展%s的城市数量（共%d个单位）；numbered marks: the documents that changed it (key below)</text>`+"\n",
		left, esc(string(code)), esc(cov.Mode.NameZH()), cov.Units)

	// The layers, as one polygon each.
	b.WriteString(`<g shape-rendering="crispEdges">` + "\n")
	for l, layer := range layers {
		var tops, bottoms []string
		for _, s := range cov.Steps {
			below, upto := stack(s, l)
			x0, x1 := x(s.From), x(s.Until)
			tops = append(tops, pt(x0, y(upto)), pt(x1, y(upto)))
			bottoms = append(bottoms, pt(x0, y(below)), pt(x1, y(below)))
		}
		if len(tops) == 0 {
			continue
		}
		for i, j := 0, len(bottoms)-1; i < j; i, j = i+1, j-1 {
			bottoms[i], bottoms[j] = bottoms[j], bottoms[i]
		}
		fmt.Fprintf(&b, `<polygon fill="%s" points="%s"><title>%s</title></polygon>`+"\n",
			layer.color, strings.Join(append(tops, bottoms...), " "), layer.name)
	}
	b.WriteString("</g>\n")

	// The y axis: a line every hundred units, or fewer.
	stepY := 100
	for total/stepY < 2 && stepY > 1 {
		stepY /= 10
	}
	for n := 0; n <= total; n += stepY {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%s" y2="%s" stroke="#000" stroke-opacity="0.15"/>`+"\n",
			left, width-right, num(y(n)), num(y(n)))
		fmt.Fprintf(&b, `<text x="%d" y="%s" text-anchor="end" fill="#333">%d</text>`+"\n", left-6, num(y(n)+4), n)
	}
	// The x axis: the years.
	base := top + plotHeight
	fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#333"/>`+"\n", left, width-right, base, base)
	for yr := cov.From.Year(); yr <= cov.Until.Year(); yr++ {
		d := cbec.MustParseDate(fmt.Sprintf("%04d-01-01", yr))
		if d.Before(cov.From) || !d.Before(cov.Until) {
			continue
		}
		fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%d" y2="%d" stroke="#333"/>`+"\n", num(x(d)), num(x(d)), base, base+5)
		fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="middle" fill="#333">%d</text>`+"\n", num(x(d)), base+18, yr)
	}

	// The changes: numbered lines for documents, small marks for the rest.
	n := 0
	for _, s := range cov.Steps[min(1, len(cov.Steps)):] {
		xs := num(x(s.From))
		if !s.Major() {
			fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%d" y2="%d" stroke="#555" stroke-width="1.5"><title>%s: %s</title></line>`+"\n",
				xs, xs, base+24, base+34, s.From, esc(describe(s)))
			continue
		}
		n++
		fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%d" y2="%d" stroke="#1a237e" stroke-dasharray="3 3"/>`+"\n", xs, xs, top-4, base)
		fmt.Fprintf(&b, `<g><title>%s: %s</title><circle cx="%s" cy="%d" r="8" fill="#1a237e"/><text x="%s" y="%d" text-anchor="middle" fill="#fff" font-size="10" font-weight="bold">%d</text></g>`+"\n",
			s.From, esc(describe(s)), xs, top-12, xs, top-8, n)
	}

	// The legend and the key.
	lx := left
	for _, layer := range layers {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s" stroke="#999" stroke-width="0.5"/>`, lx, keyTop-9, layer.color)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s %s</text>`+"\n", lx+14, keyTop, layer.name, layer.nameZH)
		lx += 130
	}
	if len(cov.Steps) > 0 {
		last := cov.Steps[len(cov.Steps)-1]
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#555">on %s: %d allowed, %d unknown, %d denied</text>`+"\n",
			width-right, keyTop, cov.Until.AddDays(-1), last.Allowed, last.Unknown, last.Denied)
	}
	n = 0
	for _, s := range major {
		n++
		ky := keyTop + lineHeight*n
		fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="7" fill="#1a237e"/><text x="%d" y="%d" text-anchor="middle" fill="#fff" font-size="9" font-weight="bold">%d</text>`,
			left+7, ky-4, left+7, ky-1, n)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s  %s</text>`+"\n", left+20, ky, s.From, esc(describe(s)))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// stack returns the units below layer l of s and up to its top.
func stack(s Step, l int) (below, upto int) {
	counts := []int{s.Allowed, s.Unknown, s.Denied}
	for i := range l {
		below += counts[i]
	}
	return below, below + counts[l]
}

// describe says what changed on s's first day and what it left.
func describe(s Step) string {
	var parts []string
	for _, c := range s.ChangedBy {
		what := c.Doc
		if c.Kind == "zone" {
			what = c.Zone
			if c.Doc != "" {
				what += " (" + c.Doc + ")"
			}
		}
		if what == "" {
			what = c.Kind
		}
		parts = append(parts, fmt.Sprintf("%s, %d %s", what, c.Units, plural(c.Units, "unit", "units")))
	}
	return fmt.Sprintf("%s → %d allowed, %d unknown, %d denied", strings.Join(parts, "; "), s.Allowed, s.Unknown, s.Denied)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func pt(x, y float64) string { return num(x) + "," + num(y) }

// num writes a coordinate with one decimal at most.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

func esc(s string) string { return html.EscapeString(s) }
