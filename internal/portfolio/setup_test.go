package portfolio

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// An invented world: a small registry and one invented list.
//
//   - Northfield Institute of Aerodynamics is listed itself.
//   - Greystone Avionics Research Laboratory is not listed, but its
//     registry parent Greystone Defence Industries Group is.
//   - Blackwater Propulsion Academy is listed and not in the registry.
//   - Riverside University of Agriculture is in the registry, unlisted.
const (
	rorNorthfield = "https://ror.org/0aaaaaa01"
	rorGreyGroup  = "https://ror.org/0aaaaaa02"
	rorGreyLab    = "https://ror.org/0aaaaaa03"
	rorRiverside  = "https://ror.org/0aaaaaa04"
	testList      = "invented-list"
)

func org(id, name, country, city string, rels ...registry.Relationship) registry.Org {
	return registry.Org{ID: id, Names: []registry.Name{{Value: name, Types: []string{registry.NameDisplay, registry.NameLabel}}},
		Country: country, City: city, Status: registry.StatusActive, Relationships: rels, Types: []string{"education"}}
}

func inventedOrgs() []registry.Org {
	return []registry.Org{
		org(rorNorthfield, "Northfield Institute of Aerodynamics", "cn", "Harbin"),
		org(rorGreyGroup, "Greystone Defence Industries Group", "cn", "Xian",
			registry.Relationship{Type: registry.RelChild, ID: rorGreyLab, Label: "Greystone Avionics Research Laboratory"}),
		org(rorGreyLab, "Greystone Avionics Research Laboratory", "cn", "Xian",
			registry.Relationship{Type: registry.RelParent, ID: rorGreyGroup, Label: "Greystone Defence Industries Group"}),
		org(rorRiverside, "Riverside University of Agriculture", "nl", "Wageningen"),
	}
}

func inventedEntities() []watchlist.Entity {
	ent := func(id, name, program string) watchlist.Entity {
		return watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization, Countries: []string{"cn"},
			Names:       []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}},
			Memberships: []watchlist.Membership{{List: testList, Program: program}}}
	}
	return []watchlist.Entity{
		ent("L1", "Northfield Institute of Aerodynamics", "PROG-A"),
		ent("L2", "Greystone Defence Industries Group", "PROG-B"),
		ent("L3", "Blackwater Propulsion Academy", "PROG-A"),
	}
}

type world struct {
	st  *sqlite.Store
	svc *screening.Service
	rs  *resolving.Service
	eng *Engine
}

func newWorld(t testing.TB) *world {
	t.Helper()
	return newWorldWith(t, inventedOrgs(), inventedEntities())
}

// newWorldWith is newWorld over the given registry and list.
func newWorldWith(t testing.TB, orgs []registry.Org, entities []watchlist.Entity) *world {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cc.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, _, err := st.ImportList(ctx, store.ListImport{List: testList, Format: "test", Source: "test", Entities: entities}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.ImportRegistry(ctx, store.RegistryImport{Source: "test", Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
		for _, o := range orgs {
			if err := yield(o); err != nil {
				return rordump.Info{}, err
			}
		}
		return rordump.Info{}, nil
	}}); err != nil {
		t.Fatal(err)
	}
	svc := screening.New(st)
	if err := svc.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	rs := resolving.New(st, svc)
	if err := rs.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	cl, err := techarea.DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	return &world{st: st, svc: svc, rs: rs, eng: &Engine{Resolver: rs, Screener: svc, Classifier: cl}}
}
