// Package storetest is the conformance suite every store backend must pass,
// so that SQLite and PostgreSQL behave the same. A backend's test calls
// Run with a function that opens a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Run runs the conformance suite. open must return a new, empty store for
// the given (sub)test; Run closes it when that test ends, so open must not.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"ImportAndRead", testImportAndRead},
		{"ReimportSameHash", testReimportSameHash},
		{"NewVersionActivates", testNewVersionActivates},
		{"ListsSortedByName", testListsSortedByName},
		{"Diff", testDiff},
		{"DiffErrors", testDiffErrors},
		{"EntityLookup", testEntityLookup},
		{"RemoveList", testRemoveList},
		{"FailedImportLeavesOldActive", testFailedImport},
		{"ReadersDuringImportSeeOldVersion", testReadersDuringImport},
		{"ConcurrentImportsOfOneList", testConcurrentImports},
		{"UnicodeRoundTrip", testUnicode},
		{"EntityCountMatches", testEntityCount},
		{"ActiveEntities", testActiveEntities},
		{"DerivedContentHash", testDerivedContentHash},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// t0 is the fixed import time of the fixtures; it has sub-microsecond
// digits so the suite checks the documented truncation.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)

func fixture() []watchlist.Entity {
	return []watchlist.Entity{
		{
			SourceID: "E-100",
			Kind:     watchlist.KindOrganization,
			Names: []watchlist.Name{
				{Value: "Northern Institute of Precision Optics", Kind: watchlist.NamePrimary},
				{Value: "NIPO", Kind: watchlist.NameAcronym},
			},
			Countries:   []string{"cn"},
			Addresses:   []watchlist.Address{{Text: "12 Lake Road", City: "Harbin", Country: "cn"}},
			Identifiers: []watchlist.Identifier{{Scheme: "uscc", Value: "91230100000000001X"}},
			Memberships: []watchlist.Membership{{List: "Entity List", Program: "EL", Reason: "invented", ListedOn: "2021-06-03"}},
			Attributes:  map[string][]string{"topics": {"export.control"}},
		},
		{
			SourceID:  "E-200",
			Kind:      watchlist.KindOrganization,
			Names:     []watchlist.Name{{Value: "Eastern Radar Design Bureau", Kind: watchlist.NamePrimary}},
			Countries: []string{"ru"},
			Relations: []watchlist.Relation{{Type: watchlist.RelParent, Target: "E-100", Role: "supervising body"}},
		},
		{
			SourceID: "E-300",
			Kind:     watchlist.KindPerson,
			Names:    []watchlist.Name{{Value: "Ivan Petrov", Kind: watchlist.NamePrimary}},
			Remarks:  []string{"invented person"},
		},
	}
}

func imp(list, hash string, es []watchlist.Entity) store.ListImport {
	return store.ListImport{List: list, Format: "test-json", Source: "fixtures/" + list + ".json", ContentHash: hash, Entities: es, Now: t0}
}

func mustImport(t *testing.T, s store.Store, in store.ListImport) watchlist.Version {
	t.Helper()
	v, created, err := s.ImportList(context.Background(), in)
	if err != nil {
		t.Fatalf("ImportList(%s, %s): %v", in.List, in.ContentHash, err)
	}
	if !created {
		t.Fatalf("ImportList(%s, %s): created = false, want true", in.List, in.ContentHash)
	}
	return v
}

func sortedByID(es []watchlist.Entity) []watchlist.Entity {
	out := slices.Clone(es)
	sort.Slice(out, func(i, j int) bool { return out[i].SourceID < out[j].SourceID })
	return out
}

func equalEntities(t *testing.T, what string, got, want []watchlist.Entity) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d entities, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("%s: entity %d\n got %+v\nwant %+v", what, i, got[i], want[i])
		}
	}
}

