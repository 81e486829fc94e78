package storetest

import (
	"context"
	"errors"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/store"
)

// RunRegistry runs the conformance suite of store.Registry. open must
// return a new, empty store for the given (sub)test that implements
// store.Registry; RunRegistry closes it when that test ends.
func RunRegistry(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, r store.Registry)
	}{
		{"Empty", testRegistryEmpty},
		{"ImportAndRead", testRegistryImportAndRead},
		{"ReimportSameHash", testRegistryReimportSameHash},
		{"DerivedContentHash", testRegistryDerivedHash},
		{"NewVersionActivates", testRegistryNewVersion},
		{"FailedImportLeavesOldActive", testRegistryFailedImport},
		{"ReadersDuringImportSeeOldVersion", testRegistryReadersDuringImport},
		{"ConcurrentImports", testRegistryConcurrentImports},
		{"StreamingImportAndProgress", testRegistryStreaming},
		{"UnicodeRoundTrip", testRegistryUnicode},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			r, err := store.RegistryOf(s)
			if err != nil {
				t.Fatal(err)
			}
			tc.fn(t, r)
		})
	}
}

// orgFixture is a small invented registry: a university, one of its
// schools, a predecessor that is inactive, and a withdrawn record.
func orgFixture() []registry.Org {
	return []registry.Org{
		{
			ID: "https://ror.org/03xk7pq21",
			Names: []registry.Name{
				{Value: "Songbei University of Technology", Types: []string{"ror_display", "label"}, Lang: "en"},
				{Value: "松北理工大学", Types: []string{"label"}, Lang: "zh"},
				{Value: "SBUT", Types: []string{"acronym"}},
			},
			Country: "cn", CountryName: "China", City: "Harbin",
			Types: []string{"education"}, Status: "active",
			Relationships: []registry.Relationship{
				{Type: "child", ID: "https://ror.org/04m2vdh58", Label: "Songbei University of Technology School of Astronautics"},
				{Type: "predecessor", ID: "https://ror.org/00rh3kb19", Label: "Northern Radar Institute"},
			},
			Established: 1952,
			Domains:     []string{"sbut.edu.cn"},
			Links:       []string{"https://www.sbut.edu.cn"},
			ExternalIDs: []registry.ExternalID{{Type: "grid", All: []string{"grid.990001.a"}, Preferred: "grid.990001.a"}},
		},
		{
			ID:      "https://ror.org/04m2vdh58",
			Names:   []registry.Name{{Value: "Songbei University of Technology School of Astronautics", Types: []string{"ror_display", "label"}, Lang: "en"}},
			Country: "cn", CountryName: "China", City: "Harbin", Status: "active",
			Relationships: []registry.Relationship{{Type: "parent", ID: "https://ror.org/03xk7pq21", Label: "Songbei University of Technology"}},
		},
		{
			ID:            "https://ror.org/00rh3kb19",
			Names:         []registry.Name{{Value: "Northern Radar Institute", Types: []string{"ror_display"}, Lang: "en"}},
			Country:       "cn",
			Status:        "inactive",
			Relationships: []registry.Relationship{{Type: "successor", ID: "https://ror.org/03xk7pq21"}},
		},
		{
			ID:     "https://ror.org/02zzp6y44",
			Names:  []registry.Name{{Value: "Doppelter Eintrag für Präzisionsoptik", Types: []string{"ror_display"}, Lang: "de"}},
			Status: "withdrawn",
		},
	}
}

// orgsOf streams a slice as RegistryImport.Orgs does.
func orgsOf(os []registry.Org) func(yield func(registry.Org) error) (rordump.Info, error) {
	return func(yield func(registry.Org) error) (rordump.Info, error) {
		for _, o := range os {
			if err := yield(o); err != nil {
				return rordump.Info{}, err
			}
		}
		return rordump.Info{Records: len(os)}, nil
	}
}

func regImport(hash string, os []registry.Org) store.RegistryImport {
	in := store.RegistryImport{Source: "fixtures/ror.json", ContentHash: hash, Orgs: orgsOf(os), Now: t0}
	orgs := in.Orgs
	in.Orgs = func(yield func(registry.Org) error) (rordump.Info, error) {
		info, err := orgs(yield)
		info.SchemaVersion = "2.1"
		return info, err
	}
	return in
}

