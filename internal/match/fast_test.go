package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// TestTopK checks the selection against a full sort, with many equal
// values (names of the same weight) as real candidate lists have.
func TestTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, tc := range []struct {
		n, k, distinct int
		wide           bool // values from 2^-12 to 2^8, across every bucket and past both ends
	}{
		{0, 16, 1, false}, {5, 16, 3, false}, {16, 16, 4, false}, {17, 16, 2, false}, {100, 16, 1, false}, {700, 64, 5, false},
		{2000, 64, 300, false}, {3000, 128, 40, false}, {2000, 64, 0, true}, {500, 16, 0, true},
	} {
		cs := make([]cand, tc.n)
		for i := range cs {
			v := float32(r.IntN(max(tc.distinct, 1))) / float32(max(tc.distinct, 1))
			if tc.wide {
				v = float32(math.Exp2(r.Float64()*20 - 12))
			}
			cs[i] = makeCand(uint32(r.IntN(1<<20)), v)
		}
		want := slices.Clone(cs)
		slices.SortFunc(want, func(a, b cand) int {
			switch {
			case a.v() != b.v() && a.v() > b.v():
				return -1
			case a.v() != b.v():
				return 1
			case a.id() < b.id():
				return -1
			case a.id() > b.id():
				return 1
			}
			return 0
		})
		want = want[:min(tc.k, len(want))]
		var hist [histBuckets]int32
		for _, c := range cs {
			hist[c.bucket()]++
		}
		for name, got := range map[string][]cand{
			"topK":         topK(slices.Clone(cs), tc.k),
			"keepTop+topK": topK(keepTop(slices.Clone(cs), &hist, tc.k), tc.k),
			"selectTop":    sorted(selectTop(slices.Clone(cs), tc.k)),
		} {
			if !slices.Equal(got, want) {
				t.Errorf("%s n=%d k=%d: got %d candidates, differ from the sorted top", name, tc.n, tc.k, len(got))
			}
		}
	}
}

func sorted(cs []cand) []cand {
	slices.Sort(cs)
	return cs
}

// TestMakeCandOrder checks that the packed order is rank order.
func TestMakeCandOrder(t *testing.T) {
	a, b, c := makeCand(9, 0.5), makeCand(3, 0.5), makeCand(1, 0.25)
	if !(b < a && a < c) {
		t.Errorf("order of (0.5,3) (0.5,9) (0.25,1) is not rank order: %x %x %x", b, a, c)
	}
	if got := makeCand(42, 1.75); got.id() != 42 || got.v() != 1.75 {
		t.Errorf("round trip gave id %d v %v", got.id(), got.v())
	}
	// keepTop needs buckets that never decrease as values grow.
	prev := -1
	for v := float32(0); v < 4; v = v*1.01 + 1e-5 {
		b := makeCand(1, v).bucket()
		if b < prev || b < 0 || b >= histBuckets {
			t.Fatalf("bucket(%v) = %d after %d", v, b, prev)
		}
		prev = b
	}
	if prev < 100 {
		t.Errorf("values up to 4 use only %d buckets", prev+1)
	}
	// makeCand clamps as max(v, 0) does, bit for bit.
	nan := float32(math.NaN())
	for _, v := range []float32{0, float32(math.Copysign(0, -1)), -1, -1e-30, 1e-30, 0.5, 3, nan, float32(math.Inf(1)), float32(math.Inf(-1))} {
		want := cand(uint64(^math.Float32bits(max(v, 0)))<<32 | 7)
		if got := makeCand(7, v); got != want {
			t.Errorf("makeCand(7, %v) = %x, want %x", v, uint64(got), uint64(want))
		}
	}
}