func mustEntities(t *testing.T, s store.Store, list string, version int) []watchlist.Entity {
	t.Helper()
	es, err := s.Entities(context.Background(), list, version)
	if err != nil {
		t.Fatalf("Entities(%s, %d): %v", list, version, err)
	}
	return es
}

func mustLists(t *testing.T, s store.Store) []watchlist.Version {
	t.Helper()
	vs, err := s.Lists(context.Background())
	if err != nil {
		t.Fatalf("Lists: %v", err)
	}
	return vs
}

func mustVersions(t *testing.T, s store.Store, list string) []watchlist.Version {
	t.Helper()
	vs, err := s.Versions(context.Background(), list)
	if err != nil {
		t.Fatalf("Versions(%s): %v", list, err)
	}
	return vs
}

func sameVersion(t *testing.T, what string, got, want watchlist.Version) {
	t.Helper()
	if !got.ImportedAt.Equal(want.ImportedAt) {
		t.Fatalf("%s: imported at %v, want %v", what, got.ImportedAt, want.ImportedAt)
	}
	got.ImportedAt, want.ImportedAt = time.Time{}, time.Time{}
	if got != want {
		t.Fatalf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func testImportAndRead(t *testing.T, s store.Store) {
	ctx := context.Background()
	v := mustImport(t, s, imp("alpha", "h1", fixture()))
	want := watchlist.Version{ID: v.ID, List: "alpha", Number: 1, Format: "test-json", Source: "fixtures/alpha.json",
		ContentHash: "h1", ImportedAt: t0.Truncate(time.Microsecond), EntityCount: 3, Active: true}
	if v.ID <= 0 {
		t.Fatalf("version id %d, want > 0", v.ID)
	}
	sameVersion(t, "ImportList result", v, want)
	lists := mustLists(t, s)
	if len(lists) != 1 {
		t.Fatalf("Lists: %d lists, want 1", len(lists))
	}
	sameVersion(t, "Lists[0]", lists[0], want)
	if lists[0].ImportedAt.Location() != time.UTC {
		t.Errorf("Lists[0].ImportedAt location %v, want UTC", lists[0].ImportedAt.Location())
	}
	vs := mustVersions(t, s, "alpha")
	if len(vs) != 1 {
		t.Fatalf("Versions: %d, want 1", len(vs))
	}
	sameVersion(t, "Versions[0]", vs[0], want)
	equalEntities(t, "Entities(alpha, 1)", mustEntities(t, s, "alpha", 1), sortedByID(fixture()))
	equalEntities(t, "Entities(alpha, 0)", mustEntities(t, s, "alpha", 0), sortedByID(fixture()))
	if _, err := s.Entities(ctx, "alpha", 2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entities(alpha, 2): err %v, want ErrNotFound", err)
	}
	if _, err := s.Entities(ctx, "beta", 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entities(beta, 0): err %v, want ErrNotFound", err)
	}
	if _, err := s.Versions(ctx, "beta"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Versions(beta): err %v, want ErrNotFound", err)
	}
}

func testReimportSameHash(t *testing.T, s store.Store) {
	v1 := mustImport(t, s, imp("alpha", "h1", fixture()))
	in := imp("alpha", "h1", fixture()[:1])
	in.Now = t0.Add(time.Hour)
	v, created, err := s.ImportList(context.Background(), in)
	if err != nil {
		t.Fatalf("re-import: %v", err)
	}
	if created {
		t.Fatalf("re-import of the active hash created a version: %+v", v)
	}
	sameVersion(t, "re-import result", v, v1)
	if vs := mustVersions(t, s, "alpha"); len(vs) != 1 {
		t.Fatalf("Versions after re-import: %d, want 1", len(vs))
	}
	equalEntities(t, "entities after re-import", mustEntities(t, s, "alpha", 0), sortedByID(fixture()))
}

func changedFixture() []watchlist.Entity {
	es := fixture()
	es[1].Names[0].Value = "Eastern Radar and Sonar Design Bureau" // E-200 changed
	es = append(es[1:], watchlist.Entity{                          // E-100 removed
		SourceID: "E-400",
		Kind:     watchlist.KindVessel,
		Names:    []watchlist.Name{{Value: "Ocean Trader 7", Kind: watchlist.NamePrimary}},
	})
	return es
}

func testNewVersionActivates(t *testing.T, s store.Store) {
	v1 := mustImport(t, s, imp("alpha", "h1", fixture()))
	in := imp("alpha", "h2", changedFixture())
	in.Now = t0.Add(24 * time.Hour)
	v2 := mustImport(t, s, in)
	if v2.Number != 2 || !v2.Active || v2.ID == v1.ID || v2.EntityCount != 3 {
		t.Fatalf("second version %+v, want number 2, active, new id, 3 entities", v2)
	}
	lists := mustLists(t, s)
	if len(lists) != 1 {
		t.Fatalf("Lists: %d, want 1", len(lists))
	}
	sameVersion(t, "active after second import", lists[0], v2)
	vs := mustVersions(t, s, "alpha")
	v1.Active = false
	if len(vs) != 2 {
		t.Fatalf("Versions: %d, want 2", len(vs))
	}
	sameVersion(t, "Versions[0]", vs[0], v1)
	sameVersion(t, "Versions[1]", vs[1], v2)
	equalEntities(t, "old version stays immutable", mustEntities(t, s, "alpha", 1), sortedByID(fixture()))
	equalEntities(t, "active version", mustEntities(t, s, "alpha", 0), sortedByID(changedFixture()))

	// Going back to the first content is a new version: only the active
	// hash is deduplicated.
	in = imp("alpha", "h1", fixture())
	v3 := mustImport(t, s, in)
	if v3.Number != 3 {
		t.Fatalf("re-import of an older hash: number %d, want 3", v3.Number)
	}
	equalEntities(t, "third version", mustEntities(t, s, "alpha", 0), sortedByID(fixture()))
}

func testListsSortedByName(t *testing.T, s store.Store) {
	for _, name := range []string{"zeta", "alpha", "Mid", "mid"} {
		mustImport(t, s, imp(name, "h-"+name, fixture()))
	}
	var got []string
	for _, v := range mustLists(t, s) {
		if !v.Active || v.Number != 1 {
			t.Errorf("Lists entry %+v: want active version 1", v)
		}
		got = append(got, v.List)
	}
	if want := []string{"Mid", "alpha", "mid", "zeta"}; !slices.Equal(got, want) {
		t.Fatalf("Lists order %v, want %v (byte order)", got, want)
	}
}

func testDiff(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustImport(t, s, imp("alpha", "h1", fixture()))
	mustImport(t, s, imp("alpha", "h2", changedFixture()))
	want := watchlist.Diff{
		From:    1,
		To:      2,
		Added:   []watchlist.Change{{SourceID: "E-400", Name: "Ocean Trader 7"}},
		Removed: []watchlist.Change{{SourceID: "E-100", Name: "Northern Institute of Precision Optics"}},
		Changed: []watchlist.Change{{SourceID: "E-200", Name: "Eastern Radar and Sonar Design Bureau", Fields: []string{"names"}}},
	}
	for _, tc := range []struct{ from, to int }{{0, 0}, {1, 2}, {0, 2}, {1, 0}} {
		d, err := s.Diff(ctx, "alpha", tc.from, tc.to)
		if err != nil {
			t.Fatalf("Diff(%d, %d): %v", tc.from, tc.to, err)
		}
		if !reflect.DeepEqual(d, want) {
			t.Fatalf("Diff(%d, %d):\n got %+v\nwant %+v", tc.from, tc.to, d, want)
		}
	}
	back, err := s.Diff(ctx, "alpha", 2, 1)
	if err != nil {
		t.Fatalf("Diff(2, 1): %v", err)
	}
	if back.From != 2 || back.To != 1 || len(back.Added) != 1 || back.Added[0].SourceID != "E-100" ||
		len(back.Removed) != 1 || back.Removed[0].SourceID != "E-400" || len(back.Changed) != 1 {
		t.Fatalf("Diff(2, 1) = %+v, want the reverse of Diff(1, 2)", back)
	}
	first, err := s.Diff(ctx, "alpha", 0, 1)
	if err != nil {
		t.Fatalf("Diff(0, 1): %v", err)
	}
	if first.From != 0 || first.To != 1 || len(first.Added) != 3 || len(first.Removed) != 0 || len(first.Changed) != 0 {
		t.Fatalf("Diff(0, 1) = %+v, want everything added against an empty list", first)
	}
}

func testDiffErrors(t *testing.T, s store.Store) {
	mustImport(t, s, imp("alpha", "h1", fixture()))
	for _, tc := range []struct {
		list     string
		from, to int
	}{{"beta", 0, 0}, {"alpha", 0, 5}, {"alpha", 7, 1}} {
		if _, err := s.Diff(context.Background(), tc.list, tc.from, tc.to); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Diff(%s, %d, %d): err %v, want ErrNotFound", tc.list, tc.from, tc.to, err)
		}
	}
}

func testEntityLookup(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustImport(t, s, imp("alpha", "h1", fixture()))
	v2 := mustImport(t, s, imp("alpha", "h2", changedFixture()))
	e, v, err := s.Entity(ctx, "alpha", "E-200")
	if err != nil {
		t.Fatalf("Entity(E-200): %v", err)
	}
	if !reflect.DeepEqual(e, changedFixture()[0]) {
		t.Fatalf("Entity(E-200) = %+v, want the active version's record", e)
	}
	sameVersion(t, "Entity(E-200) version", v, v2)
	for _, tc := range []struct{ list, id string }{{"alpha", "E-100"}, {"alpha", "e-200"}, {"beta", "E-200"}, {"alpha", ""}} {
		if _, _, err := s.Entity(ctx, tc.list, tc.id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Entity(%q, %q): err %v, want ErrNotFound", tc.list, tc.id, err)
		}
	}
}

func testRemoveList(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustImport(t, s, imp("alpha", "h1", fixture()))
	mustImport(t, s, imp("alpha", "h2", changedFixture()))
	keep := mustImport(t, s, imp("beta", "h1", fixture()))
	if err := s.RemoveList(ctx, "alpha"); err != nil {
		t.Fatalf("RemoveList(alpha): %v", err)
	}
	lists := mustLists(t, s)
	if len(lists) != 1 {
		t.Fatalf("Lists after remove: %d, want 1", len(lists))
	}
	sameVersion(t, "remaining list", lists[0], keep)
	equalEntities(t, "remaining list entities", mustEntities(t, s, "beta", 0), sortedByID(fixture()))
	if _, err := s.Versions(ctx, "alpha"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Versions after remove: err %v, want ErrNotFound", err)
	}
	if _, err := s.Entities(ctx, "alpha", 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entities(alpha, 1) after remove: err %v, want ErrNotFound", err)
	}
	if _, _, err := s.Entity(ctx, "alpha", "E-200"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entity after remove: err %v, want ErrNotFound", err)
	}
	if err := s.RemoveList(ctx, "alpha"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second RemoveList: err %v, want ErrNotFound", err)
	}
	v := mustImport(t, s, imp("alpha", "h2", changedFixture()))
	if v.Number != 1 {
		t.Errorf("re-created list starts at version %d, want 1", v.Number)
	}
	equalEntities(t, "re-created list", mustEntities(t, s, "alpha", 0), sortedByID(changedFixture()))
}

// checkUnchanged asserts that list still has exactly its first version,
// active, with the given entities.
func checkUnchanged(t *testing.T, s store.Store, what string, v1 watchlist.Version, es []watchlist.Entity) {
	t.Helper()
	lists := mustLists(t, s)
	if len(lists) != 1 {
		t.Fatalf("%s: %d lists, want 1", what, len(lists))
	}
	sameVersion(t, what+": active version", lists[0], v1)
	if vs := mustVersions(t, s, v1.List); len(vs) != 1 {
		t.Fatalf("%s: %d versions, want 1", what, len(vs))
	}
	equalEntities(t, what+": entities", mustEntities(t, s, v1.List, 0), sortedByID(es))
}

func testFailedImport(t *testing.T, s store.Store) {
	v1 := mustImport(t, s, imp("alpha", "h1", fixture()))
	dup := changedFixture()
	dup[2].SourceID = dup[0].SourceID
	noID := changedFixture()
	noID[1].SourceID = ""
	badUTF8 := changedFixture()
	badUTF8[0].Names[0].Value = "Bad \xff name"
	nulID := changedFixture()
	nulID[0].SourceID = "E\x00200"
	big := Synthetic(2*store.ProgressInterval+5, 3)

	tests := []struct {
		name    string
		in      store.ListImport
		cancel  func(written int) bool // cancel the context when this says so
		wantErr error
	}{
		{name: "duplicate source id", in: imp("alpha", "h2", dup), wantErr: store.ErrInvalid},
		{name: "empty source id", in: imp("alpha", "h2", noID), wantErr: store.ErrInvalid},
		{name: "invalid UTF-8 name", in: imp("alpha", "h2", badUTF8), wantErr: store.ErrInvalid},
		{name: "NUL in source id", in: imp("alpha", "h2", nulID), wantErr: store.ErrInvalid},
		{name: "no entities", in: imp("alpha", "h2", nil), wantErr: store.ErrInvalid},
		{name: "cancelled mid-way", in: imp("alpha", "h2", big), cancel: func(n int) bool { return n < len(big) }, wantErr: context.Canceled},
		{name: "cancelled before commit", in: imp("alpha", "h2", big), cancel: func(n int) bool { return n == len(big) }, wantErr: context.Canceled},
		{name: "cancelled before start", in: imp("alpha", "h2", changedFixture()), cancel: func(int) bool { return true }, wantErr: context.Canceled},
	}
	for _, tc := range tests {
		ctx, cancel := context.WithCancel(context.Background())
		called := false
		if tc.cancel != nil {
			if tc.name == "cancelled before start" {
				cancel()
			}
			tc.in.Progress = func(n int) {
				called = true
				if tc.cancel(n) {
					cancel()
				}
			}
		}
		v, created, err := s.ImportList(ctx, tc.in)
		cancel()
		if !errors.Is(err, tc.wantErr) {
			t.Fatalf("%s: ImportList = %+v, %v, %v; want error %v", tc.name, v, created, err, tc.wantErr)
		}
		if tc.cancel != nil && tc.name != "cancelled before start" && !called {
			t.Fatalf("%s: Progress never called, so the import was not cancelled mid-way", tc.name)
		}
		checkUnchanged(t, s, tc.name, v1, fixture())
	}
	// The failed attempts left no trace: the next good import is version 2.
	v2 := mustImport(t, s, imp("alpha", "h2", changedFixture()))
	if v2.Number != 2 {
		t.Fatalf("import after failures: number %d, want 2", v2.Number)
	}
}

func testReadersDuringImport(t *testing.T, s store.Store) {
	ctx := context.Background()
	v1 := mustImport(t, s, imp("alpha", "h1", fixture()))
	in := imp("alpha", "h2", changedFixture())
	inTx := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	in.Progress = func(int) {
		once.Do(func() {
			close(inTx)
			<-release
		})
	}
	type result struct {
		v   watchlist.Version
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, _, err := s.ImportList(ctx, in)
		done <- result{v, err}
	}()
	select {
	case <-inTx:
	case r := <-done:
		t.Fatalf("import finished without reporting progress: %+v, %v", r.v, r.err)
	}
	func() {
		defer close(release)
		// The import's transaction is open with every row written: readers
		// must still see version 1 and nothing of version 2.
		checkUnchanged(t, s, "during import", v1, fixture())
		e, v, err := s.Entity(ctx, "alpha", "E-100")
		if err != nil || v.Number != 1 || e.SourceID != "E-100" {
			t.Errorf("Entity(E-100) during import = %v, %+v, %v; want version 1's record", e.SourceID, v, err)
		}
		if _, _, err := s.Entity(ctx, "alpha", "E-400"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Entity(E-400) during import: err %v, want ErrNotFound", err)
		}
		n := 0
		if err := s.ActiveEntities(ctx, func(list string, v watchlist.Version, e watchlist.Entity) error {
			if v.Number != 1 {
				return fmt.Errorf("entity %s from version %d", e.SourceID, v.Number)
			}
			n++
			return nil
		}); err != nil || n != 3 {
			t.Errorf("ActiveEntities during import: %d entities, err %v; want version 1's 3", n, err)
		}
	}()
	r := <-done
	if r.err != nil {
		t.Fatalf("import: %v", r.err)
	}
	lists := mustLists(t, s)
	if len(lists) != 1 || lists[0].Number != 2 {
		t.Fatalf("after commit Lists = %+v, want version 2 active", lists)
	}
}

func testConcurrentImports(t *testing.T, s store.Store) {
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	nums := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _, err := s.ImportList(context.Background(), imp("alpha", fmt.Sprintf("h%d", i), Synthetic(500, uint64(i))))
			errs[i], nums[i] = err, v.Number
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("concurrent import %d: %v", i, err)
		}
	}
	slices.Sort(nums)
	if !slices.Equal(nums, []int{1, 2, 3, 4}) {
		t.Fatalf("concurrent imports got version numbers %v, want 1..4", nums)
	}
	vs := mustVersions(t, s, "alpha")
	active := 0
	for _, v := range vs {
		if v.Active {
			active++
			if v.Number != 4 {
				t.Errorf("active version %d, want the last committed (4)", v.Number)
			}
		}
		if got := len(mustEntities(t, s, "alpha", v.Number)); got != 500 {
			t.Errorf("version %d has %d entities, want 500", v.Number, got)
		}
	}
	if active != 1 {
		t.Fatalf("%d active versions, want 1", active)
	}
}

