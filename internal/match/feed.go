package match

import (
	"runtime"
	"sync"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// A Feeder adds entities to a Builder in the order they are fed, as Add
// would one by one, while other goroutines prepare them: working out the
// forms of each name to index and tokenising them is most of the cost of
// building an index, and it needs no Builder state. Interning the tokens
// stays on one goroutine, in feeding order, so the index built is the
// same as Add's, token ids and all. With one processor a Feeder is Add.
//
// A Feeder is not safe for concurrent use. Close it before Build.
type Feeder struct {
	b    *Builder
	cur  *feedChunk
	jobs chan *feedChunk
	// order holds the chunks in feeding order, for the adding goroutine;
	// its capacity bounds how far preparation may run ahead of adding.
	order chan *feedChunk
	wg    sync.WaitGroup // the preparing and adding goroutines
}

// feedChunk is a run of fed entities, prepared together.
type feedChunk struct {
	lists []string
	es    []watchlist.Entity
	ps    []prepared
	done  chan struct{} // closed once ps is filled
}

// feedChunkSize is how many entities a preparing goroutine takes at a
// time: enough that handing them over costs little beside preparing them.
const feedChunkSize = 64

// Feeder returns a Feeder over b. While it is open, b must not be used
// otherwise.
func (b *Builder) Feeder() *Feeder {
	f := &Feeder{b: b}
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 {
		return f
	}
	f.jobs = make(chan *feedChunk, 4*workers)
	f.order = make(chan *feedChunk, 4*workers)
	for range workers {
		f.wg.Go(func() {
			for c := range f.jobs {
				c.ps = make([]prepared, len(c.es))
				for i := range c.es {
					c.ps[i] = prepare(&c.es[i])
				}
				close(c.done)
			}
		})
	}
	f.wg.Go(func() {
		for c := range f.order {
			<-c.done
			for i := range c.ps {
				b.add(c.lists[i], &c.ps[i])
			}
		}
	})
	return f
}

// Add feeds an entity of the named list. The Feeder keeps a copy of e
// (sharing its slices, which must not change until Close).
func (f *Feeder) Add(list string, e *watchlist.Entity) {
	if f.jobs == nil {
		f.b.Add(list, e)
		return
	}
	if f.cur == nil {
		f.cur = &feedChunk{lists: make([]string, 0, feedChunkSize), es: make([]watchlist.Entity, 0, feedChunkSize), done: make(chan struct{})}
	}
	f.cur.lists = append(f.cur.lists, list)
	f.cur.es = append(f.cur.es, *e)
	if len(f.cur.es) == feedChunkSize {
		f.flush()
	}
}

// flush hands the current chunk over to be prepared and added.
func (f *Feeder) flush() {
	if f.cur == nil {
		return
	}
	f.order <- f.cur // waits while too many chunks are in flight
	f.jobs <- f.cur
	f.cur = nil
}

// Close waits until every entity fed is added to the Builder.
func (f *Feeder) Close() {
	if f.jobs == nil {
		return
	}
	f.flush()
	close(f.jobs)
	close(f.order)
	f.wg.Wait()
	f.jobs = nil
}