func mustImportRegistry(t *testing.T, r store.Registry, in store.RegistryImport) registry.Version {
	t.Helper()
	v, created, err := r.ImportRegistry(context.Background(), in)
	if err != nil {
		t.Fatalf("ImportRegistry(%s): %v", in.ContentHash, err)
	}
	if !created {
		t.Fatalf("ImportRegistry(%s): created = false, want true", in.ContentHash)
	}
	return v
}

func activeOrgs(t *testing.T, r store.Registry) ([]registry.Org, registry.Version) {
	t.Helper()
	var out []registry.Org
	v, err := r.ActiveOrgs(context.Background(), func(o registry.Org) error { out = append(out, o); return nil })
	if err != nil {
		t.Fatalf("ActiveOrgs: %v", err)
	}
	return out, v
}

func sortedOrgs(os []registry.Org) []registry.Org {
	out := slices.Clone(os)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func equalOrgs(t *testing.T, what string, got, want []registry.Org) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d organisations, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("%s: organisation %d\n got %+v\nwant %+v", what, i, got[i], want[i])
		}
	}
}

func registryVersions(t *testing.T, r store.Registry) []registry.Version {
	t.Helper()
	vs, err := r.RegistryVersions(context.Background())
	if err != nil {
		t.Fatalf("RegistryVersions: %v", err)
	}
	return vs
}

func testRegistryEmpty(t *testing.T, r store.Registry) {
	ctx := context.Background()
	if vs := registryVersions(t, r); len(vs) != 0 {
		t.Errorf("versions of an empty store: %+v", vs)
	}
	if _, err := r.Org(ctx, "03xk7pq21"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Org on an empty store: %v, want ErrNotFound", err)
	}
	called := false
	if _, err := r.ActiveOrgs(ctx, func(registry.Org) error { called = true; return nil }); !errors.Is(err, store.ErrNotFound) || called {
		t.Errorf("ActiveOrgs on an empty store: %v (called %v), want ErrNotFound", err, called)
	}
	if _, err := r.Org(ctx, "not-an-id"); !errors.Is(err, registry.ErrBadID) {
		t.Errorf("Org(not-an-id): %v, want ErrBadID", err)
	}
}

func testRegistryImportAndRead(t *testing.T, r store.Registry) {
	ctx := context.Background()
	orgs := orgFixture()
	v := mustImportRegistry(t, r, regImport("h1", orgs))
	if v.Number != 1 || !v.Active || v.OrgCount != len(orgs) || v.ContentHash != "h1" || v.SchemaVersion != "2.1" ||
		v.Source != "fixtures/ror.json" || !v.ImportedAt.Equal(t0.Truncate(1000)) || v.ID == 0 {
		t.Fatalf("version %+v", v)
	}
	vs := registryVersions(t, r)
	if len(vs) != 1 || !reflect.DeepEqual(vs[0], v) {
		t.Fatalf("versions %+v, want [%+v]", vs, v)
	}
	got, av := activeOrgs(t, r)
	equalOrgs(t, "ActiveOrgs", got, sortedOrgs(orgs))
	if !reflect.DeepEqual(av, v) {
		t.Errorf("ActiveOrgs version %+v, want %+v", av, v)
	}
	for _, id := range []string{"https://ror.org/03xk7pq21", "http://ror.org/03xk7pq21", "ror.org/03xk7pq21", "03XK7PQ21"} {
		o, err := r.Org(ctx, id)
		if err != nil {
			t.Fatalf("Org(%q): %v", id, err)
		}
		if !reflect.DeepEqual(o, orgs[0]) {
			t.Fatalf("Org(%q)\n got %+v\nwant %+v", id, o, orgs[0])
		}
	}
	if o, err := r.Org(ctx, "02zzp6y44"); err != nil || o.Status != "withdrawn" {
		t.Errorf("withdrawn record: %+v, %v", o, err)
	}
	if _, err := r.Org(ctx, "https://ror.org/05tq8wn67"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown org: %v, want ErrNotFound", err)
	}
	stop := errors.New("stop")
	n := 0
	if _, err := r.ActiveOrgs(ctx, func(registry.Org) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("ActiveOrgs with a failing callback: %v after %d calls", err, n)
	}
}

