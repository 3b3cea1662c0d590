package main

// An lru is a cache of at most max entries that, when full, drops an entry
// not used lately: it approximates least-recently-used with the CLOCK
// algorithm, so that a hit only marks its entry. A hand goes round the
// entries; an entry used since the hand last passed is spared once, the
// first one not used is dropped.
type lru struct {
	index map[string]int32
	ents  []lruEntry
	max   int
	hand  int32
}

type lruEntry struct {
	key  string
	val  *found
	used bool
}

func newLRU(capacity int) *lru {
	return &lru{index: make(map[string]int32), max: max(capacity, 1)}
}

// get returns the value cached for key and marks it used.
func (l *lru) get(key string) (*found, bool) {
	i, ok := l.index[key]
	if !ok {
		return nil, false
	}
	e := &l.ents[i]
	e.used = true
	return e.val, true
}

// put caches val for key, which must not be cached yet, dropping an entry
// not used lately when the cache is full.
func (l *lru) put(key string, val *found) {
	if len(l.ents) < l.max {
		l.index[key] = int32(len(l.ents))
		l.ents = append(l.ents, lruEntry{key: key, val: val})
		return
	}
	for l.ents[l.hand].used {
		l.ents[l.hand].used = false
		l.hand = (l.hand + 1) % int32(len(l.ents))
	}
	e := &l.ents[l.hand]
	delete(l.index, e.key)
	*e = lruEntry{key: key, val: val}
	l.index[key] = l.hand
	l.hand = (l.hand + 1) % int32(len(l.ents))
}

// len returns the number of entries.
func (l *lru) len() int { return len(l.index) }
