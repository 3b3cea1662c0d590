package main

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"

	"github.com/tradepolicy/cbec/policy"
)

// A decision's reply is json.Marshal of the decision, a line of 2 to 5 KB:
// its sources, zones, conditions and gaps, each a copy the Decision's
// accessors allocate. Encoding it costs far more than writing it, and
// almost every reply is one already sent. So the replies are kept, keyed by
// the Decision itself: policy.Decision is comparable, and two decisions are
// == only for the same unit, day and mode by the same engine with the name
// resolved the same way, so that equal keys have equal JSON.
//
// The key holds the day, while the JSON of a unit and mode stays the same
// over long runs of days but for the date: the body is kept as a template,
// the bytes before and after the date's value, shared by content among
// every day that has it, and each day's entry holds only its date and ETag.
// (The engine's outcomes, which would key the templates directly, are not
// part of the policy package's API.)

// A query of /v1/decision seen before is answered from its reply without
// being read: the same query string is the same parameters, and so the
// same decision. That spares unescaping the city's name and looking it up,
// most of what is left once the reply is kept.

// defaultCacheSize bounds the decisions and queries whose replies are
// kept: some 100 bytes each, and their templates.
const defaultCacheSize = 1 << 16

// maxKeptQuery is the longest query kept; a longer one is read each time.
const maxKeptQuery = 256

// A template is a decision's reply but for its date.
type template struct {
	pre, post []byte   // before and after the date's value
	length    []string // Content-Length, as a header value
}

// A reply is a decision's reply.
type reply struct {
	t    *template
	date [10]byte // YYYY-MM-DD
	etag []string // as a header value
	// city and verdict are logged with the request.
	city, verdict string
}

// A replyCache keeps the replies of up to max decisions. When full it is
// emptied: a client asking for every day of every unit sees the cost of
// encoding, and no more memory.
type replyCache struct {
	max int

	mu        sync.RWMutex
	replies   map[policy.Decision]*reply
	queries   map[string]*reply    // by raw query
	templates map[string]*template // by pre + "\x00" + post
	// misses counts the replies encoded, resets the times it was emptied.
	misses, resets uint64
}

func newReplyCache(max int) *replyCache {
	c := &replyCache{max: max}
	c.empty()
	return c
}

// empty drops everything kept.
func (c *replyCache) empty() {
	c.replies, c.queries, c.templates = map[policy.Decision]*reply{}, map[string]*reply{}, map[string]*template{}
}

// byQuery returns the reply kept for a raw query, or nil.
func (c *replyCache) byQuery(q string) *reply {
	c.mu.RLock()
	r := c.queries[q]
	c.mu.RUnlock()
	return r
}

// remember keeps r as the reply of the raw query q.
func (c *replyCache) remember(q string, r *reply) {
	if len(q) > maxKeptQuery {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.queries[q] != nil {
		return
	}
	if len(c.replies)+len(c.queries) >= c.max {
		c.empty()
		c.resets++
	}
	c.queries[strings.Clone(q)] = r // not the request's string, which holds its whole line
}

// get returns the reply of d, encoding it if it is not kept.
func (c *replyCache) get(d policy.Decision) *reply {
	c.mu.RLock()
	r := c.replies[d]
	c.mu.RUnlock()
	if r != nil {
		return r
	}
	return c.add(d)
}

// dateKey starts a decision's date in its JSON. The date follows the
// verdict and the city, whose keys are not "date" and whose strings cannot
// hold an unescaped quote, so its first occurrence is the decision's date.
var dateKey = []byte(`"date":"`)

func (c *replyCache) add(d policy.Decision) *reply {
	body, err := json.Marshal(d)
	if err != nil {
		panic(err) // Decision.MarshalJSON never fails
	}
	body = append(body, '\n')
	h := fnv.New64a()
	h.Write(body)
	r := &reply{etag: []string{etagString(h.Sum64())}, city: d.City().Code, verdict: d.Verdict().String()}
	i := bytes.Index(body, dateKey) + len(dateKey)
	if i < len(dateKey) || len(body) < i+len(r.date) || !bytes.Equal(body[i:i+len(r.date)], []byte(d.Date().String())) {
		panic("cbec-service: a decision's JSON without its date: " + string(body))
	}
	copy(r.date[:], body[i:])
	pre, post := body[:i], body[i+len(r.date):]
	key := string(pre) + "\x00" + string(post)

	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.replies[d]; r != nil {
		return r // another request added it meanwhile
	}
	if len(c.replies)+len(c.queries) >= c.max {
		c.empty()
		c.resets++
	}
	c.misses++
	t := c.templates[key]
	if t == nil {
		t = &template{pre: pre, post: post, length: []string{strconv.Itoa(len(body))}}
		c.templates[key] = t
	}
	r.t = t
	c.replies[d] = r
	return r
}

// stats returns how many replies and templates are kept, and the counts of
// misses and resets.
func (c *replyCache) stats() (replies, templates int, misses, resets uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.replies), len(c.templates), c.misses, c.resets
}

// queryCount returns how many queries are kept.
func (c *replyCache) queryCount() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.queries)
}
