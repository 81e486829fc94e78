package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
)

func TestCaseworkConformance(t *testing.T) {
	storetest.RunCasework(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// TestAuditTamperEdit changes one entry's detail behind the store's back:
// verification must fail at that entry.
func TestAuditTamperEdit(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	es := storetest.SeedAudit(t, s)
	victim := es[len(es)/2]
	if _, err := s.w.Exec(`UPDATE audit_log SET detail = ? WHERE seq = ?`, `{"edited":true}`, victim.Seq); err != nil {
		t.Fatal(err)
	}
	storetest.ExpectBroken(t, s, victim.Seq)
}

// TestAuditTamperDelete removes an entry from the middle of the chain:
// verification must fail at the entry after the gap.
func TestAuditTamperDelete(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	es := storetest.SeedAudit(t, s)
	victim := es[len(es)/2]
	if _, err := s.w.Exec(`DELETE FROM audit_log WHERE seq = ?`, victim.Seq); err != nil {
		t.Fatal(err)
	}
	storetest.ExpectBroken(t, s, victim.Seq+1)
}

// TestHundredConcurrentWriters runs 100 goroutines writing at once through
// one store and 20 more through a second handle on the same file (as a
// second process would): every write must succeed (the single writer
// connection queues them, BEGIN IMMEDIATE and the busy timeout keep the
// two handles from SQLITE_BUSY) and the audit chain must verify.
func TestHundredConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "collabcheck.db")
	ctx := context.Background()
	s1, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	tn, err := s1.CreateTenant(ctx, store.NewTenant{Name: "North", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s1.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "o@north.example", Name: "O", Role: auth.Officer,
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$a2V5"})
	if err != nil {
		t.Fatal(err)
	}
	officer := cases.Actor{UserID: u.ID, TenantID: tn.ID, TenantKind: tn.Kind, Role: u.Role, Name: u.Name}
	c0, ev, err := cases.New(officer, assess.Collaboration{Title: "Shared"}, assess.Assessment{Risk: assess.RiskLow, Outcome: assess.OutcomeProceed}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	shared, err := s1.CreateCase(ctx, c0, ev)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 120)
	write := func(s *Store, i int) {
		defer wg.Done()
		var err error
		switch i % 3 {
		case 0:
			_, err = s.UpdateCase(ctx, tn.ID, shared.ID, func(c *cases.Case) (audit.Event, error) {
				return cases.Apply(c, officer, cases.AddComment{Text: fmt.Sprintf("c%d", i)}, time.Now())
			})
		case 1:
			c, ev, _ := cases.New(officer, assess.Collaboration{Title: fmt.Sprintf("case %d", i)}, assess.Assessment{Risk: assess.RiskLow, Outcome: assess.OutcomeProceed}, time.Now())
			_, err = s.CreateCase(ctx, c, ev)
		default:
			_, err = s.AppendAudit(ctx, audit.Event{Action: "test.ping", Subject: fmt.Sprintf("ping:%d", i)})
		}
		if err != nil {
			errs <- err
		}
	}
	for i := range 100 {
		wg.Add(1)
		go write(s1, i)
	}
	for i := 100; i < 120; i++ {
		wg.Add(1)
		go write(s2, i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	var v audit.Verifier
	if err := s1.AuditLog(ctx, v.Next); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
	if n, _, _ := v.Head(); n != 3+120 {
		t.Errorf("audit log has %d entries, want %d", n, 3+120)
	}
	got, err := s2.Case(ctx, tn.ID, shared.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + 40; got.Version != want || len(got.Comments) != 40 {
		t.Errorf("shared case version %d with %d comments, want version %d and 40 comments", got.Version, len(got.Comments), want)
	}
}