func testRegistryReimportSameHash(t *testing.T, r store.Registry) {
	v1 := mustImportRegistry(t, r, regImport("same", orgFixture()))
	in := regImport("same", nil)
	in.Orgs = func(func(registry.Org) error) (rordump.Info, error) {
		t.Error("Orgs read although the hash is the active one")
		return rordump.Info{}, nil
	}
	v, created, err := r.ImportRegistry(context.Background(), in)
	if err != nil || created || !reflect.DeepEqual(v, v1) {
		t.Fatalf("re-import: %+v created=%v err=%v; want the active version unchanged", v, created, err)
	}
	if vs := registryVersions(t, r); len(vs) != 1 {
		t.Errorf("%d versions after a same-hash import, want 1", len(vs))
	}
}

func testRegistryDerivedHash(t *testing.T, r store.Registry) {
	ctx := context.Background()
	v1 := mustImportRegistry(t, r, regImport("", orgFixture()))
	if !strings.HasPrefix(v1.ContentHash, "orgs:") || len(v1.ContentHash) != len("orgs:")+64 {
		t.Fatalf("derived hash %q", v1.ContentHash)
	}
	v, created, err := r.ImportRegistry(ctx, regImport("", orgFixture()))
	if err != nil || created || v.Number != 1 || v.ContentHash != v1.ContentHash {
		t.Fatalf("same organisations again: %+v created=%v err=%v", v, created, err)
	}
	if vs := registryVersions(t, r); len(vs) != 1 || vs[0].OrgCount != 4 {
		t.Fatalf("versions after an unchanged derived-hash import: %+v", vs)
	}
	got, _ := activeOrgs(t, r)
	equalOrgs(t, "after the no-op", got, sortedOrgs(orgFixture()))
	changed := orgFixture()
	changed[2].Status = "active"
	v2 := mustImportRegistry(t, r, regImport("", changed))
	if v2.Number != 2 || v2.ContentHash == v1.ContentHash {
		t.Fatalf("changed organisations: %+v", v2)
	}
	// A reader that hashes the file it read supplies the hash instead.
	fromFile := func(orgs []registry.Org) store.RegistryImport {
		in := regImport("", orgs)
		inner := in.Orgs
		in.Orgs = func(yield func(registry.Org) error) (rordump.Info, error) {
			info, err := inner(yield)
			info.ContentHash = "file-sha256"
			return info, err
		}
		return in
	}
	v3 := mustImportRegistry(t, r, fromFile(orgFixture()))
	if v3.Number != 3 || v3.ContentHash != "file-sha256" {
		t.Fatalf("import with the reader's hash: %+v", v3)
	}
	v, created, err = r.ImportRegistry(ctx, fromFile(changed))
	if err != nil || created || v.Number != 3 {
		t.Fatalf("same file hash again: %+v created=%v err=%v; want version 3 unchanged", v, created, err)
	}
	got, _ = activeOrgs(t, r)
	equalOrgs(t, "after the same file again", got, sortedOrgs(orgFixture()))
}

func testRegistryNewVersion(t *testing.T, r store.Registry) {
	ctx := context.Background()
	v1 := mustImportRegistry(t, r, regImport("h1", orgFixture()))
	next := orgFixture()[:2]
	next[1].Names = append(next[1].Names, registry.Name{Value: "松北理工大学航天学院", Types: []string{"label"}, Lang: "zh"})
	v2 := mustImportRegistry(t, r, regImport("h2", next))
	if v2.Number != 2 || v2.OrgCount != 2 || v2.ID == v1.ID {
		t.Fatalf("second version %+v", v2)
	}
	vs := registryVersions(t, r)
	if len(vs) != 2 || vs[0].Active || !vs[1].Active || vs[0].Number != 1 || vs[0].OrgCount != 4 {
		t.Fatalf("versions %+v", vs)
	}
	got, av := activeOrgs(t, r)
	equalOrgs(t, "active after update", got, sortedOrgs(next))
	if av.Number != 2 {
		t.Errorf("ActiveOrgs read version %d, want 2", av.Number)
	}
	if _, err := r.Org(ctx, "00rh3kb19"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an org dropped from the new version: %v, want ErrNotFound", err)
	}
	if o, err := r.Org(ctx, "04m2vdh58"); err != nil || len(o.Names) != 2 {
		t.Errorf("updated org: %+v, %v", o, err)
	}
}

