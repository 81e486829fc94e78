package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/store"
)

// RunAlerts runs the conformance suite of store.Alerts. open must return a
// new, empty store for the given (sub)test that implements store.Alerts,
// store.Casework and store.Accounts; RunAlerts closes it when that test
// ends.
func RunAlerts(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, w *world, al store.Alerts)
	}{
		{"RaiseOnceByKey", testAlertsRaiseOnce},
		{"TenantScopedListAndAck", testAlertsTenantScope},
		{"OutboxInSameTransaction", testAlertsOutbox},
		{"ClaimsAreExclusive", testAlertsClaimExclusive},
		{"FailedDeliveryRetries", testAlertsRetry},
		{"ChannelsValidated", testAlertChannels},
		{"RemovedChannelDropsPending", testAlertsChannelRemoved},
		{"RejectsBadAlerts", testAlertsInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			al, err := store.AlertsOf(s)
			if err != nil {
				t.Fatal(err)
			}
			tc.fn(t, newWorld(t, s), al)
		})
	}
}

func newHitAlert(tenant, caseID int64, key string) store.Alert {
	return store.Alert{TenantID: tenant, CaseID: caseID, Kind: store.AlertNewHit, List: "test-list", SourceID: "E-" + key,
		Name: "Listed Institute " + key, Party: "partners[0]", Programs: []string{"PROGRAM-A"}, ListVersion: 2, Key: key,
		Detail: "newly listed", CreatedAt: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
}

func testAlertsRaiseOnce(t *testing.T, w *world, al store.Alerts) {
	ctx := context.Background()
	c := w.create(t, w.officer, "Raise once")
	got, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, c.ID, "k1"), newHitAlert(w.north.ID, c.ID, "k2")})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID == 0 || got[1].ID == got[0].ID {
		t.Fatalf("first raise stored %+v, want two alerts with ids", got)
	}
	again, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, c.ID, "k1"), newHitAlert(w.north.ID, c.ID, "k3")})
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 1 || again[0].Key != "k3" {
		t.Fatalf("second raise stored %+v, want only k3", again)
	}
	list, err := al.ListAlerts(ctx, w.north.ID, store.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].Key != "k3" || list[2].Key != "k1" {
		t.Fatalf("list %+v, want k3, k2, k1 (newest first)", keys(list))
	}
	a := list[2]
	if a.Kind != store.AlertNewHit || a.SourceID != "E-k1" || len(a.Programs) != 1 || a.Programs[0] != "PROGRAM-A" ||
		a.ListVersion != 2 || !a.CreatedAt.Equal(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)) || a.AckedAt != nil {
		t.Errorf("stored alert %+v does not round-trip", a)
	}
	hist, err := w.cw.AuditFor(ctx, fmt.Sprintf("case:%d", c.ID))
	if err != nil {
		t.Fatal(err)
	}
	raised := 0
	for _, e := range hist {
		if e.Action == "alert.raise" {
			raised++
		}
	}
	if raised != 3 {
		t.Errorf("case history has %d alert.raise entries, want 3 (one per stored alert)", raised)
	}

	// Concurrent raises of the same key store it once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, c.ID, "race")})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			stored += len(got)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if stored != 1 {
		t.Errorf("4 concurrent raises of one key stored %d alerts, want 1", stored)
	}
}

func keys(as []store.Alert) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Key)
	}
	return out
}

