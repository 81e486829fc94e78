package portfolio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/resolve"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Resolver resolves affiliation strings to registry organisations with
// their list hits (through the registry's parent chain). *resolving.Service
// is one.
type Resolver interface {
	Resolve(affiliation string) (resolving.Result, error)
	Org(id string) (resolving.OrgView, error)
}

// Screener screens a name against the watch lists. *screening.Service is
// one.
type Screener interface {
	Screen(q string, opt match.Options) (screening.Result, error)
}

// Engine holds what processing needs: the resolver, the list screener for
// strings that resolve to no organisation, and the classifier.
type Engine struct {
	Resolver   Resolver
	Screener   Screener
	Classifier *techarea.Classifier
}

// Defaults for Options.
const (
	DefaultChunkSize = 5000
	DefaultMaxMemo   = 2_000_000
	// ScreenThreshold is the score at which an unresolved string is taken
	// to name a listed party.
	ScreenThreshold = 0.9
	// maxCoauthors bounds the co-author names kept on a finding.
	maxCoauthors = 20
)

// Options tune one run.
type Options struct {
	// Workers is how many goroutines resolve and classify; 0 means
	// GOMAXPROCS.
	Workers int
	// ChunkSize is how many works one chunk holds; 0 means
	// DefaultChunkSize. A resumed run must use the size it started with.
	ChunkSize int
	// MaxMemo bounds how many distinct affiliation strings are
	// remembered; past it, new strings are resolved each time they occur.
	// 0 means DefaultMaxMemo.
	MaxMemo int
	// Done, when set, reports chunks already saved by an earlier attempt
	// of the same run; they are read past without being processed.
	Done func(chunk int) bool
	// Claim, when set, is asked before a chunk not already Done is
	// processed; false leaves the chunk to another worker (it is read
	// past like a done one). Several workers sharing one run claim its
	// chunks through the store this way.
	Claim func(ctx context.Context, chunk int) (bool, error)
	// Save stores a processed chunk (its findings, its counts and that it
	// is done). It is called in chunk order from one goroutine. Nil
	// discards.
	Save func(ctx context.Context, c store.PortfolioChunk) error
	// Progress, when set, is called after every chunk.
	Progress func(Progress)
}

// Progress is how far a run is.
type Progress struct {
	Chunk     int   `json:"chunk"`
	Works     int64 `json:"works"`
	Strings   int64 `json:"strings"`
	Distinct  int64 `json:"distinct"`
	Findings  int64 `json:"findings"`
	Malformed int64 `json:"malformed"`
	// BytesRead is how far into the input the reader is.
	BytesRead int64 `json:"bytes_read"`
	Skipped   int   `json:"skipped_chunks"`
}

// resolved is what one distinct affiliation string came to.
type resolved struct {
	resolved bool
	partners []partner // the organisations (or listed names) with hits
}

type partner struct {
	id, name, country string
	hits              []store.PortfolioHit
}

var (
	cleanResolved   = &resolved{resolved: true}
	cleanUnresolved = &resolved{}
)

// chunk is a batch of works read together.
type chunk struct {
	n      int
	works  []Work
	skip   bool
	err    error
	offset int64
	bad    int64
}