func testUnicode(t *testing.T, s store.Store) {
	es := []watchlist.Entity{
		{
			SourceID: "中-1",
			Kind:     watchlist.KindOrganization,
			Names: []watchlist.Name{
				{Value: "哈尔滨某某研究所", Lang: "zh", Kind: watchlist.NamePrimary},
				{Value: "哈爾濱某某研究所", Lang: "zh-Hant", Kind: watchlist.NameAlias},
				{Value: "ＦＵＬＬ　ＷＩＤＴＨ　Ｃｏ．", Kind: watchlist.NameAlias},
			},
			Addresses: []watchlist.Address{{Text: "南岗区西大直街 92 号", City: "哈尔滨", Country: "cn"}},
		},
		{
			SourceID: "ع-2",
			Kind:     watchlist.KindPerson,
			Names: []watchlist.Name{
				{Value: "محمد رضا کریمی", Lang: "fa", Kind: watchlist.NamePrimary},
				{Value: "Мухаммед Карими", Lang: "ru", Kind: watchlist.NameAlias},
			},
			Remarks: []string{"a NUL \x00 inside free text, quotes \" ' and a backslash \\", "emoji 🚢 and combining e\u0301"},
		},
		{
			SourceID:   "Ü-3 ",
			Kind:       watchlist.KindOther,
			Names:      []watchlist.Name{{Value: "Société Générale d'Études Ñandú", Kind: watchlist.NamePrimary}},
			Attributes: map[string][]string{"別名": {"𠀀𠀁", ""}},
		},
	}
	mustImport(t, s, imp("ユニコード", "h1", es))
	equalEntities(t, "unicode entities", mustEntities(t, s, "ユニコード", 0), sortedByID(es))
	for _, want := range es {
		got, _, err := s.Entity(context.Background(), "ユニコード", want.SourceID)
		if err != nil {
			t.Fatalf("Entity(%q): %v", want.SourceID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Entity(%q)\n got %+v\nwant %+v", want.SourceID, got, want)
		}
	}
	if l := mustLists(t, s); len(l) != 1 || l[0].List != "ユニコード" {
		t.Fatalf("Lists = %+v, want the unicode-named list", l)
	}
}

func testEntityCount(t *testing.T, s store.Store) {
	const n = 2*store.ProgressInterval + 123
	es := Synthetic(n, 1)
	var calls []int
	in := imp("big", "h1", es)
	in.Progress = func(w int) { calls = append(calls, w) }
	v := mustImport(t, s, in)
	if v.EntityCount != n {
		t.Fatalf("EntityCount %d, want %d", v.EntityCount, n)
	}
	// Two calls in between, at or a batch past each interval, then n.
	if len(calls) != 3 || calls[2] != n ||
		calls[0] < store.ProgressInterval || calls[0] >= 2*store.ProgressInterval ||
		calls[1] < 2*store.ProgressInterval || calls[1] >= n {
		t.Fatalf("Progress calls %v, want about every %d entities and then %d", calls, store.ProgressInterval, n)
	}
	got := mustEntities(t, s, "big", 1)
	if len(got) != n {
		t.Fatalf("Entities: %d, want %d", len(got), n)
	}
	equalEntities(t, "synthetic entities", got, sortedByID(es))
	if l := mustLists(t, s); l[0].EntityCount != n {
		t.Fatalf("Lists EntityCount %d, want %d", l[0].EntityCount, n)
	}
}

func testActiveEntities(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustImport(t, s, imp("zeta", "h1", fixture()))
	mustImport(t, s, imp("alpha", "h1", fixture()))
	mustImport(t, s, imp("alpha", "h2", changedFixture()))
	type item struct {
		list    string
		version int
		id      string
	}
	var got []item
	err := s.ActiveEntities(ctx, func(list string, v watchlist.Version, e watchlist.Entity) error {
		if list != v.List || !v.Active || v.EntityCount != 3 {
			return fmt.Errorf("entity %s: inconsistent version %+v for list %s", e.SourceID, v, list)
		}
		got = append(got, item{list, v.Number, e.SourceID})
		return nil
	})
	if err != nil {
		t.Fatalf("ActiveEntities: %v", err)
	}
	want := []item{
		{"alpha", 2, "E-200"}, {"alpha", 2, "E-300"}, {"alpha", 2, "E-400"},
		{"zeta", 1, "E-100"}, {"zeta", 1, "E-200"}, {"zeta", 1, "E-300"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("ActiveEntities visited\n %v\nwant %v", got, want)
	}
	stop := errors.New("stop here")
	calls := 0
	err = s.ActiveEntities(ctx, func(string, watchlist.Version, watchlist.Entity) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("ActiveEntities with failing fn: err %v after %d calls, want the fn's error after 1", err, calls)
	}
}

func testDerivedContentHash(t *testing.T, s store.Store) {
	v1 := mustImport(t, s, imp("alpha", "", fixture()))
	if v1.ContentHash == "" {
		t.Fatal("empty ContentHash was stored as empty, want a derived hash")
	}
	v, created, err := s.ImportList(context.Background(), imp("alpha", "", fixture()))
	if err != nil || created || v.Number != 1 {
		t.Fatalf("re-import of the same entities without a hash = %+v, %v, %v; want version 1, not created", v, created, err)
	}
	v2 := mustImport(t, s, imp("alpha", "", changedFixture()))
	if v2.ContentHash == v1.ContentHash {
		t.Fatal("different entities derived the same content hash")
	}
}