func testAlertsTenantScope(t *testing.T, w *world, al store.Alerts) {
	ctx := context.Background()
	nc := w.create(t, w.officer, "North case")
	sc := w.create(t, w.southOfficer, "South case")
	nc2 := w.create(t, w.officer, "North case two")
	if _, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, sc.ID, "wrong-tenant")}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("alert on another tenant's case: err %v, want ErrNotFound", err)
	}
	got, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, nc.ID, "n1"), newHitAlert(w.south.ID, sc.ID, "s1"),
		newHitAlert(w.north.ID, nc2.ID, "n2")})
	if err != nil {
		t.Fatal(err)
	}
	south, err := al.ListAlerts(ctx, w.south.ID, store.AlertFilter{})
	if err != nil || len(south) != 1 || south[0].Key != "s1" {
		t.Fatalf("south sees %v (%v), want only s1", keys(south), err)
	}
	byCase, err := al.ListAlerts(ctx, w.north.ID, store.AlertFilter{CaseID: nc2.ID})
	if err != nil || len(byCase) != 1 || byCase[0].Key != "n2" {
		t.Fatalf("north's alerts of case %d: %v (%v), want n2", nc2.ID, keys(byCase), err)
	}
	if _, err := al.Alert(ctx, w.south.ID, got[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south reads north's alert: err %v, want ErrNotFound", err)
	}
	ev := audit.Event{TenantID: w.south.ID, Actor: "user:x", Action: "alert.ack", Subject: "alert:1"}
	if _, err := al.AckAlert(ctx, w.south.ID, got[0].ID, "user:x", w.now(), ev); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south acknowledges north's alert: err %v, want ErrNotFound", err)
	}
	at := w.now()
	ev = audit.Event{TenantID: w.north.ID, Actor: w.officer.String(), Action: "alert.ack", Subject: fmt.Sprintf("case:%d", nc.ID)}
	a, err := al.AckAlert(ctx, w.north.ID, got[0].ID, w.officer.String(), at, ev)
	if err != nil {
		t.Fatal(err)
	}
	if a.AckedAt == nil || !a.AckedAt.Equal(at.Truncate(time.Microsecond)) || a.AckedBy != w.officer.String() {
		t.Errorf("acknowledged alert %+v, want acked at %v by %s", a, at, w.officer.String())
	}
	again, err := al.AckAlert(ctx, w.north.ID, got[0].ID, "someone else", w.now(), ev)
	if err != nil || again.AckedBy != w.officer.String() {
		t.Errorf("second ack: %+v, %v; want the first kept", again, err)
	}
	unacked, err := al.ListAlerts(ctx, w.north.ID, store.AlertFilter{Unacked: true})
	if err != nil || len(unacked) != 1 || unacked[0].Key != "n2" {
		t.Errorf("unacknowledged north alerts %v (%v), want n2", keys(unacked), err)
	}
}

func testAlertsOutbox(t *testing.T, w *world, al store.Alerts) {
	ctx := context.Background()
	c := w.create(t, w.officer, "Outbox")
	if err := al.SetAlertChannel(ctx, store.AlertChannel{TenantID: w.north.ID, Channel: store.ChannelWebhook,
		Target: "https://hooks.example/in", Secret: "0123456789abcdef-secret"}); err != nil {
		t.Fatal(err)
	}
	if err := al.SetAlertChannel(ctx, store.AlertChannel{TenantID: w.north.ID, Channel: store.ChannelEmail, Target: "rso@north.example"}); err != nil {
		t.Fatal(err)
	}
	got, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, c.ID, "o1")})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := al.Deliveries(ctx, got[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Channel != store.ChannelEmail || ds[1].Channel != store.ChannelWebhook ||
		ds[1].Target != "https://hooks.example/in" || ds[0].DeliveredAt != nil {
		t.Fatalf("deliveries %+v, want one email and one webhook, undelivered", ds)
	}
	// An alert whose raise fails writes no delivery either.
	sc := w.create(t, w.southOfficer, "South outbox")
	if err := al.SetAlertChannel(ctx, store.AlertChannel{TenantID: w.south.ID, Channel: store.ChannelEmail, Target: "rso@south.example"}); err != nil {
		t.Fatal(err)
	}
	_, err = al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.south.ID, sc.ID, "s-ok"), newHitAlert(w.south.ID, 999999, "s-bad")})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("raise with an unknown case: %v, want ErrNotFound", err)
	}
	if list, _ := al.ListAlerts(ctx, w.south.ID, store.AlertFilter{}); len(list) != 0 {
		t.Errorf("a failed raise left alerts %v", keys(list))
	}
	claimed, err := al.ClaimDeliveries(ctx, "w1", time.Now().Add(time.Hour), time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 2 {
		t.Errorf("claimable deliveries %d, want the 2 of the stored alert only", len(claimed))
	}
}

