package monitor

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkRescreenCaseUnchanged is the cost of re-screening one case whose
// hits did not change (the common case of a list update): one case read,
// one assessment, no write.
func BenchmarkRescreenCaseUnchanged(b *testing.B) {
	e := newEnv(b, openSQLite(b))
	e.importList(b, append(baseEntities(), entity("Z-1", partner, "PROG-NEW"))...)
	c := e.newCase(b, "Optics exchange", partner)
	r := e.rescreener()
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if n, err := r.Case(ctx, e.tenant.ID, c.ID); err != nil || n != 0 {
			b.Fatalf("%d alerts, %v", n, err)
		}
	}
}

// BenchmarkRescreen100CasesChanged re-screens 100 cases after an update
// that lists (then, next round, delists) their partner: per case one
// assessment, one alert with its outbox row and audit entry, and one
// audited case update. It reports cases per second.
func BenchmarkRescreen100CasesChanged(b *testing.B) {
	e := newEnv(b, openSQLite(b))
	e.importList(b, baseEntities()...)
	var ids []int64
	for i := range 100 {
		ids = append(ids, e.newCase(b, fmt.Sprintf("Optics exchange %d", i), partner).ID)
	}
	r := e.rescreener()
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		if i%2 == 0 {
			e.importList(b, append(baseEntities(), entity("Z-1", partner, "PROG-NEW"))...)
		} else {
			e.importList(b, baseEntities()...)
		}
		b.StartTimer()
		for _, id := range ids {
			if n, err := r.Case(ctx, e.tenant.ID, id); err != nil || n != 1 {
				b.Fatalf("case %d: %d alerts, %v", id, n, err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(ids))/b.Elapsed().Seconds(), "cases/s")
}
