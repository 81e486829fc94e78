package backend

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// TestCaseQueryPlaceholders checks that every argument has exactly its
// numbered placeholder, in order, for every shape of filter, since the
// union repeats the filter's conditions.
func TestCaseQueryPlaceholders(t *testing.T) {
	filters := []store.CaseFilter{
		{},
		{States: []cases.State{cases.Draft, cases.Closed}},
		{CreatedBy: 3, AssigneeID: 4, States: []cases.State{cases.InReview}},
		{AssigneeID: 4, ReferredOnly: true},
		{CreatedBy: 3, OwnedOnly: true, Limit: 7, Offset: 2},
	}
	num := regexp.MustCompile(`\$(\d+)`)
	for _, f := range filters {
		q, args, err := CaseQuery("id", 9, f, func(n int) string { return fmt.Sprintf("$%d", n) })
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		ms := num.FindAllStringSubmatch(q, -1)
		if len(ms) != len(args) {
			t.Fatalf("%+v: %d placeholders for %d args in %s", f, len(ms), len(args), q)
		}
		for i, m := range ms {
			if m[1] != fmt.Sprint(i+1) {
				t.Errorf("%+v: placeholder %d is $%s in %s", f, i+1, m[1], q)
			}
		}
		union := strings.Contains(q, "UNION ALL")
		if union != (!f.ReferredOnly && !f.OwnedOnly) {
			t.Errorf("%+v: union %v in %s", f, union, q)
		}
		wantLimit := f.Limit
		if wantLimit == 0 {
			wantLimit = DefaultCaseLimit
		}
		if args[len(args)-2] != wantLimit || args[len(args)-1] != f.Offset {
			t.Errorf("%+v: limit/offset args %v", f, args[len(args)-2:])
		}
	}
}

func TestEncodeDecodeCase(t *testing.T) {
	a := cases.Actor{UserID: 2, TenantID: 1, Role: "officer", Name: "O"}
	now := time.Date(2026, 1, 2, 3, 4, 5, 678901234, time.FixedZone("X", 3600))
	c, _, err := cases.New(a, assess.Collaboration{Title: "T", Countries: []string{"cn"}}, assess.Assessment{Risk: assess.RiskLow, Outcome: assess.OutcomeProceed}, now)
	if err != nil {
		t.Fatal(err)
	}
	c.ID, c.Version = 5, 3
	row, err := EncodeCase(&c)
	if err != nil {
		t.Fatal(err)
	}
	if row.Countries != `["cn"]` || row.Summary.Title != "T" || row.AssigneeArg() != nil || row.ReferredArg() != nil {
		t.Errorf("row %+v", row)
	}
	// The columns win over the body's copies.
	got, err := DecodeCase(row.Body, 6, 1, 4)
	if err != nil || got.ID != 6 || got.Version != 4 || !got.CreatedAt.Equal(c.CreatedAt) {
		t.Errorf("decoded %+v, %v", got, err)
	}
	if _, err := DecodeCase([]byte("{"), 6, 1, 4); err == nil || !strings.Contains(err.Error(), "case 6") {
		t.Errorf("bad body: %v", err)
	}
	bad := c
	bad.Collaboration.Title = "a\x00b"
	if _, err := EncodeCase(&bad); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("NUL in title: %v, want ErrInvalid", err)
	}
}
