package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/monitor"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func monitorEntity(id, name string) watchlist.Entity {
	return watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization,
		Names:       []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}},
		Memberships: []watchlist.Membership{{List: "Test Sanctions List", Program: "PROG-TEST"}}}
}

// TestServeMonitorsListChanges runs serve and imports, from another
// process's handle, a list version that lists the partner of an open case:
// serve notices the new versions, re-screens, raises one alert and
// delivers it once to the tenant's webhook, signed.
func TestServeMonitorsListChanges(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cc.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	base := []watchlist.Entity{monitorEntity("B-1", "Harbourside Marine Logistics Company")}
	if _, _, err := st.ImportList(ctx, store.ListImport{List: "test_sanctions", Format: "test", Source: "test", Entities: base}); err != nil {
		t.Fatal(err)
	}
	tn, err := st.CreateTenant(ctx, store.NewTenant{Name: "Northfield University", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "rso@northfield.example", Name: "Rosa", Role: auth.Officer,
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"})
	if err != nil {
		t.Fatal(err)
	}
	svc := screening.New(st)
	if err := svc.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	clf, err := techarea.DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	as, err := assessing.New(svc, clf)
	if err != nil {
		t.Fatal(err)
	}
	partner := "Zephyrine Institute of Applied Optics"
	coll := assess.Collaboration{Title: "Optics exchange", Summary: "Joint study of coastal sediment records.", Partners: []assess.Partner{{Name: partner, Country: "gb"}}}
	a, err := as.Assess(coll, nil)
	if err != nil {
		t.Fatal(err)
	}
	actor := cases.Actor{UserID: u.ID, TenantID: tn.ID, TenantKind: tn.Kind, Role: u.Role, Name: u.Name, Email: u.Email}
	c, ev, err := cases.New(actor, coll, a, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if c, err = st.CreateCase(ctx, c, ev); err != nil {
		t.Fatal(err)
	}

	const secret = "serve-test-webhook-secret"
	var mu sync.Mutex
	var got []monitor.Payload
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !monitor.Verify(secret, body, r.Header.Get(monitor.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p monitor.Payload
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer recv.Close()
	if _, errs, code := cli(t, db, "", "alerts", "webhook", "set", "--tenant", tn.Name, recv.URL, "--secret", secret); code != 0 {
		t.Fatal(errs)
	}

	addr := freeAddr(t)
	sctx, cancel := context.WithCancel(ctx)
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- runContext(sctx, []string{"--db", db, "serve", "--addr", addr, "--reload", "100ms", "--update-every", "0"}, strings.NewReader(""), io.Discard, logs)
	}()
	waitFor(t, "the server to listen", func() bool { c, _ := get(t, "http://"+addr+"/readyz"); return c == http.StatusOK })

	// The update that lists the partner, imported by another process.
	if _, created, err := st.ImportList(ctx, store.ListImport{List: "test_sanctions", Format: "test", Source: "test",
		Entities: append(base, monitorEntity("Z-1", partner))}); err != nil || !created {
		t.Fatalf("import: created %v, %v", created, err)
	}
	waitFor(t, "the webhook delivery", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) > 0 })
	time.Sleep(500 * time.Millisecond) // room for a duplicate
	mu.Lock()
	if len(got) != 1 || got[0].Alert.CaseID != c.ID || got[0].Alert.SourceID != "Z-1" || got[0].Event != "alert.new_hit" {
		t.Errorf("webhook received %+v, want one new-hit alert of case %d", got, c.ID)
	}
	mu.Unlock()
	alerts, err := st.ListAlerts(ctx, tn.ID, store.AlertFilter{})
	if err != nil || len(alerts) != 1 {
		t.Errorf("stored alerts %+v (%v), want 1", alerts, err)
	}
	out, _, _ := cli(t, db, "", "jobs", "ls", "--kind", "rescreen")
	if !strings.Contains(out, "completed") {
		t.Errorf("jobs ls after the re-screen:\n%s", out)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d; logs:\n%s", code, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
