package rordump

import (
	"github.com/collabcheck/collabcheck/internal/registry"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// subsetPath returns the shared ROR subset, or skips when COLLABCHECK_DATA
// is unset.
func subsetPath(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("COLLABCHECK_DATA")
	if dir == "" {
		tb.Skip("COLLABCHECK_DATA is not set; it points at the shared data folder holding ror/ror-records-subset-v2.9.zip")
	}
	return filepath.Join(dir, "ror", "ror-records-subset-v2.9.zip")
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestReadRealSubset(t *testing.T) {
	path := subsetPath(t)
	statuses := map[string]int{}
	rels := map[string]int{}
	var chinese, withCountry, noDisplay int
	var lastProgress int64
	info, err := Read(path, func(o registry.Org) error {
		statuses[o.Status]++
		for _, r := range o.Relationships {
			rels[r.Type]++
			if !strings.HasPrefix(r.ID, registry.IDPrefix) {
				t.Errorf("%s: relationship to %q", o.ID, r.ID)
			}
		}
		for _, n := range o.Names {
			if n.Lang == "zh" && hasHan(n.Value) {
				chinese++
				break
			}
		}
		if len(o.Country) == 2 && o.Country == strings.ToLower(o.Country) {
			withCountry++
		}
		found := false
		for _, n := range o.Names {
			found = found || n.Has(registry.NameDisplay)
		}
		if !found {
			noDisplay++
		}
		return nil
	}, func(n, total int64) { lastProgress = n })
	if err != nil {
		t.Fatal(err)
	}
	if info.Records != 35990 {
		t.Errorf("records %d, want 35990", info.Records)
	}
	if !strings.HasSuffix(info.Member, "_schema_v2.json") || info.SchemaVersion != "2.1" || len(info.ContentHash) != 64 {
		t.Errorf("info %+v", info)
	}
	if statuses[registry.StatusActive]+statuses[registry.StatusInactive]+statuses[registry.StatusWithdrawn] != info.Records ||
		statuses[registry.StatusInactive] == 0 || statuses[registry.StatusWithdrawn] == 0 || statuses[registry.StatusActive] < info.Records*9/10 {
		t.Errorf("statuses %v", statuses)
	}
	for _, typ := range []string{registry.RelParent, registry.RelChild, registry.RelRelated, registry.RelSuccessor, registry.RelPredecessor} {
		if rels[typ] == 0 {
			t.Errorf("no %s relationship read (all: %v)", typ, rels)
		}
	}
	if chinese < 100 {
		t.Errorf("%d orgs with a Chinese-language name in Han script; want many", chinese)
	}
	if withCountry < info.Records*99/100 {
		t.Errorf("%d of %d orgs have a lower-case country code", withCountry, info.Records)
	}
	if noDisplay != 0 {
		t.Errorf("%d orgs without a ror_display name", noDisplay)
	}
	if lastProgress < 40<<20 {
		t.Errorf("last progress %d bytes; want the whole JSON (over 40 MiB)", lastProgress)
	}
}

// BenchmarkReadSubset measures streaming the 36k-record ROR subset zip:
// decompression, JSON decoding and validation.
func BenchmarkReadSubset(b *testing.B) {
	path := subsetPath(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		info, err := Read(path, func(registry.Org) error { return nil }, nil)
		if err != nil {
			b.Fatal(err)
		}
		n += info.Records
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "orgs/s")
}
