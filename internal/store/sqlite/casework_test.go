package sqlite

import (
	"context"
	"path/filepath"
	"testing"

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
// one store and 20 more through a second handle on the same file, as a
// second process would. The single writer connection queues the first
// hundred; BEGIN IMMEDIATE and the busy timeout keep the two handles from
// SQLITE_BUSY.
func TestHundredConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "collabcheck.db")
	var ss [2]*Store
	for i := range ss {
		s, err := Open(context.Background(), path)
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
