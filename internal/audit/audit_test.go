package audit

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func chain(t *testing.T, n int) []Entry {
	t.Helper()
	var out []Entry
	var seq int64
	var prev string
	at := time.Date(2026, 11, 29, 9, 0, 0, 123456789, time.FixedZone("x", 3600))
	for i := 0; i < n; i++ {
		e, err := Seal(seq, prev, at.Add(time.Duration(i)*time.Second), Event{
			TenantID: int64(i % 3), Actor: "user:1 a@example.org", Action: "case.comment",
			Subject: "case:7", Detail: map[string]any{"text": strings.Repeat("x", i)},
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
		seq, prev = e.Seq, e.Hash
	}
	return out
}

func verify(entries []Entry) error {
	var v Verifier
	for _, e := range entries {
		if err := v.Next(e); err != nil {
			return err
		}
	}
	return nil
}

func TestSealAndVerify(t *testing.T) {
	es := chain(t, 5)
	if err := verify(es); err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	if es[0].Prev != "" || es[0].Seq != 1 || es[4].Seq != 5 {
		t.Fatalf("sequence/prev wrong: %+v", es[0])
	}
	if es[0].At.Location() != time.UTC || es[0].At.Nanosecond()%1000 != 0 {
		t.Fatalf("time not UTC microseconds: %v", es[0].At)
	}
	var v Verifier
	for _, e := range es {
		_ = v.Next(e)
	}
	if n, seq, h := v.Head(); n != 5 || seq != 5 || h != es[4].Hash {
		t.Fatalf("Head() = %d %d %s", n, seq, h)
	}
	// Survives a JSON round trip (how stores and exports move entries).
	b, _ := json.Marshal(es)
	var back []Entry
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := verify(back); err != nil {
		t.Fatalf("after JSON round trip: %v", err)
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func([]Entry) []Entry
		want   string
	}{
		{"edit detail", func(es []Entry) []Entry { es[2].Detail = json.RawMessage(`{"text":"y"}`); return es }, "entry 3"},
		{"edit actor", func(es []Entry) []Entry { es[1].Actor = "user:2"; return es }, "entry 2"},
		{"edit time", func(es []Entry) []Entry { es[3].At = es[3].At.Add(time.Microsecond); return es }, "entry 4"},
		{"edit tenant", func(es []Entry) []Entry { es[0].TenantID = 9; return es }, "entry 1"},
		{"delete middle", func(es []Entry) []Entry { return append(es[:2], es[3:]...) }, "entry 4"},
		{"delete first", func(es []Entry) []Entry { return es[1:] }, "entry 2"},
		{"swap", func(es []Entry) []Entry { es[1], es[2] = es[2], es[1]; return es }, "entry 3"},
		{"rehash edited entry", func(es []Entry) []Entry {
			es[2].Action = "case.decide"
			es[2].Hash = es[2].ComputeHash()
			return es
		}, "entry 4"},
		{"renumber after delete", func(es []Entry) []Entry {
			es = append(es[:2], es[3:]...)
			for i := range es {
				es[i].Seq = int64(i + 1)
			}
			return es
		}, "entry 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verify(tt.tamper(chain(t, 5)))
			if !errors.Is(err, ErrBroken) {
				t.Fatalf("tampered chain verified: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not name %s", err, tt.want)
			}
		})
	}
}

func TestSealRejectsIncompleteEvents(t *testing.T) {
	for _, ev := range []Event{{Subject: "case:1"}, {Action: "case.create"}, {Action: "x", Subject: "y", Detail: func() {}}} {
		if _, err := Seal(0, "", time.Now(), ev); err == nil {
			t.Errorf("Seal(%+v) succeeded", ev)
		}
	}
	e, err := Seal(0, "", time.Now(), Event{Action: "a", Subject: "s"})
	if err != nil || e.Actor != "system" || string(e.Detail) != "null" {
		t.Fatalf("defaults: %+v %v", e, err)
	}
}
