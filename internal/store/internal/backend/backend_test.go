package backend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestEncodeMatchesEntityHash(t *testing.T) {
	for _, e := range storetest.Synthetic(200, 4) {
		r, err := Encode(&e)
		if err != nil {
			t.Fatal(err)
		}
		if r.Hash != e.Hash() {
			t.Fatalf("%s: row hash %s, Entity.Hash %s", e.SourceID, r.Hash, e.Hash())
		}
		if r.SourceID != e.SourceID || r.Kind != string(e.Kind) || r.PrimaryName != e.PrimaryName() {
			t.Fatalf("%s: row columns %+v do not match the entity", e.SourceID, r)
		}
	}
}

// checkRoundTrip asserts that Decode (go-json) reads an Encode body
// exactly as encoding/json does.
func checkRoundTrip(t *testing.T, e watchlist.Entity) {
	t.Helper()
	r, err := Encode(&e)
	if err != nil {
		t.Fatal(err)
	}
	var want watchlist.Entity
	if err := json.Unmarshal(r.Body, &want); err != nil {
		t.Fatalf("encoding/json cannot read its own output %s: %v", r.Body, err)
	}
	got, err := Decode(r.Body, "l", 1)
	if err != nil {
		t.Fatalf("Decode(%s): %v", r.Body, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Decode(%s)\n got %#v\nwant %#v", r.Body, got, want)
	}
}

func TestDecodeAgreesWithEncodingJSON(t *testing.T) {
	for _, e := range storetest.Synthetic(500, 5) {
		checkRoundTrip(t, e)
	}
	checkRoundTrip(t, watchlist.Entity{
		SourceID:   "x<>&\u2028\u2029",
		Names:      []watchlist.Name{{Value: "NUL \x00 tab \t quote \" emoji 🚢 \xff bad", Kind: watchlist.NamePrimary}},
		Attributes: map[string][]string{"": {""}, "k": nil, "z": {}},
		Remarks:    []string{"\\u0000 literally"},
	})
}

func TestDecodeErrorNamesListAndVersion(t *testing.T) {
	_, err := Decode([]byte(`{"source_id": 5`), "us-csl", 7)
	if err == nil || !strings.Contains(err.Error(), `"us-csl"`) || !strings.Contains(err.Error(), "version 7") {
		t.Fatalf("Decode of truncated JSON: err %v, want one naming the list and version", err)
	}
}

func FuzzDecodeAgreesWithEncodingJSON(f *testing.F) {
	f.Add("E-1", "Harbin Institute of Technology", "en", "listed 2020", "topics", "sanction")
	f.Add("中-1", "哈尔滨工业大学", "zh", "\x00", "", "\xff\xfe")
	f.Add("", "", "", "", "\u2028", "<script>&amp;")
	f.Fuzz(func(t *testing.T, id, name, lang, remark, key, val string) {
		checkRoundTrip(t, watchlist.Entity{
			SourceID:   id,
			Kind:       watchlist.Kind(lang),
			Names:      []watchlist.Name{{Value: name, Lang: lang, Kind: watchlist.NamePrimary}, {Value: remark, Kind: watchlist.NameAlias}},
			Remarks:    []string{remark},
			Attributes: map[string][]string{key: {val, name}},
			Relations:  []watchlist.Relation{{Type: watchlist.RelParent, TargetName: val}},
		})
	})
}

func TestPrepare(t *testing.T) {
	es := storetest.Synthetic(3, 1)
	in, err := Prepare(store.ListImport{List: "l", Entities: es, Now: time.Date(2026, 1, 2, 3, 4, 5, 6789, time.FixedZone("x", 3600))})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 1, 2, 2, 4, 5, 6000, time.UTC); !in.Now.Equal(want) || in.Now.Location() != time.UTC {
		t.Errorf("Now = %v, want %v in UTC truncated to microseconds", in.Now, want)
	}
	if in.ContentHash == "" {
		t.Error("no content hash derived")
	}
	again, _ := Prepare(store.ListImport{List: "l", Entities: storetest.Synthetic(3, 1)})
	if again.ContentHash != in.ContentHash {
		t.Error("same entities derived different content hashes")
	}
	if again.Now.IsZero() {
		t.Error("zero Now was not filled in")
	}
	kept, _ := Prepare(store.ListImport{List: "l", Entities: es, ContentHash: "file-sha"})
	if kept.ContentHash != "file-sha" {
		t.Errorf("given content hash replaced by %q", kept.ContentHash)
	}
	if _, err := Prepare(store.ListImport{List: "", Entities: es}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Prepare without a list name: err %v, want ErrInvalid", err)
	}
}