// Run reads works from rd and processes them in chunks: each distinct
// affiliation string (by Key) is resolved once, screened, and each work
// classified, on opt.Workers goroutines; the chunk's findings go to
// opt.Save. Reading the next chunk overlaps processing of the current one;
// memory is bounded by two chunks and the memo.
//
// Run stops at the first error from Save or the reader, or when ctx is
// cancelled, returning the summary so far with the error. Because Save
// records each chunk as done with its findings, calling Run again on the
// same input with opt.Done reporting the saved chunks resumes the run:
// this is how a job runner wraps it (progress from opt.Progress, cancel
// through ctx, resume after a crash through opt.Done). On a resumed run
// the summary's Distinct, Resolved, Flagged, Findings and works-by-label
// counts cover the chunks processed in this call; Records, Works, Strings
// and the malformed lines cover the whole file.
func (e *Engine) Run(ctx context.Context, rd *Reader, opt Options) (store.PortfolioSummary, error) {
	if e.Resolver == nil || e.Screener == nil || e.Classifier == nil {
		return store.PortfolioSummary{}, errors.New("portfolio: the engine needs a resolver, a screener and a classifier")
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.ChunkSize <= 0 {
		opt.ChunkSize = DefaultChunkSize
	}
	if opt.MaxMemo <= 0 {
		opt.MaxMemo = DefaultMaxMemo
	}
	start := time.Now()
	p := &proc{e: e, opt: opt, memo: make(map[string]*resolved), sum: store.PortfolioSummary{WorksByArea: map[string]int64{}, WorksByField: map[string]int64{}}}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan chunk, 1)
	go func() {
		defer close(chunks)
		for n := 0; ; n++ {
			c := chunk{n: n, skip: opt.Done != nil && opt.Done(n)}
			for len(c.works) < opt.ChunkSize {
				w, err := rd.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					c.err = err
					break
				}
				c.works = append(c.works, w)
			}
			c.offset = rd.BytesRead()
			_, c.bad = rd.Malformed()
			if len(c.works) == 0 && c.err == nil {
				return
			}
			select {
			case chunks <- c:
			case <-ctx.Done():
				return
			}
			if c.err != nil || len(c.works) < opt.ChunkSize {
				return
			}
		}
	}()
	var err error
	skipped := 0
	for c := range chunks {
		if c.err != nil {
			err = fmt.Errorf("read portfolio: %w", c.err)
			break
		}
		if cerr := ctx.Err(); cerr != nil {
			err = cerr
			break
		}
		p.sum.Works += int64(len(c.works))
		if !c.skip && opt.Claim != nil {
			ok, cerr := opt.Claim(ctx, c.n)
			if cerr != nil {
				err = fmt.Errorf("claim chunk %d: %w", c.n, cerr)
				break
			}
			c.skip = !ok
		}
		if c.skip {
			skipped++
			p.sum.Strings += stringsIn(c.works)
		} else {
			findings, st, perr := p.chunk(ctx, c.works)
			if perr != nil {
				err = perr
				break
			}
			if opt.Save != nil {
				if serr := opt.Save(ctx, store.PortfolioChunk{Chunk: c.n, Records: int64(len(c.works)), Findings: findings, Stats: st}); serr != nil {
					err = fmt.Errorf("save chunk %d: %w", c.n, serr)
					break
				}
			}
			p.sum.Findings += int64(len(findings))
		}
		if opt.Progress != nil {
			opt.Progress(Progress{Chunk: c.n, Works: p.sum.Works, Strings: p.sum.Strings, Distinct: p.sum.Distinct, Findings: p.sum.Findings,
				Malformed: c.bad, BytesRead: c.offset, Skipped: skipped})
		}
	}
	cancel()
	for range chunks { // let the reader goroutine finish
	}
	lines, bad := rd.Malformed()
	p.sum.Records = rd.Records()
	p.sum.Malformed = bad
	p.sum.MalformedLines = make([]store.PortfolioLineError, 0, len(lines))
	for _, l := range lines {
		p.sum.MalformedLines = append(p.sum.MalformedLines, store.PortfolioLineError{Line: l.Line, Reason: l.Reason})
	}
	p.sum.Seconds = time.Since(start).Seconds()
	return p.sum, err
}

// proc is the state of one run; only the Run goroutine touches it, the
// workers only the slots they are given.
type proc struct {
	e    *Engine
	opt  Options
	memo map[string]*resolved
	sum  store.PortfolioSummary
}

// workItem is a distinct string to resolve within a chunk.
type workItem struct {
	key string
	aff Affiliation
	out *resolved
}

// stringsIn counts the affiliation strings of works.
func stringsIn(works []Work) int64 {
	var n int64
	for i := range works {
		for _, a := range works[i].Authors {
			n += int64(len(a.Affiliations))
		}
	}
	return n
}