func testRegistryFailedImport(t *testing.T, r store.Registry) {
	orgs := orgFixture()
	v1 := mustImportRegistry(t, r, regImport("h1", orgs))
	readErr := errors.New("read ror.zip: record 3: unexpected EOF")
	noNames := orgFixture()
	noNames[2].Names = nil
	dup := append(orgFixture(), orgFixture()[1])
	badStatus := orgFixture()
	badStatus[0].Status = "closed"
	nul := orgFixture()
	nul[1].Names[0].Value = "Songbei\x00School"
	tests := []struct {
		name    string
		in      store.RegistryImport
		wantIs  error
		wantMsg string
	}{
		{"reader fails midway", store.RegistryImport{Source: "x", ContentHash: "h2", Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
			for _, o := range orgFixture()[:2] {
				if err := yield(o); err != nil {
					return rordump.Info{}, err
				}
			}
			return rordump.Info{Records: 2}, readErr
		}}, readErr, "record 3"},
		{"file changed while read", store.RegistryImport{Source: "ror.zip", ContentHash: "before", Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
			info, err := orgsOf(orgFixture())(yield)
			info.ContentHash = "after"
			return info, err
		}}, nil, "content hash after when read, before before: the file changed"},
		{"reader miscounts", store.RegistryImport{Source: "ror.zip", ContentHash: "h10", Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
			info, err := orgsOf(orgFixture())(yield)
			info.Records++
			return info, err
		}}, nil, "the reader counted 5 records but 4 were written"},
		{"missing names", regImport("h3", noNames), store.ErrInvalid, "record 3 (https://ror.org/00rh3kb19): missing names"},
		{"duplicate id", regImport("h4", dup), store.ErrInvalid, "record 5 (https://ror.org/04m2vdh58): id repeats record 2"},
		{"bad status", regImport("h5", badStatus), store.ErrInvalid, `record 1 (https://ror.org/03xk7pq21): status "closed"`},
		{"NUL in a name", regImport("h6", nul), store.ErrInvalid, "record 2 (https://ror.org/04m2vdh58): name 1 contains a NUL"},
		{"no organisations", regImport("h7", nil), store.ErrInvalid, "no organisations"},
		{"no Orgs function", store.RegistryImport{Source: "y", ContentHash: "h8"}, store.ErrInvalid, "Orgs is nil"},
		{"invalid UTF-8 source", store.RegistryImport{Source: "a\xffb", ContentHash: "h9", Orgs: orgsOf(orgs)}, store.ErrInvalid, "source is not valid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, created, err := r.ImportRegistry(context.Background(), tc.in)
			if err == nil || created || (tc.wantIs != nil && !errors.Is(err, tc.wantIs)) || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Fatalf("err %v (created %v); want one wrapping %v and saying %q", err, created, tc.wantIs, tc.wantMsg)
			}
			vs := registryVersions(t, r)
			if len(vs) != 1 || !reflect.DeepEqual(vs[0], v1) {
				t.Fatalf("versions after a failed import: %+v; want only %+v", vs, v1)
			}
			got, _ := activeOrgs(t, r)
			equalOrgs(t, "after a failed import", got, sortedOrgs(orgs))
		})
	}
	t.Run("cancelled midway", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		in := store.RegistryImport{Source: "synthetic", ContentHash: "big", Orgs: SyntheticOrgs(3*store.ProgressInterval, 1),
			Progress: func(n int) {
				if n >= store.ProgressInterval {
					cancel()
				}
			}}
		_, created, err := r.ImportRegistry(ctx, in)
		if !errors.Is(err, context.Canceled) || created {
			t.Fatalf("err %v created %v; want context.Canceled", err, created)
		}
		if vs := registryVersions(t, r); len(vs) != 1 || !reflect.DeepEqual(vs[0], v1) {
			t.Fatalf("versions after a cancelled import: %+v", vs)
		}
	})
}