func TestDiffVersions(t *testing.T) {
	vs := []watchlist.Version{{Number: 1}, {Number: 2}, {Number: 4, Active: true}, {Number: 5}}
	tests := []struct {
		from, to         int
		wantFrom, wantTo int
		wantErr          error
	}{
		{0, 0, 2, 4, nil},
		{0, 5, 4, 5, nil},
		{0, 1, 0, 1, nil},
		{1, 0, 1, 4, nil},
		{5, 2, 5, 2, nil},
		{-3, -1, 2, 4, nil},
		{0, 3, 0, 0, store.ErrNotFound},
		{9, 1, 0, 0, store.ErrNotFound},
	}
	for _, tc := range tests {
		from, to, err := DiffVersions("l", vs, tc.from, tc.to)
		if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && (from != tc.wantFrom || to != tc.wantTo)) {
			t.Errorf("DiffVersions(%d, %d) = %d, %d, %v; want %d, %d, %v", tc.from, tc.to, from, to, err, tc.wantFrom, tc.wantTo, tc.wantErr)
		}
	}
	if _, _, err := DiffVersions("l", nil, 0, 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DiffVersions of no versions: err %v, want ErrNotFound", err)
	}
}

func TestEncoderKeepsOrder(t *testing.T) {
	for _, n := range []int{0, 1, encodeBatch - 1, encodeBatch, 3*encodeBatch + 7} {
		es := storetest.Synthetic(n, 2)
		enc := NewEncoder(es)
		i := 0
		for {
			r, ok := enc.Next()
			if !ok {
				break
			}
			if i >= n || r.SourceID != es[i].SourceID || r.Hash != es[i].Hash() {
				t.Fatalf("n=%d: row %d is %s, want %s", n, i, r.SourceID, es[i].SourceID)
			}
			i++
		}
		enc.Close()
		if enc.Err() != nil || i != n {
			t.Fatalf("n=%d: got %d rows, err %v", n, i, enc.Err())
		}
	}
}

func TestEncoderCloseEarly(t *testing.T) {
	enc := NewEncoder(storetest.Synthetic(20*encodeBatch, 3))
	if _, ok := enc.Next(); !ok {
		t.Fatal("no first row")
	}
	enc.Close() // must not block or leak a goroutine stuck on send
}

// scanOf returns a Stream scan function that emits es as version v and
// then returns end.
func scanOf(es []watchlist.Entity, v watchlist.Version, end error) func(context.Context, func(watchlist.Version, []byte) error) error {
	return func(ctx context.Context, emit func(watchlist.Version, []byte) error) error {
		for i := range es {
			r, _ := Encode(&es[i])
			if err := emit(v, r.Body); err != nil {
				return err
			}
		}
		return end
	}
}

func TestStreamDeliversInOrder(t *testing.T) {
	for _, n := range []int{0, 1, streamBatch, 5*streamBatch + 3} {
		es := storetest.Synthetic(n, 6)
		v := watchlist.Version{List: "l", Number: 3}
		i := 0
		err := Stream(context.Background(), scanOf(es, v, nil), func(list string, got watchlist.Version, e watchlist.Entity) error {
			if list != "l" || got.Number != 3 || !reflect.DeepEqual(e, es[i]) {
				return fmt.Errorf("item %d: %s %d %s, want %s", i, list, got.Number, e.SourceID, es[i].SourceID)
			}
			i++
			return nil
		})
		if err != nil || i != n {
			t.Fatalf("n=%d: delivered %d, err %v", n, i, err)
		}
	}
}