func testAlertsClaimExclusive(t *testing.T, w *world, al store.Alerts) {
	ctx := context.Background()
	c := w.create(t, w.officer, "Claims")
	if err := al.SetAlertChannel(ctx, store.AlertChannel{TenantID: w.north.ID, Channel: store.ChannelWebhook,
		Target: "https://hooks.example/in", Secret: "0123456789abcdef-secret"}); err != nil {
		t.Fatal(err)
	}
	var batch []store.Alert
	for i := range 20 {
		batch = append(batch, newHitAlert(w.north.ID, c.ID, fmt.Sprintf("c%02d", i)))
	}
	if _, err := al.RaiseAlerts(ctx, batch); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Hour)
	seen := map[int64]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		owner := fmt.Sprintf("worker-%d", i)
		go func() {
			defer wg.Done()
			for {
				ds, err := al.ClaimDeliveries(ctx, owner, now, time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ds) == 0 {
					return
				}
				for _, d := range ds {
					mu.Lock()
					if prev, dup := seen[d.ID]; dup {
						t.Errorf("delivery %d claimed by %s and %s", d.ID, prev, owner)
					}
					seen[d.ID] = owner
					mu.Unlock()
					if d.Alert.ID != d.AlertID || d.Alert.Key == "" {
						t.Errorf("claimed delivery %d carries alert %+v", d.ID, d.Alert)
					}
					if ok, err := al.CompleteDelivery(ctx, d.ID, owner, now); err != nil || !ok {
						t.Errorf("complete %d by its owner: %v %v", d.ID, ok, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != 20 {
		t.Errorf("%d deliveries claimed, want 20", len(seen))
	}
	for id := range seen {
		if ok, err := al.CompleteDelivery(ctx, id, "late", now); err != nil || ok {
			t.Errorf("completing delivered %d again: %v %v, want false", id, ok, err)
		}
	}
}

func testAlertsRetry(t *testing.T, w *world, al store.Alerts) {
	ctx := context.Background()
	c := w.create(t, w.officer, "Retry")
	if err := al.SetAlertChannel(ctx, store.AlertChannel{TenantID: w.north.ID, Channel: store.ChannelWebhook,
		Target: "https://hooks.example/in", Secret: "0123456789abcdef-secret"}); err != nil {
		t.Fatal(err)
	}
	got, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, c.ID, "r1")})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now().Add(time.Hour).UTC().Truncate(time.Microsecond)
	ds, err := al.ClaimDeliveries(ctx, "a", t0, time.Minute, 10)
	if err != nil || len(ds) != 1 {
		t.Fatalf("claim: %v %v", ds, err)
	}
	if more, _ := al.ClaimDeliveries(ctx, "b", t0.Add(time.Second), time.Minute, 10); len(more) != 0 {
		t.Fatalf("a leased delivery was claimed again: %+v", more)
	}
	if err := al.FailDelivery(ctx, ds[0].ID, "a", "HTTP 503", t0.Add(10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if early, _ := al.ClaimDeliveries(ctx, "b", t0.Add(5*time.Second), time.Minute, 10); len(early) != 0 {
		t.Fatalf("a failed delivery was claimed before its next attempt: %+v", early)
	}
	ds, err = al.ClaimDeliveries(ctx, "b", t0.Add(11*time.Second), time.Minute, 10)
	if err != nil || len(ds) != 1 || ds[0].Attempts != 1 || ds[0].LastError != "HTTP 503" {
		t.Fatalf("retry claim: %+v %v, want one with 1 attempt and the error", ds, err)
	}
	if ok, _ := al.CompleteDelivery(ctx, ds[0].ID, "a", t0); ok {
		t.Error("a completed a delivery whose lease it had lost")
	}
	// An expired lease is claimable again.
	ds2, err := al.ClaimDeliveries(ctx, "c", t0.Add(11*time.Second+2*time.Minute), time.Minute, 10)
	if err != nil || len(ds2) != 1 {
		t.Fatalf("claim after the lease expired: %+v %v", ds2, err)
	}
	if ok, err := al.CompleteDelivery(ctx, ds2[0].ID, "c", t0.Add(3*time.Minute)); err != nil || !ok {
		t.Fatalf("complete: %v %v", ok, err)
	}
	final, err := al.Deliveries(ctx, got[0].ID)
	if err != nil || len(final) != 1 || final[0].DeliveredAt == nil || final[0].Attempts != 2 {
		t.Errorf("final delivery %+v (%v), want delivered after 2 attempts", final, err)
	}
}

// Removing a channel drops its deliveries not yet made, keeps those made
// and those of the other channel, and keeps the alerts.
func testAlertsChannelRemoved(t *testing.T, w *world, al store.Alerts) {
	ctx := context.Background()
	c := w.create(t, w.officer, "Removed channel")
	hook := store.AlertChannel{TenantID: w.north.ID, Channel: store.ChannelWebhook, Target: "https://hooks.example/in", Secret: "0123456789abcdef-secret"}
	for _, ch := range []store.AlertChannel{hook, {TenantID: w.north.ID, Channel: store.ChannelEmail, Target: "rso@north.example"}} {
		if err := al.SetAlertChannel(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	first, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, c.ID, "d1")})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Hour)
	ds, err := al.ClaimDeliveries(ctx, "w", now, time.Minute, 10)
	if err != nil || len(ds) != 2 {
		t.Fatalf("claim: %+v %v", ds, err)
	}
	for _, d := range ds {
		if d.Channel == store.ChannelWebhook {
			if ok, err := al.CompleteDelivery(ctx, d.ID, "w", now); err != nil || !ok {
				t.Fatalf("complete: %v %v", ok, err)
			}
		} else if err := al.FailDelivery(ctx, d.ID, "w", "SMTP 451", now); err != nil {
			t.Fatal(err)
		}
	}
	second, err := al.RaiseAlerts(ctx, []store.Alert{newHitAlert(w.north.ID, c.ID, "d2")})
	if err != nil {
		t.Fatal(err)
	}
	if err := al.SetAlertChannel(ctx, store.AlertChannel{TenantID: w.north.ID, Channel: store.ChannelWebhook}); err != nil {
		t.Fatal(err)
	}
	kept, err := al.Deliveries(ctx, first[0].ID)
	if err != nil || len(kept) != 2 {
		t.Fatalf("deliveries of the first alert %+v (%v): the delivered webhook and the failed email stay", kept, err)
	}
	left, err := al.Deliveries(ctx, second[0].ID)
	if err != nil || len(left) != 1 || left[0].Channel != store.ChannelEmail {
		t.Fatalf("deliveries of the second alert %+v (%v), want its email only", left, err)
	}
	claimed, err := al.ClaimDeliveries(ctx, "w2", now.Add(time.Hour), time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range claimed {
		if d.Channel == store.ChannelWebhook {
			t.Errorf("a webhook delivery was claimed after the channel was removed: %+v", d)
		}
	}
	if len(claimed) != 2 {
		t.Errorf("%d deliveries claimable, want the two emails", len(claimed))
	}
	if list, _ := al.ListAlerts(ctx, w.north.ID, store.AlertFilter{}); len(list) != 2 {
		t.Errorf("alerts %v, want both kept", keys(list))
	}
}

func testAlertChannels(t *testing.T, w *world, al store.Alerts) {
	ctx := context.Background()
	bad := []store.AlertChannel{
		{TenantID: w.north.ID, Channel: store.ChannelWebhook, Target: "ftp://x", Secret: "0123456789abcdef"},
		{TenantID: w.north.ID, Channel: store.ChannelWebhook, Target: "https://x.example/", Secret: "short"},
		{TenantID: w.north.ID, Channel: store.ChannelEmail, Target: "not an address"},
		{TenantID: w.north.ID, Channel: "pager", Target: "x"},
	}
	for _, ch := range bad {
		if err := al.SetAlertChannel(ctx, ch); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("SetAlertChannel(%+v): %v, want ErrInvalid", ch, err)
		}
	}
	if err := al.SetAlertChannel(ctx, store.AlertChannel{TenantID: 424242, Channel: store.ChannelEmail, Target: "a@b.example"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("channel of an unknown tenant: %v, want ErrNotFound", err)
	}
	wh := store.AlertChannel{TenantID: w.north.ID, Channel: store.ChannelWebhook, Target: "https://one.example/", Secret: "0123456789abcdef"}
	if err := al.SetAlertChannel(ctx, wh); err != nil {
		t.Fatal(err)
	}
	wh.Target, wh.Secret = "https://two.example/", "fedcba9876543210"
	if err := al.SetAlertChannel(ctx, wh); err != nil {
		t.Fatal(err)
	}
	chs, err := al.AlertChannels(ctx, w.north.ID)
	if err != nil || len(chs) != 1 || chs[0].Target != "https://two.example/" || chs[0].Secret != "fedcba9876543210" {
		t.Fatalf("channels %+v (%v), want the replaced webhook", chs, err)
	}
	if err := al.SetAlertChannel(ctx, store.AlertChannel{TenantID: w.north.ID, Channel: store.ChannelWebhook}); err != nil {
		t.Fatal(err)
	}
	if chs, _ := al.AlertChannels(ctx, w.north.ID); len(chs) != 0 {
		t.Errorf("channels after removal: %+v", chs)
	}
}

func testAlertsInvalid(t *testing.T, w *world, al store.Alerts) {
	ctx := context.Background()
	c := w.create(t, w.officer, "Invalid")
	for _, mut := range []func(*store.Alert){
		func(a *store.Alert) { a.Kind = "maybe" },
		func(a *store.Alert) { a.Key = "" },
		func(a *store.Alert) { a.Name = "bad\x00name" },
		func(a *store.Alert) { a.Programs = []string{"\xff"} },
	} {
		a := newHitAlert(w.north.ID, c.ID, "bad")
		mut(&a)
		if _, err := al.RaiseAlerts(ctx, []store.Alert{a}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("RaiseAlerts(%+v): %v, want ErrInvalid", a, err)
		}
	}
}
