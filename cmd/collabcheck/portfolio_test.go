package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// portfolioDB makes a database with an invented list, an invented
// registry where a laboratory's parent is listed, and a tenant with an
// officer.
func portfolioDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cc.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ent := func(id, name string) watchlist.Entity {
		return watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization, Countries: []string{"cn"},
			Names: []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}}, Memberships: []watchlist.Membership{{List: "made-up", Program: "P1"}}}
	}
	if _, _, err := st.ImportList(ctx, store.ListImport{List: "made-up", Format: "test", Source: "test",
		Entities: []watchlist.Entity{ent("M1", "Greystone Defence Industries Group"), ent("M2", "Northfield Institute of Aerodynamics")}}); err != nil {
		t.Fatal(err)
	}
	org := func(id, name string, rels ...registry.Relationship) registry.Org {
		return registry.Org{ID: id, Names: []registry.Name{{Value: name, Types: []string{registry.NameDisplay}}}, Country: "cn", Status: registry.StatusActive, Relationships: rels}
	}
	orgs := []registry.Org{
		org("https://ror.org/0bbbbbb01", "Greystone Defence Industries Group"),
		org("https://ror.org/0bbbbbb02", "Greystone Avionics Research Laboratory", registry.Relationship{Type: registry.RelParent, ID: "https://ror.org/0bbbbbb01"}),
		org("https://ror.org/0bbbbbb03", "Riverside University of Agriculture"),
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
	tn, err := st.CreateTenant(ctx, store.NewTenant{Name: "north", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "officer@north.example", Name: "Olive", Role: auth.Officer,
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"}); err != nil {
		t.Fatal(err)
	}
	return db
}

const cliPortfolio = `{"id":"W1","title":"Avionics for hypersonic flight","publication_year":2022,"authorships":[{"author":{"display_name":"Cy Moss"},"raw_affiliation_strings":["Flight Lab, Greystone Avionics Research Laboratory, Xian"]},{"author":{"display_name":"Bo Lake"},"raw_affiliation_strings":["Riverside University of Agriculture"]}]}
{"id":"W2", "title": oops}
{"id":"W3","title":"Soil carbon","publication_year":2020,"authorships":[{"author":{"display_name":"Bo Lake"},"raw_affiliation_strings":["Riverside University of Agriculture"]}]}
`

func TestPortfolioCLI(t *testing.T) {
	db := portfolioDB(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "works.jsonl")
	writeFile(t, in, cliPortfolio)

	out, errs, code := cli(t, db, "", "portfolio", "import", in, "--tenant", "north", "--json")
	if code != 0 {
		t.Fatalf("import: code %d, stderr %s", code, errs)
	}
	var res struct {
		Run     int64                  `json:"run"`
		State   string                 `json:"state"`
		Summary store.PortfolioSummary `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import --json output %q: %v", out, err)
	}
	if res.State != "done" || res.Summary.Works != 2 || res.Summary.Findings != 1 || res.Summary.Malformed != 1 ||
		len(res.Summary.MalformedLines) != 1 || res.Summary.MalformedLines[0].Line != 2 {
		t.Fatalf("import result %+v: want 2 works, 1 finding, malformed line 2", res)
	}

	// The text summary names the malformed line.
	out, _, code = cli(t, db, "", "portfolio", "import", in, "--tenant", "north")
	if code != 0 || !strings.Contains(out, "malformed lines 1: 2") || !strings.Contains(out, "line 2: invalid JSON") {
		t.Errorf("text import: code %d, output %q", code, out)
	}

	// Resuming a finished run skips its saved chunks: no finding twice.
	out, errs, code = cli(t, db, "", "portfolio", "import", in, "--tenant", "north", "--resume", strconv.FormatInt(res.Run, 10), "--json")
	if code != 0 || !strings.Contains(out, `"findings":1`) {
		t.Errorf("resume: code %d, out %s, err %s: want still 1 finding", code, out, errs)
	}

	csvOut := filepath.Join(dir, "f.csv")
	if _, errs, code := cli(t, db, "", "portfolio", "report", "--tenant", "north", "--run", strconv.FormatInt(res.Run, 10), "--format", "csv", "--out", csvOut); code != 0 {
		t.Fatalf("csv report: %s", errs)
	}
	f, err := os.Open(csvOut)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV rows %v, %v: want a header and one finding", rows, err)
	}
	id := rows[1][0]
	if !strings.Contains(strings.Join(rows[1], "|"), "parent: Greystone Defence Industries Group") || rows[1][6] != "Cy Moss" {
		t.Errorf("finding row %v: want Cy Moss flagged via the parent", rows[1])
	}

	for _, format := range []string{"html", "xlsx"} {
		p := filepath.Join(dir, "r."+format)
		if _, errs, code := cli(t, db, "", "portfolio", "report", "--tenant", "north", "--format", format, "--out", p); code != 0 {
			t.Fatalf("%s report: %s", format, errs)
		}
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			t.Fatalf("%s report not written: %v", format, err)
		}
		if format == "html" && !strings.Contains(string(b), "Greystone Avionics Research Laboratory") {
			t.Error("HTML report lacks the partner")
		}
		if format == "xlsx" {
			x, err := excelize.OpenFile(p)
			if err != nil {
				t.Fatal(err)
			}
			v, _ := x.GetCellValue("Findings", "G2")
			x.Close()
			if v != "Cy Moss" {
				t.Errorf("XLSX Findings G2 = %q, want Cy Moss", v)
			}
		}
	}

	out, errs, code = cli(t, db, "", "portfolio", "case", "--tenant", "north", id)
	if code != 0 || !strings.Contains(out, "created draft case") || !strings.Contains(out, "Greystone Avionics Research Laboratory") {
		t.Errorf("case: code %d, out %q, err %q", code, out, errs)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"portfolio", "import", in}, 2, "--tenant is required"},
		{[]string{"portfolio", "import", in, "--tenant", "nobody"}, 1, `tenant "nobody"`},
		{[]string{"portfolio", "import", in, "--tenant", "north", "--format", "xml"}, 2, "unknown portfolio format"},
		{[]string{"portfolio", "import", filepath.Join(dir, "missing.jsonl"), "--tenant", "north"}, 1, "missing.jsonl"},
		{[]string{"portfolio", "report", "--tenant", "north", "--format", "pdf", "--out", "x"}, 2, "--format must be"},
		{[]string{"portfolio", "case", "--tenant", "north", "abc"}, 2, "FINDING_ID"},
		{[]string{"portfolio", "case", "--tenant", "north", "999"}, 1, "not found"},
	} {
		_, errs, code := cli(t, db, "", tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: code %d, stderr %q; want code %d mentioning %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}