func TestStreamStopsOnFnError(t *testing.T) {
	es := storetest.Synthetic(20*streamBatch, 6)
	stop := errors.New("index full")
	scanErr := make(chan error, 1)
	calls := 0
	err := Stream(context.Background(), func(ctx context.Context, emit func(watchlist.Version, []byte) error) error {
		err := scanOf(es, watchlist.Version{}, nil)(ctx, emit)
		scanErr <- err
		return err
	}, func(string, watchlist.Version, watchlist.Entity) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 10 {
		t.Fatalf("Stream = %v after %d calls, want fn's error after 10", err, calls)
	}
	// Stream returned only after scan stopped, and scan saw the cancellation.
	select {
	case err := <-scanErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("scan ended with %v, want context.Canceled", err)
		}
	default:
		t.Fatal("Stream returned before scan finished")
	}
}

func TestStreamScanError(t *testing.T) {
	es := storetest.Synthetic(streamBatch+10, 6)
	broken := errors.New("disk I/O error")
	n := 0
	err := Stream(context.Background(), scanOf(es, watchlist.Version{}, broken), func(string, watchlist.Version, watchlist.Entity) error {
		n++
		return nil
	})
	if !errors.Is(err, broken) || n != len(es) {
		t.Fatalf("Stream = %v after %d entities, want the scan error after all %d emitted", err, n, len(es))
	}
	bad := func(ctx context.Context, emit func(watchlist.Version, []byte) error) error {
		return emit(watchlist.Version{List: "l", Number: 2}, []byte(`{"source_id":`))
	}
	if err := Stream(context.Background(), bad, func(string, watchlist.Version, watchlist.Entity) error { return nil }); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("Stream of a corrupt body: err %v, want a decode error naming the version", err)
	}
}

func fingerprintsOf(t *testing.T, es []watchlist.Entity) []Fingerprint {
	t.Helper()
	out := make([]Fingerprint, len(es))
	for i := range es {
		r, err := Encode(&es[i])
		if err != nil {
			t.Fatal(err)
		}
		out[i] = Fingerprint{SourceID: r.SourceID, Name: r.PrimaryName, Hash: r.Hash}
	}
	return out
}

// TestCompareStoredMatchesCompare checks the shortcut against the
// reference on two versions with additions, removals and changes of
// several kinds, and that it decodes only the changed entities.
func TestCompareStoredMatchesCompare(t *testing.T) {
	old := storetest.Synthetic(1000, 8)
	cur := slices.Clone(storetest.Synthetic(1000, 8)[100:]) // 0..99 removed
	cur = append(cur, storetest.Synthetic(1050, 8)[1000:]...)
	for i := 0; i < len(cur); i += 37 {
		switch i % 3 {
		case 0:
			cur[i].Names = append(cur[i].Names, watchlist.Name{Value: "New Alias", Kind: watchlist.NameAlias})
		case 1:
			cur[i].Countries = []string{"zz"}
			cur[i].Remarks = []string{"changed"}
		default:
			cur[i].Names[0].Value += " Ltd" // primary name changes too
		}
	}
	// Give the added ones ids that sort in the middle, as real lists do.
	for i := 900; i < len(cur); i++ {
		cur[i].SourceID = fmt.Sprintf("SYN-8-%07d-new", i)
	}
	want := watchlist.Compare(old, cur)
	loaded := 0
	got, err := CompareStored(fingerprintsOf(t, old), fingerprintsOf(t, cur), func(side int, ids map[string]bool) ([]watchlist.Entity, error) {
		src := [2][]watchlist.Entity{old, cur}[side]
		var out []watchlist.Entity
		for _, e := range src {
			if ids[e.SourceID] {
				out = append(out, e)
			}
		}
		loaded += len(out)
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("CompareStored differs from Compare:\n got %d/%d/%d\nwant %d/%d/%d", len(got.Added), len(got.Removed), len(got.Changed), len(want.Added), len(want.Removed), len(want.Changed))
	}
	if len(want.Changed) == 0 || len(want.Added) != 50 || len(want.Removed) != 100 {
		t.Fatalf("fixture not as intended: %d added, %d removed, %d changed", len(want.Added), len(want.Removed), len(want.Changed))
	}
	if loaded != 2*len(want.Changed) {
		t.Fatalf("decoded %d entities, want only the %d changed ones on each side", loaded, len(want.Changed))
	}
}
