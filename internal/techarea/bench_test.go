package techarea

import "testing"

// BenchmarkClassify measures abstracts classified per second on one core,
// cycling through the development set (realistic 60-120 word abstracts).
// The budget is at least 2,000 abstracts/s per core:
//
//	go test ./internal/techarea -run '^$' -bench Classify -cpu 1
func BenchmarkClassify(b *testing.B) {
	c := mustDefault(b)
	cases := loadDevSet(b)
	docs := make([]Document, len(cases))
	bytes := 0
	for i, dc := range cases {
		docs[i] = Document{ID: dc.ID, Title: dc.Title, Abstract: dc.Abstract}
		bytes += len(dc.Title) + len(dc.Abstract)
	}
	b.SetBytes(int64(bytes / len(docs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Classify(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "abstracts/s")
}

// BenchmarkNewClassifier measures compiling the default taxonomy, which a
// server does once at start and again when an override changes.
func BenchmarkNewClassifier(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := DefaultClassifier(); err != nil {
			b.Fatal(err)
		}
	}
}
