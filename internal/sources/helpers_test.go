package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// checkEntities asserts the invariants every reader promises: a
// non-empty, unique SourceID, at least one name, no empty or non-UTF-8
// name, and the primary name first.
func checkEntities(t testing.TB, es []watchlist.Entity) {
	t.Helper()
	seen := map[string]bool{}
	for i, e := range es {
		if e.SourceID == "" {
			t.Fatalf("entity %d has no SourceID: %+v", i, e)
		}
		if seen[e.SourceID] {
			t.Fatalf("SourceID %q repeats", e.SourceID)
		}
		seen[e.SourceID] = true
		if len(e.Names) == 0 {
			t.Fatalf("entity %s has no names", e.SourceID)
		}
		if e.Names[0].Kind != watchlist.NamePrimary {
			t.Fatalf("entity %s: first name %+v is not primary", e.SourceID, e.Names[0])
		}
		for _, n := range e.Names {
			if strings.TrimSpace(n.Value) == "" || !utf8.ValidString(n.Value) {
				t.Fatalf("entity %s has a bad name %q", e.SourceID, n.Value)
			}
		}
	}
}

// readFixture reads testdata files with Read and checks the result.
func readFixture(t *testing.T, format string, paths ...string) *List {
	t.Helper()
	for i, p := range paths {
		paths[i] = filepath.Join("testdata", p)
	}
	l, err := Read(format, paths, Options{})
	if err != nil {
		t.Fatalf("Read(%q, %v): %v", format, paths, err)
	}
	checkEntities(t, l.Entities)
	if len(l.ContentHash) != 64 {
		t.Fatalf("content hash %q is not hex SHA-256", l.ContentHash)
	}
	return l
}

func entityByID(t testing.TB, l *List, id string) *watchlist.Entity {
	t.Helper()
	for i := range l.Entities {
		if l.Entities[i].SourceID == id {
			return &l.Entities[i]
		}
	}
	t.Fatalf("no entity %q in %d entities", id, len(l.Entities))
	return nil
}

func nameKind(e *watchlist.Entity, value string) (watchlist.NameKind, string, bool) {
	for _, n := range e.Names {
		if n.Value == value {
			return n.Kind, n.Lang, true
		}
	}
	return "", "", false
}

func wantName(t testing.TB, e *watchlist.Entity, value string, kind watchlist.NameKind, lang string) {
	t.Helper()
	k, l, ok := nameKind(e, value)
	if !ok {
		t.Errorf("%s: no name %q in %+v", e.SourceID, value, e.Names)
		return
	}
	if k != kind || l != lang {
		t.Errorf("%s: name %q is %s/%q, want %s/%q", e.SourceID, value, k, l, kind, lang)
	}
}

func hasRelation(e *watchlist.Entity, typ watchlist.RelationType, target string) bool {
	for _, r := range e.Relations {
		if r.Type == typ && r.Target == target {
			return true
		}
	}
	return false
}

func hasIdentifier(e *watchlist.Entity, scheme, value string) bool {
	for _, id := range e.Identifiers {
		if id.Scheme == scheme && id.Value == value {
			return true
		}
	}
	return false
}

func hasAttr(e *watchlist.Entity, key, value string) bool {
	for _, v := range e.Attributes[key] {
		if v == value {
			return true
		}
	}
	return false
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// dataDir returns the shared data folder from COLLABCHECK_DATA, skipping
// the test when it is not set.
func dataDir(t testing.TB) string {
	t.Helper()
	d := os.Getenv("COLLABCHECK_DATA")
	if d == "" {
		t.Skip("COLLABCHECK_DATA is not set: skipping the test on real list files")
	}
	return d
}

// writeTemp writes data to a file named name in a fresh temp folder.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
func sha256Hex(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
