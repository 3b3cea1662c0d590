package zones

import (
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec"
)

// A Count is evidence of absence: a sourced number of zones of some
// categories that existed in a scope (the nation, a province, a city or a
// county) on a day, a row of zones/data/counts.tsv.
//
// A count MATCHES the rows when the zones of its categories that lie in its
// scope and are [Present] on its day ([Zone.On]) number exactly Count and
// none of them is [Unsure] on that day ([Registry.Tally],
// [Registry.CountMatches]). A matching count shows that the rows hold every
// zone of its categories in its scope, so [Registry.Hosts] answers [Absent]
// there, instead of Unsure, where no row can be present:
//
//   - on the count's day;
//   - before it, for the zones whose dates are known (the rows' dates decide;
//     a zone that ended before the count's day and is not a row cannot be
//     excluded by the count, and is assumed not to exist);
//   - after it, where the answer still stands but only as of the count's
//     day: a zone set up since then is not excluded. [Registry.Evidence]
//     returns the count, so that a caller can name its day.
//
// A count that does not match is kept (it is data to be fixed) but is no
// evidence. A count marked unverified is evidence like any other: callers
// that rest a decision on it should say that no source read confirms it.
type Count struct {
	ID         string     `json:"id"`         // stable key, e.g. "count-shanxi-special-2023-06-30"
	Categories []Category `json:"categories"` // the categories counted together, in category order
	// Scope is "nation" or the six-digit code of the unit counted: a count
	// of a unit covers the units inside it.
	Scope    string    `json:"scope"`
	Count    int       `json:"count"`         // zones of Categories existing in Scope on Day
	Day      cbec.Date `json:"day"`           // the day the count refers to
	URL      string    `json:"url,omitempty"` // where the count was read; several joined by " ; "
	Verified bool      `json:"verified"`      // false: no source read confirms the count
	Note     string    `json:"note,omitempty"`
}

// NationScope is the [Count.Scope] of a count of the whole country.
const NationScope = "nation"

// Has reports whether the count counts zones of category cat.
func (c Count) Has(cat Category) bool { return slices.Contains(c.Categories, cat) }

// String returns a short description: "1 cbz+special in 140000 on 2023-06-30".
func (c Count) String() string {
	keys := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		keys[i] = cat.Key()
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(c.Count))
	b.WriteString(" " + strings.Join(keys, "+") + " in " + c.Scope)
	if c.Day.IsValid() {
		b.WriteString(" on " + c.Day.String())
	}
	return b.String()
}

// A Tally compares a [Count] with the rows.
type Tally struct {
	Count Count `json:"count"`
	// Present are the zones of the count's categories lying in its scope that
	// surely exist on its day; Unsure those whose dates leave that day open.
	Present []Zone `json:"present"`
	Unsure  []Zone `json:"unsure,omitempty"`
}

// Matches reports whether the rows agree with the count: exactly
// Count.Count zones present and none unsure.
func (t Tally) Matches() bool { return len(t.Present) == t.Count.Count && len(t.Unsure) == 0 }

// Missing returns how many zones the count has that the rows do not show
// present (0 when the rows show as many or more).
func (t Tally) Missing() int { return max(0, t.Count.Count-len(t.Present)) }

// Extra returns how many more zones the rows show present than the count
// has (0 when they show as many or fewer).
func (t Tally) Extra() int { return max(0, len(t.Present)-t.Count.Count) }

// Counts yields the counts of r, in file order, matching or not.
func (r *Registry) Counts() iter.Seq[Count] {
	if r == nil {
		return func(func(Count) bool) {}
	}
	return slices.Values(r.counts)
}

// CountMatches reports whether r has a count with the given id and it
// matches r's rows (see [Count]). It is computed when the registry is built
// and costs a search over the counts.
func (r *Registry) CountMatches(id string) bool {
	if r == nil {
		return false
	}
	for i := range r.counts {
		if r.counts[i].ID == id {
			return r.countMatch[i]
		}
	}
	return false
}

// Tally compares c with the rows of r: which zones of its categories lie in
// its scope on its day. c need not be one of r's counts, so a count can be
// checked before it is added. It reports false when c's scope is neither
// "nation" nor a unit of r, or c has no valid category or day.
func (r *Registry) Tally(c Count) (Tally, bool) {
	t := Tally{Count: c}
	if r == nil || !c.Day.IsValid() || len(c.Categories) == 0 {
		return t, false
	}
	for _, cat := range c.Categories {
		if !cat.IsValid() {
			return t, false
		}
	}
	zs := r.All()
	if c.Scope != NationScope {
		u, ok := r.ByCode(c.Scope)
		if !ok {
			return t, false
		}
		zs = r.Within(u)
	}
	for z := range zs {
		if !c.Has(z.Category) {
			continue
		}
		switch z.On(c.Day) {
		case Present:
			t.Present = append(t.Present, z)
		case Unsure:
			t.Unsure = append(t.Unsure, z)
		}
	}
	return t, true
}

// Evidence returns the count on which [Registry.Hosts] rests when it
// answers that c hosts no zone of category cat on day d: a matching count of
// cat whose scope is c or a unit c lies in (or the nation). Of several it
// returns the one whose day is d or the earliest after it, else the latest
// before d. A count whose day is before d shows the absence only as of its
// day: a caller should say so.
//
// It reports false when Hosts does not answer Absent, and when the absence
// needs no count because the category's data is complete
// ([Dataset.Complete]).
func (r *Registry) Evidence(c City, cat Category, d cbec.Date) (Count, bool) {
	p, ci := r.hosts(c, cat, d)
	if p != Absent || ci < 0 || ci >= len(r.counts) {
		return Count{}, false
	}
	return r.counts[ci], true
}