func testRegistryReadersDuringImport(t *testing.T, r store.Registry) {
	ctx := context.Background()
	v1 := mustImportRegistry(t, r, regImport("h1", orgFixture()))
	checked := false
	in := store.RegistryImport{Source: "synthetic", ContentHash: "h2", Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
		n := 0
		return SyntheticOrgs(2000, 3)(func(o registry.Org) error {
			n++
			if n == 1500 {
				// Half-way through, readers still see the old version.
				got, v := activeOrgs(t, r)
				if v.Number != v1.Number || len(got) != 4 {
					t.Errorf("during import: version %d with %d orgs; want version 1 with 4", v.Number, len(got))
				}
				if _, err := r.Org(ctx, "03xk7pq21"); err != nil {
					t.Errorf("Org during import: %v", err)
				}
				if vs := registryVersions(t, r); len(vs) != 1 {
					t.Errorf("versions during import: %+v", vs)
				}
				checked = true
			}
			return yield(o)
		})
	}}
	v2 := mustImportRegistry(t, r, in)
	if !checked || v2.OrgCount != 2000 {
		t.Fatalf("checked %v, new version %+v", checked, v2)
	}
	if _, err := r.Org(ctx, "03xk7pq21"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after the import the old org is still found: %v", err)
	}
}

func testRegistryConcurrentImports(t *testing.T, r store.Registry) {
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	vs := make([]registry.Version, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vs[i], _, errs[i] = r.ImportRegistry(context.Background(), store.RegistryImport{
				Source: fmt.Sprint("import ", i), ContentHash: fmt.Sprint("c", i), Orgs: SyntheticOrgs(300+i, uint64(i)),
			})
		}()
	}
	wg.Wait()
	numbers := map[int]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("import %d: %v", i, errs[i])
		}
		numbers[vs[i].Number] = true
	}
	if len(numbers) != n {
		t.Fatalf("version numbers %v; want %d distinct", numbers, n)
	}
	all := registryVersions(t, r)
	active := 0
	for _, v := range all {
		if v.Active {
			active++
			got, _ := activeOrgs(t, r)
			if len(got) != v.OrgCount {
				t.Errorf("active version has %d orgs, streamed %d", v.OrgCount, len(got))
			}
		}
	}
	if len(all) != n || active != 1 {
		t.Fatalf("versions %+v; want %d with one active", all, n)
	}
}

func testRegistryStreaming(t *testing.T, r store.Registry) {
	const n = 2*store.ProgressInterval + 123
	var calls []int
	v := mustImportRegistry(t, r, store.RegistryImport{Source: "synthetic", ContentHash: "s", Orgs: SyntheticOrgs(n, 7),
		Progress: func(w int) { calls = append(calls, w) }})
	if v.OrgCount != n {
		t.Fatalf("org count %d, want %d", v.OrgCount, n)
	}
	if len(calls) < 3 || calls[len(calls)-1] != n || !slices.IsSorted(calls) || calls[0] < store.ProgressInterval/2 {
		t.Errorf("progress calls %v", calls)
	}
	count, prev := 0, ""
	if _, err := r.ActiveOrgs(context.Background(), func(o registry.Org) error {
		if o.ID <= prev {
			t.Fatalf("ActiveOrgs out of id order: %s after %s", o.ID, prev)
		}
		prev = o.ID
		count++
		return nil
	}); err != nil || count != n {
		t.Fatalf("streamed %d, err %v; want %d", count, err, n)
	}
	want := syntheticOrg(n-1, 7)
	got, err := r.Org(context.Background(), want.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("last synthetic org\n got %+v, %v\nwant %+v", got, err, want)
	}
}

func testRegistryUnicode(t *testing.T, r store.Registry) {
	orgs := []registry.Org{{
		ID: "https://ror.org/01bcd2e34",
		Names: []registry.Name{
			{Value: "Ħal Far Institute — Ελληνικό 🔬", Types: []string{"ror_display", "label"}, Lang: "mt"},
			{Value: "معهد البحوث", Types: []string{"label"}, Lang: "ar"},
			{Value: "中国科学院物理研究所", Types: []string{"label"}, Lang: "zh"},
			{Value: "Ｆｕｌｌ　Ｗｉｄｔｈ & <tags>", Types: []string{"alias"}},
		},
		City: "Żabbar", Status: "active",
	}}
	mustImportRegistry(t, r, regImport("u", orgs))
	got, err := r.Org(context.Background(), orgs[0].ID)
	if err != nil || !reflect.DeepEqual(got, orgs[0]) {
		t.Fatalf("round trip\n got %+v, %v\nwant %+v", got, err, orgs[0])
	}
}
