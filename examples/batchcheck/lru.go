package main

// An lru is a cache of at most cap entries that, when full, drops the entry
// least recently used. Its entries sit in one slice, linked in order of use.
type lru struct {
	index      map[string]int32
	ents       []lruEntry
	head, tail int32 // most and least recently used; -1 when empty
}

type lruEntry struct {
	key        string
	val        found
	prev, next int32 // towards head and tail; -1 at the ends
}

func newLRU(capacity int) *lru {
	capacity = max(capacity, 1)
	return &lru{
		index: make(map[string]int32, capacity),
		ents:  make([]lruEntry, 0, capacity),
		head:  -1,
		tail:  -1,
	}
}

// get returns the value cached for key and marks it used.
func (l *lru) get(key string) (found, bool) {
	i, ok := l.index[key]
	if !ok {
		return found{}, false
	}
	l.unlink(i)
	l.pushFront(i)
	return l.ents[i].val, true
}

// put caches val for key, which must not be cached yet, dropping the least
// recently used entry when the cache is full.
func (l *lru) put(key string, val found) {
	var i int32
	if len(l.ents) < cap(l.ents) {
		i = int32(len(l.ents))
		l.ents = append(l.ents, lruEntry{})
	} else {
		i = l.tail
		l.unlink(i)
		delete(l.index, l.ents[i].key)
	}
	l.ents[i].key, l.ents[i].val = key, val
	l.index[key] = i
	l.pushFront(i)
}

// len returns the number of entries.
func (l *lru) len() int { return len(l.index) }

func (l *lru) unlink(i int32) {
	e := &l.ents[i]
	if e.prev >= 0 {
		l.ents[e.prev].next = e.next
	} else {
		l.head = e.next
	}
	if e.next >= 0 {
		l.ents[e.next].prev = e.prev
	} else {
		l.tail = e.prev
	}
}

func (l *lru) pushFront(i int32) {
	e := &l.ents[i]
	e.prev, e.next = -1, l.head
	if l.head >= 0 {
		l.ents[l.head].prev = i
	}
	l.head = i
	if l.tail < 0 {
		l.tail = i
	}
}
