package postgres

import (
	"context"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
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
	if _, err := s.pool.Exec(context.Background(), `UPDATE audit_log SET detail = $1 WHERE seq = $2`, `{"edited":true}`, victim.Seq); err != nil {
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
	if _, err := s.pool.Exec(context.Background(), `DELETE FROM audit_log WHERE seq = $1`, victim.Seq); err != nil {
		t.Fatal(err)
	}
	storetest.ExpectBroken(t, s, victim.Seq+1)
}

// TestConcurrentWritersTwoServers runs 120 concurrent writers through two
// stores on one database, as two app servers would: the row lock and the
// audit advisory lock must keep every update and a single chain.
func TestConcurrentWritersTwoServers(t *testing.T) {
	url := pgtest.Database(t)
	var ss [2]*Store
	for i := range ss {
		s, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ss[i] = s
	}
	storetest.ConcurrentWriters(t, ss[0], ss[1])
}

func BenchmarkCasework(b *testing.B) {
	s := openTemp(b)
	defer s.Close()
	storetest.BenchCasework(b, s)
}
