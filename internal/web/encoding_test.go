package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/synth"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// stdEncode is what `collabcheck screen --json` writes: encoding/json
// without HTML escaping.
func stdEncode(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestEncodingMatchesStdlib holds the fast encoder writeBody uses to the
// bytes encoding/json writes, for every kind of answer and for text that
// encoders are known to treat differently (HTML characters, U+2028,
// control characters, astral-plane runes, floats near format switches).
func TestEncodingMatchesStdlib(t *testing.T) {
	e := newEnv(t, true, nil)
	odd := watchlist.Entity{
		SourceID: "odd<&>\u2028\u2029\x01\x1f\"\\/", Kind: watchlist.KindOrganization,
		Names:      []watchlist.Name{{Value: "Ümlaut & <Sons> \U0001F680 Company\tLimited", Kind: watchlist.NamePrimary}},
		Remarks:    []string{"line\nbreak", "\u00a0nbsp", "\x7f del"},
		Attributes: map[string][]string{"z": {"1"}, "a": {"2"}, "m": nil},
	}
	ents := append(synth.Generate(3000, 3, synth.DefaultParts()), odd)
	e.load(store.ListImport{List: "synthetic", Format: "synthetic", Source: "test", Entities: ents})

	var values []any
	queries := append(benchNames(ents[:3000], 300), "Ümlaut & <Sons> \U0001F680 Company", "Harbin Inst Technol, Sch Astronaut, Harbin 150001, Peoples R China", "国防科技大学")
	var batch batchResponse
	for _, qs := range queries {
		r, err := e.svc.Screen(qs, match.Options{Limit: 10, Threshold: 0.3})
		if err != nil {
			t.Fatalf("screen %q: %v", qs, err)
		}
		values = append(values, r)
		batch.Results = append(batch.Results, r)
	}
	values = append(values, batch, screening.Result{Query: "x", Matches: []match.Match{}})
	for _, id := range []struct{ list, id string }{{"synthetic", odd.SourceID}, {"test_defence", hitID}, {"test:sanctions", "NK-a1/b2:c3"}} {
		ent, v, err := e.st.Entity(context.Background(), id.list, id.id)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, entityResponse{ID: id.list + ":" + id.id, List: id.list, Version: v, Entity: ent})
	}
	for _, p := range [][2]string{{"Natl Univ Def Technol", "National University of Defense Technology"}, {"Ivan Petrov", "Petrov, I."}, {"A & B <Co>", "A and B Company"}} {
		r, err := match.Pair(p[0], p[1], "", 0)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, pairResponse{A: p[0], B: p[1], PairResult: r})
	}
	values = append(values,
		&Problem{Type: typeInvalid, Title: "Bad Request", Status: 400, Detail: "parameter \"\\xff\": <bad> \u2028", Errors: []FieldError{{Parameter: "x", Detail: "y"}}},
		health{Status: "ready", Lists: []string{"a"}, Entities: 3},
		map[string]float64{"a": 1e-7, "b": 1e21, "c": 0.1 + 0.2, "d": 123456789.125, "e": 1e20, "f": 5e-324},
	)
	for i, v := range values {
		rec := httptest.NewRecorder()
		writeBody(rec, 200, "application/json", v)
		if want := stdEncode(t, v); !bytes.Equal(rec.Body.Bytes(), want) {
			t.Errorf("value %d (%T): fast encoding differs from encoding/json:\n got %s\nwant %s", i, v, rec.Body.Bytes(), want)
		}
	}
	if len(values) < 300 {
		t.Fatalf("only %d values compared", len(values))
	}
}
