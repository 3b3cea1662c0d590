package cbec

// A Period is the half-open span of days [From, Until): it holds From and
// every later day up to, but not including, Until. A zero Until means the
// period has no end; a zero From means it has no known start and holds every
// day before Until.
//
// The zero Period holds every day.
type Period struct {
	From  Date `json:"from,omitzero"`
	Until Date `json:"until,omitzero"`
}

// Contains reports whether d lies in p. The zero Date lies in no period.
func (p Period) Contains(d Date) bool {
	return d.IsValid() && !d.Before(p.From) && (!p.Until.IsValid() || d.Before(p.Until))
}

// IsOpen reports whether p has no end.
func (p Period) IsOpen() bool { return !p.Until.IsValid() }

// String returns p as "[2019-01-01, 2020-01-17)", with "…" for an open side.
func (p Period) String() string {
	from, until := p.From.String(), p.Until.String()
	if from == "" {
		from = "…"
	}
	if until == "" {
		until = "…"
	}
	return "[" + from + ", " + until + ")"
}
