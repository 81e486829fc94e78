package portfolio

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
)

// BenchmarkRun measures the pipeline's own cost (reading, deduplication,
// classification, findings) on a generated portfolio over the invented
// registry, where resolution is cheap. PORTFOLIO_BENCH_STRINGS sets the
// size (default 50,000). The target figure against the real lists and
// registry comes from `collabcheck portfolio bench`.
func BenchmarkRun(b *testing.B) {
	n := 50_000
	if v := os.Getenv("PORTFOLIO_BENCH_STRINGS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("PORTFOLIO_BENCH_STRINGS=%q: want a positive number", v)
		}
	}
	w := newWorld(b)
	var buf bytes.Buffer
	if _, err := Generate(&buf, PartsFrom(inventedOrgs(), inventedEntities()), GenOptions{Strings: n, Seed: 1, Format: FormatOpenAlex, Noise: 0.3}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rd, err := NewReader(bytes.NewReader(buf.Bytes()), FormatOpenAlex)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.eng.Run(context.Background(), rd, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "strings/s")
}