// TestAlignBound checks that the bound is never below the score alignment
// gives, for every fixture name against queries of several shapes.
func TestAlignBound(t *testing.T) {
	ix := fixtureIndex(t)
	queries := []string{
		"Harbin Institute of Technology", "Harbin Inst Technol, Sch Astronaut, Harbin 150001, Peoples R China",
		"哈尔滨工业大学航天学院", "Harbin Insitute of Technology", "Beihang University (BUAA)", "HIT",
		"Natl Univ Def Technol, Coll Comp, Changsha 410073, Hunan, Peoples R China", "John Smith", "J Smith",
		"Mohammed Al Rashid", "Muhammad AlRashid", "Siemens Aktiengesellschaft", "State Key Lab of Robotics and System",
		"Chongqing Medical University", "Almaz Antey Air & Space Defense Corp", "CETC 14th Research Institute",
	}
	checked, close := 0, 0
	for _, q := range queries {
		var vs []variant
		var ar variantArena
		for _, a := range names.ParseAffiliations(q) {
			vs = ix.partyVariants(vs, &a, "", &ar)
		}
		sc := ix.scratch.Get().(*scratch)
		sc.bound.v = nil
		for vi := range vs {
			v := &vs[vi]
			for ni := range ix.names {
				nr := &ix.names[ni]
				person := ix.entities[nr.entity].kind == watchlist.KindPerson
				// The screen bounds from an organisation's pairs before it
				// knows whether the name is a person's.
				ns, pairs := ix.namePairs(v, nr, false, sc)
				pb := sc.bound.pairBound(v, ns, pairs)
				al := ix.alignName(v, nr, person, sc)
				if ub := ix.alignBound(v, nr.toks, &sc.bound); ub+1e-9 < al.score {
					t.Errorf("%q vs %q: bound %.4f below score %.4f", q, nr.value, ub, al.score)
				}
				if pb+1e-9 < al.score {
					t.Errorf("%q vs %q: pair bound %.4f below score %.4f", q, nr.value, pb, al.score)
				}
				if pb < al.score+0.5 {
					close++
				}
				checked++
			}
		}
		ix.scratch.Put(sc)
	}
	if checked < 100 {
		t.Fatalf("only %d alignments checked", checked)
	}
	// The pair bound is only worth computing when it is close.
	if close < checked*9/10 {
		t.Errorf("pair bound within 0.5 of the score for only %d of %d alignments", close, checked)
	}
}

