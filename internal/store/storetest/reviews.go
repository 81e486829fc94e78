package storetest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
)

// RunReviews runs the conformance suite of store.Reviews. open must return
// a new, empty store for the given (sub)test that implements store.Reviews
// and store.Accounts; RunReviews closes it when that test ends.
func RunReviews(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	s := open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	rv, err := store.ReviewsOf(s)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := store.AccountsOf(s)
	if err != nil {
		t.Fatal(err)
	}
	a := mustTenant(t, acc, "Alpha Robotics Ltd", auth.Company)
	b := mustTenant(t, acc, "Beta Foods Ltd", auth.Company)

	if _, err := rv.LatestReview(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("latest review of a tenant with none: %v, want ErrNotFound", err)
	}
	at := time.Date(2026, 5, 1, 8, 0, 0, 123456789, time.UTC)
	save := func(tenant int64, overall int, at time.Time) store.ReviewRecord {
		t.Helper()
		r, err := rv.SaveReview(ctx, store.ReviewRecord{TenantID: tenant, QuestionnaireVersion: "2026.1", Company: "C",
			Overall: overall, Answers: `{"answers":{}}`, Result: `{"overall":` + strconv.Itoa(overall) + `}`, CreatedBy: "founder@example.org", CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if r.ID <= 0 {
			t.Fatalf("saved review has id %d", r.ID)
		}
		return r
	}
	first := save(a.ID, 40, at)
	save(b.ID, 90, at.Add(time.Minute))
	second := save(a.ID, 55, at.Add(time.Hour))

	got, err := rv.LatestReview(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != second.ID || got.Overall != 55 || got.Result != second.Result || !got.CreatedAt.Equal(at.Add(time.Hour).Truncate(time.Microsecond)) {
		t.Errorf("latest = %+v, want the second review %+v", got, second)
	}
	list, err := rv.ListReviews(ctx, a.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
		t.Errorf("tenant a's reviews = %+v, want second then first, and not tenant b's", list)
	}
	// One review by id, with the one saved before it in the same tenant
	// (tenant b's review in between is not it).
	rec, prev, err := rv.Review(ctx, a.ID, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID != second.ID || rec.Overall != 55 || prev.ID != first.ID || prev.Overall != 40 {
		t.Errorf("Review(second) = %+v, previous %+v; want the second with the first before it", rec, prev)
	}
	if rec, prev, err = rv.Review(ctx, a.ID, first.ID); err != nil || rec.ID != first.ID || prev.ID != 0 {
		t.Errorf("Review(first) = %+v, previous %+v, %v; want the first with none before it", rec, prev, err)
	}
	if _, _, err := rv.Review(ctx, b.ID, second.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another tenant's review: %v, want ErrNotFound", err)
	}
	if _, _, err := rv.Review(ctx, a.ID, 987654); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown review: %v, want ErrNotFound", err)
	}
	if _, err := rv.SaveReview(ctx, store.ReviewRecord{TenantID: 9999, QuestionnaireVersion: "1", Answers: "{}", Result: "{}"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("review of a missing tenant: %v, want ErrNotFound", err)
	}
	_, err = rv.SaveReview(ctx, store.ReviewRecord{TenantID: a.ID, Overall: 120, Answers: "{", Result: "{}"})
	if err == nil || !strings.Contains(err.Error(), "questionnaire version is required") || !strings.Contains(err.Error(), "outside 0-100") || !strings.Contains(err.Error(), "answers is not valid JSON") {
		t.Errorf("invalid review: %v", err)
	}
}