// chunk processes one chunk's works, adding to the run's summary, and
// returns its findings and what it counted.
func (p *proc) chunk(ctx context.Context, works []Work) ([]store.PortfolioFinding, store.PortfolioChunkStats, error) {
	st := store.PortfolioChunkStats{Works: int64(len(works)), WorksByArea: map[string]int64{}, WorksByField: map[string]int64{}}
	before := p.sum
	// Collect the strings not yet resolved, each once.
	var todo []*workItem
	pending := map[string]*workItem{}
	var keys []string // each affiliation's key, in traversal order
	for i := range works {
		for _, a := range works[i].Authors {
			for _, af := range a.Affiliations {
				p.sum.Strings++
				k := memoKey(af)
				keys = append(keys, k)
				if _, ok := p.memo[k]; ok {
					continue
				}
				if _, ok := pending[k]; ok {
					continue
				}
				it := &workItem{key: k, aff: af}
				pending[k] = it
				todo = append(todo, it)
			}
		}
	}
	classes := make([]techarea.Result, len(works))
	// Resolve the new strings and classify the works in parallel.
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var errOnce sync.Once
	total := int64(len(todo) + len(works))
	for w := 0; w < p.opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= total {
					return
				}
				if i%256 == 0 && ctx.Err() != nil {
					errOnce.Do(func() { firstErr = ctx.Err() })
					return
				}
				if i < int64(len(todo)) {
					todo[i].out = p.resolve(todo[i].aff)
					continue
				}
				j := i - int64(len(todo))
				classes[j] = p.classify(&works[j])
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		p.sum.Strings = before.Strings
		return nil, st, firstErr
	}
	for _, it := range todo {
		p.sum.Distinct++
		if it.out.resolved {
			p.sum.Resolved++
		}
		if len(it.out.partners) > 0 {
			p.sum.Flagged++
		}
		// Past MaxMemo a string is resolved again when it recurs (and
		// counted again in Distinct): memory stays bounded.
		if len(p.memo) < p.opt.MaxMemo {
			p.memo[it.key] = it.out
		}
	}
	var findings []store.PortfolioFinding
	ki := 0
	for i := range works {
		w := &works[i]
		areas, fields := labelIDs(classes[i].Areas), labelIDs(classes[i].Fields)
		for _, a := range areas {
			p.sum.WorksByArea[a]++
			st.WorksByArea[a]++
		}
		for _, f := range fields {
			p.sum.WorksByField[f]++
			st.WorksByField[f]++
		}
		seen := map[string]bool{}
		for ai, a := range w.Authors {
			for _, af := range a.Affiliations {
				k := keys[ki]
				ki++
				r := p.memo[k]
				if r == nil {
					r = pending[k].out
				}
				for _, pt := range r.partners {
					dedup := a.Name + "\x00" + pt.id + "\x00" + pt.name
					if seen[dedup] {
						continue
					}
					seen[dedup] = true
					findings = append(findings, store.PortfolioFinding{
						Line: w.Line, WorkID: w.ID, Title: w.Title, Year: w.Year, Person: a.Name, Department: DepartmentOf(af.Raw, pt.name),
						Affiliation: af.Raw, PartnerID: pt.id, PartnerName: pt.name, PartnerCountry: pt.country, Hits: pt.hits,
						Areas: areas, Fields: fields, Coauthors: coauthors(w, ai),
					})
				}
			}
		}
	}
	st.Strings = p.sum.Strings - before.Strings
	st.Distinct = p.sum.Distinct - before.Distinct
	st.Resolved = p.sum.Resolved - before.Resolved
	st.Flagged = p.sum.Flagged - before.Flagged
	st.Findings = int64(len(findings))
	return findings, st, nil
}

// coauthors names the work's other authors once each (a CSV author with
// two affiliations has two rows).
func coauthors(w *Work, self int) []string {
	var out []string
	seen := map[string]bool{w.Authors[self].Name: true}
	for _, a := range w.Authors {
		if a.Name == "" || seen[a.Name] {
			continue
		}
		seen[a.Name] = true
		if len(out) == maxCoauthors {
			out = append(out, "…")
			break
		}
		out = append(out, a.Name)
	}
	return out
}

func labelIDs(ls []techarea.Label) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		if l.Assigned {
			out = append(out, l.ID)
		}
	}
	return out
}

// memoKey is the key an affiliation is resolved under: its normalised
// string, and the ROR ids OpenAlex gave it, which decide the result.
func memoKey(af Affiliation) string {
	k := Key(af.Raw)
	if len(af.RORs) > 0 {
		k = strings.Join(af.RORs, " ") + "\x00" + k
	}
	return k
}