// TestLeadingMatches checks that LeadingMatches returns exactly the
// leading matches of a full screen, and ScreenAffiliation what Screen
// returns for a one-party string.
func TestLeadingMatches(t *testing.T) {
	ix := fixtureIndex(t)
	for _, q := range []string{
		"Harbin Institute of Technology", "State Key Lab of Robotics and System, Harbin Institute of Technology",
		"Beihang University (BUAA)", "HIT", "Chongqing Medical University", "John Smith", "Harbin",
	} {
		full, err := ix.Screen(q, Options{Limit: 8, Threshold: 0.85})
		if err != nil {
			t.Fatal(err)
		}
		want := []Match{}
		for _, m := range full {
			if !m.Match {
				break
			}
			want = append(want, m)
		}
		parties := names.ParseAffiliations(q)
		if len(parties) != 1 {
			t.Fatalf("%q: %d parties", q, len(parties))
		}
		lead, err := ix.ScreenAffiliation(&parties[0], Options{Limit: 8, Threshold: 0.85, LeadingMatches: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(lead, want) {
			t.Errorf("%q: leading matches %s, want %s", q, summary(lead), summary(want))
		}
		same, err := ix.ScreenAffiliation(&parties[0], Options{Limit: 8, Threshold: 0.85})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(same, full) {
			t.Errorf("%q: ScreenAffiliation %s, Screen %s", q, summary(same), summary(full))
		}
	}
}

// TestMinScoreWithin checks that MinScore and Within spare only results
// the caller said it does not need: every result a full screen scores at
// least MinScore and within Within of its best is returned with the same
// score; others may be left out or scored lower, never higher.
func TestMinScoreWithin(t *testing.T) {
	ix := fixtureIndex(t)
	left := 0
	for _, q := range []string{
		"Harbin Institute of Technology", "Harbin Engineering Institute", "Beijing University of Technology",
		"Chongqing Medical University", "Harbin", "Beihang Univ, Beijing", "Harbin Chongqing Technology",
	} {
		full, err := ix.Screen(q, Options{Limit: 50, Threshold: 0.85})
		if err != nil {
			t.Fatal(err)
		}
		if len(full) < 2 {
			t.Fatalf("%q: %d results, want several to compare", q, len(full))
		}
		for _, opt := range []Options{{MinScore: 0.5}, {Within: 0.15}, {MinScore: 0.3, Within: 0.1}} {
			opt.Limit, opt.Threshold = 50, 0.85
			got, err := ix.Screen(q, opt)
			if err != nil {
				t.Fatal(err)
			}
			scores := map[string]float64{}
			for _, m := range got {
				scores[m.SourceID] = m.Score
			}
			for _, m := range full {
				s, ok := scores[m.SourceID]
				needed := m.Score >= opt.MinScore && (opt.Within == 0 || m.Score >= full[0].Score-opt.Within)
				switch {
				case needed && !ok:
					t.Errorf("%q %+v: %s (%v) left out; results %s", q, opt, m.SourceID, m.Score, summary(got))
				case ok && (s > m.Score || needed && s != m.Score):
					t.Errorf("%q %+v: %s scores %v, full screen %v", q, opt, m.SourceID, s, m.Score)
				}

			}
			if len(got) > len(full) {
				t.Errorf("%q %+v: %d results, more than the full screen's %d", q, opt, len(got), len(full))
			}
			for _, m := range full {
				if s, ok := scores[m.SourceID]; !ok || s != m.Score {
					left++
				}
			}
		}
	}
	if left == 0 {
		t.Error("no result was left out: the options did nothing")
	}
}

// TestExpansionCache checks that a cached expansion, by text for unknown
// words and by id for listed ones, is the one computed afresh.
func TestExpansionCache(t *testing.T) {
	ix := fixtureIndex(t)
	for _, w := range []string{"harbin", "insitute", "technol", "smyth", "zzzz", "technology"} {
		_, known := ix.vocab[w]
		tok := names.Token{Text: w}
		first, again, fresh := ix.tokInfoOf(tok), ix.tokInfoOf(tok), ix.expand(w)
		if first.exp != again.exp {
			t.Errorf("%q (known %v): second lookup did not come from the cache", w, known)
		}
		if !reflect.DeepEqual(first.exp, fresh) {
			t.Errorf("%q: cached %+v, fresh %+v", w, first.exp, fresh)
		}
		if known && first.id < 0 || !known && first.id >= 0 {
			t.Errorf("%q: id %d, known %v", w, first.id, known)
		}
	}
}

// TestConcurrentScreens checks that screens running at once, sharing the
// index's caches and pooled scratch, give what one at a time gives.
func TestConcurrentScreens(t *testing.T) {
	queries := []string{
		"Harbin Institute of Technology", "Harbin Inst Technol, Sch Astronaut, Harbin 150001, Peoples R China",
		"哈尔滨工业大学航天学院", "Harbin Insitute of Technology", "Beihang University (BUAA)", "John Smith",
		"Natl Univ Def Technol, Coll Comp, Changsha 410073, Hunan, Peoples R China", "Bejing Univ Chem Technol",
	}
	want := map[string][]Match{}
	seq := fixtureIndex(t)
	for _, q := range queries {
		ms, err := seq.Screen(q, Options{Limit: 8})
		if err != nil {
			t.Fatal(err)
		}
		want[q] = ms
	}
	ix := fixtureIndex(t) // fresh caches, filled concurrently
	errs := make(chan string, 64)
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func(g int) {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 50; i++ {
				q := queries[(g+i)%len(queries)]
				ms, err := ix.Screen(q, Options{Limit: 8})
				if err != nil || !reflect.DeepEqual(ms, want[q]) {
					select {
					case errs <- q:
					default:
					}
					return
				}
			}
		}(g)
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	close(errs)
	for q := range errs {
		t.Errorf("%q: concurrent screen differs from the sequential one", q)
	}
}

// TestRepeatedScreen checks that a screen of the same party right after
// another, which takes over the first one's candidates and scores, returns
// what it returns on a fresh index, for every order of option sets.
func TestRepeatedScreen(t *testing.T) {
	opts := []Options{
		{Limit: 8, Threshold: 0.85, LeadingMatches: true, TrustUniqueAcronyms: true},
		{Limit: 4, Threshold: 0.85, TrustUniqueAcronyms: true},
		{Limit: 8, Threshold: 0.85},
		{Limit: 2, Threshold: 0.5, Kind: watchlist.KindOrganization},
	}
	queries := []string{
		"Harbin Institute of Technology", "State Key Lab of Robotics and System, Harbin Institute of Technology, Harbin, China",
		"Beihang University (BUAA)", "HIT", "CETC", "Chongqing Medical University", "John Smith", "Harbin",
	}
	want := map[string][]Match{}
	for _, q := range queries {
		for oi, opt := range opts {
			parties := names.ParseAffiliations(q)
			if len(parties) == 0 {
				t.Fatalf("%q: no parties", q)
			}
			ms, err := fixtureIndex(t).ScreenAffiliation(&parties[0], opt)
			if err != nil {
				t.Fatal(err)
			}
			want[q+"\x00"+strconv.Itoa(oi)] = ms
		}
	}
	ix := fixtureIndex(t)
	for _, q := range queries {
		for _, first := range []int{0, 1, 2, 3} {
			for oi, opt := range opts {
				parties := names.ParseAffiliations(q)
				if _, err := ix.ScreenAffiliation(&parties[0], opts[first]); err != nil {
					t.Fatal(err)
				}
				got, err := ix.ScreenAffiliation(&parties[0], opt)
				if err != nil {
					t.Fatal(err)
				}
				if w := want[q+"\x00"+strconv.Itoa(oi)]; !reflect.DeepEqual(got, w) {
					t.Errorf("%q after options %d, options %d: %s, want %s", q, first, oi, summary(got), summary(w))
				}
			}
		}
	}
}

// TestNamePairs checks namePairs, which visits only the pairs its bit
// masks allow, against trying every query token with every name token, for
// queries of up to 64 tokens and longer ones (which have no bits).
func TestNamePairs(t *testing.T) {
	ix := fixtureIndex(t)
	long := "Harbin Institute of Technology School of Astronautics"
	for i := range 70 {
		long += fmt.Sprintf(" w%d", i)
	}
	queries := []string{
		"Harbin Inst Technol, Sch Astronaut, Harbin 150001, Peoples R China", "Harbin Insitute of Technology",
		"J Smith", "Muhammad AlRashid", "Natl Univ Def Technol", long,
	}
	want := func(v *variant, nr *nameRec, person bool) []pair {
		var out []pair
		for qi := range v.toks {
			a := v.toks[qi].text
			for nj, id := range nr.toks {
				b := ix.tokens[id]
				if s, ok := v.exp[qi].lookup(id); ok {
					if person && s.How != names.HowExact {
						s = names.PersonCompare(a, b)
					}
					if s.Sim > 0 {
						out = append(out, pair{qi, nj, s})
					}
					continue
				}
				if s, ok := leftoverPair(a, b); ok {
					out = append(out, pair{qi, nj, s})
				}
			}
		}
		return out
	}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	sawLong, found := false, 0
	for _, q := range queries {
		var vs []variant
		var ar variantArena
		for _, a := range names.ParseAffiliations(q) {
			vs = ix.partyVariants(vs, &a, "", &ar)
		}
		sc.bound.v = nil
		for vi := range vs {
			v := &vs[vi]
			sawLong = sawLong || len(v.toks) > 64
			for ni := range ix.names {
				nr := &ix.names[ni]
				for _, person := range []bool{false, true} {
					_, got := ix.namePairs(v, nr, person, sc)
					w := want(v, nr, person)
					if !slices.Equal(got, w) {
						t.Fatalf("%q vs %q (person %v): pairs %v, want %v", q, nr.value, person, got, w)
					}
					found += len(w)
				}
			}
		}
	}
	if !sawLong || found == 0 {
		t.Fatalf("long query read: %v; pairs found: %d", sawLong, found)
	}
}

// TestWordCache checks that a word's info from the scratch's cache is what
// looking it up gives, for more words than the cache has slots, seen again
// after others have taken their slots, with and without the legal mark.
func TestWordCache(t *testing.T) {
	ix := fixtureIndex(t)
	ar := variantArena{cache: new(wordCache)}
	var words []names.Token
	for i := range 600 {
		text := []string{"harbin", "institute", "technology", "inc", "x" + strconv.Itoa(i)}[i%5]
		words = append(words, names.Token{Text: text, Legal: i%7 == 0})
	}
	hits := 0
	for pass := range 3 {
		for i := range words {
			w := words[(i*7+pass)%len(words)]
			got, want := ar.lookUp(ix, w), ix.tokInfoOf(w)
			if got != want {
				t.Fatalf("%+v: cached %+v, looked up %+v", w, got, want)
			}
			if pass > 0 {
				hits++
			}
		}
	}
	if hits == 0 {
		t.Fatal("nothing looked up twice")
	}
}

// TestWalkPostings checks that candidate generation's postings hold the
// same names as the postings, each at its place in the accumulator, in
// ascending place, and that places number the names one to one.
func TestWalkPostings(t *testing.T) {
	ix := fixtureIndex(t)
	seen := make([]bool, len(ix.names))
	for _, p := range ix.accPlace {
		if int(p) >= len(seen) || seen[p] {
			t.Fatalf("place %d out of range or given twice", p)
		}
		seen[p] = true
	}
	for tok, ps := range ix.postings {
		w := ix.walkList(uint32(tok))
		if g := ix.genTok[tok]; g.idf != ix.idf[tok] || int(g.df) != len(ps) {
			t.Errorf("token %q: genTok %+v, idf %v, %d names", ix.tokens[tok], g, ix.idf[tok], len(ps))
		}
		if len(w) != len(ps) {
			t.Fatalf("token %q: %d walk entries for %d postings", ix.tokens[tok], len(w), len(ps))
		}
		var names []uint32
		for i, e := range w {
			if e.place != ix.accPlace[e.name] {
				t.Errorf("token %q: name %d at place %d, want %d", ix.tokens[tok], e.name, e.place, ix.accPlace[e.name])
			}
			if i > 0 && w[i-1].place >= e.place {
				t.Errorf("token %q: places not ascending at %d", ix.tokens[tok], i)
			}
			names = append(names, e.name)
		}
		slices.Sort(names)
		if !slices.Equal(names, ps) {
			t.Errorf("token %q: walk names %v, postings %v", ix.tokens[tok], names, ps)
		}
	}
	// Names that share their first token in the order (the most common
	// that may open candidates, ties by lower id) take consecutive places.
	limit := ix.genLimit()
	before := func(a, b uint32) bool {
		da, db := len(ix.postings[a]), len(ix.postings[b])
		if ca, cb := da > limit, db > limit; ca != cb {
			return cb
		}
		return da > db || da == db && a < b
	}
	groups := map[uint32][]uint32{}
	for nid := range ix.names {
		first := ix.names[nid].toks[0]
		for _, tok := range ix.names[nid].toks {
			if before(tok, first) {
				first = tok
			}
		}
		groups[first] = append(groups[first], ix.accPlace[nid])
	}
	multi := 0
	for tok, places := range groups {
		slices.Sort(places)
		if int(places[len(places)-1]-places[0]) != len(places)-1 {
			t.Errorf("names whose first token is %q at places %v, want consecutive", ix.tokens[tok], places)
		}
		if len(places) > 1 {
			multi++
		}
	}
	if multi == 0 {
		t.Error("no two names share their first token: the fixture no longer tests the order")
	}
}

// TestIntersectTokens checks that tokens too common to open candidates
// are intersected through their bit sets as their postings would be.
func TestIntersectTokens(t *testing.T) {
	b := NewBuilder()
	b.SetOpenCap(1)
	cn := []string{"cn"}
	ents := []watchlist.Entity{
		org("u1", cn, "Harbin Institute of Technology", "Harbin University"),
		org("u2", cn, "National University of Defense Technology"),
		org("u3", cn, "Beihang University", "Beijing University of Aeronautics and Astronautics"),
		org("u4", cn, "Beijing University of Chemical Technology", "Beijing Institute of Technology"),
	}
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	if len(ix.commonBits) < 3 {
		t.Fatalf("%d tokens with bit sets, want at least 3", len(ix.commonBits))
	}
	for a := range ix.tokens {
		for c := range ix.tokens {
			var got, want []uint32
			ix.intersectTokens(uint32(a), uint32(c), func(x uint32) { got = append(got, x) })
			intersect(ix.postings[a], ix.postings[c], func(x uint32) { want = append(want, x) })
			if !slices.Equal(got, want) {
				t.Errorf("%q and %q: %v, want %v", ix.tokens[a], ix.tokens[c], got, want)
			}
		}
	}
}