func (p *proc) classify(w *Work) techarea.Result {
	doc := techarea.Document{ID: w.ID, Title: w.Title, Abstract: strings.Join(w.Topics, ". ")}
	r, err := p.e.Classifier.Classify(doc)
	if err != nil {
		return techarea.Result{} // empty or unusable text: no labels
	}
	return r
}

// resolve resolves one affiliation: through the ROR ids OpenAlex gave
// when the registry knows them, else by resolving the string; a string
// that resolves to nothing is screened against the lists directly.
func (p *proc) resolve(af Affiliation) *resolved {
	var out resolved
	for _, id := range af.RORs {
		v, err := p.e.Resolver.Org(id)
		if err != nil {
			continue // not in the registry (or not a ROR id): resolve the string
		}
		out.resolved = true
		if len(v.Hits) > 0 {
			out.partners = append(out.partners, partner{id: v.Org.ID, name: v.Org.DisplayName(), country: strings.ToUpper(v.Org.Country), hits: hitsOf(v.Hits)})
		}
	}
	if !out.resolved {
		r, err := p.e.Resolver.Resolve(af.Raw)
		if err == nil && len(r.Orgs) > 0 {
			out.resolved = true
			if len(r.Hits) > 0 {
				if len(r.Orgs) == 1 {
					o := r.Orgs[0]
					out.partners = append(out.partners, partner{id: o.ID, name: o.Name, country: strings.ToUpper(o.Country), hits: hitsOf(r.Hits)})
				} else {
					out.partners = p.partnersOf(r.Orgs, out.partners)
				}
			}
			if len(r.NamedHits) > 0 {
				// An organisation written beside the one chosen ("X
				// University, Y Institute") is a partner too when listed.
				out.partners = p.partnersOf(r.Named, out.partners)
			}
			for _, m := range r.UnknownHits {
				// So is a listed one the registry does not hold.
				out.partners = append(out.partners, partner{name: m.Name, country: firstUpper(m.Countries), hits: hitsOf([]match.Match{m})})
			}
		}
	}
	if !out.resolved {
		res, err := p.e.Screener.Screen(af.Raw, match.Options{Limit: 3, Threshold: ScreenThreshold, Kind: watchlist.KindOrganization, LeadingMatches: true, Country: af.Country})
		if err == nil {
			var ms []match.Match
			for _, m := range res.Matches {
				if m.Match {
					ms = append(ms, m)
				}
			}
			if len(ms) > 0 {
				out.partners = append(out.partners, partner{name: ms[0].Name, country: firstUpper(ms[0].Countries), hits: hitsOf(ms)})
			}
		}
	}
	switch {
	case len(out.partners) > 0:
		return &out
	case out.resolved:
		return cleanResolved
	}
	return cleanUnresolved
}

// partnersOf appends to out each of orgs that has list hits of its own
// or through its registry ancestors, as a partner with those hits.
func (p *proc) partnersOf(orgs []resolve.Org, out []partner) []partner {
	for _, o := range orgs {
		if v, err := p.e.Resolver.Org(o.ID); err == nil && len(v.Hits) > 0 {
			out = append(out, partner{id: o.ID, name: o.Name, country: strings.ToUpper(o.Country), hits: hitsOf(v.Hits)})
		}
	}
	return out
}

func firstUpper(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return strings.ToUpper(ss[0])
}

// hitsOf converts list matches to stored hits: programmes from the
// memberships, the registry and list path as "relation: name".
func hitsOf(ms []match.Match) []store.PortfolioHit {
	out := make([]store.PortfolioHit, 0, len(ms))
	for _, m := range ms {
		h := store.PortfolioHit{List: m.List, SourceID: m.SourceID, Name: m.Name, Score: m.Score}
		seen := map[string]bool{}
		for _, ms := range m.Memberships {
			prog := ms.Program
			if prog == "" {
				continue
			}
			if !seen[prog] {
				seen[prog] = true
				h.Programs = append(h.Programs, prog)
			}
		}
		for _, s := range m.Via {
			h.Via = append(h.Via, s.Relation+": "+s.Name)
		}
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].List < out[j].List })
	return out
}
