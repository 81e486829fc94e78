package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/secure"
)

// filledTemplate prints the review template and fills every answer with
// yes (choices with their best option), then applies overrides.
func filledTemplate(t *testing.T, db string, override map[string]string) string {
	t.Helper()
	out, errs, code := cli(t, db, "", "review")
	if code != 0 {
		t.Fatalf("review template: code %d err %s", code, errs)
	}
	filled := strings.ReplaceAll(out, `: ""`, ": yes")
	override2 := map[string]string{"company": `"Tidewater Robotics Ltd"`, "date": `"2026-11-29"`,
		"threats_review_cadence": "milestones", "growth_export_process": "compliance_process"}
	for k, v := range override {
		override2[k] = v
	}
	for k, v := range override2 {
		filled = strings.Replace(filled, "\n"+k+": yes", "\n"+k+": "+v, 1)
		filled = strings.Replace(filled, "  "+k+": yes", "  "+k+": "+v, 1)
	}
	return filled
}

func TestReviewCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cc.db")
	prev := filepath.Join(dir, "prev.yaml")
	cur := filepath.Join(dir, "cur.yaml")
	writeFile(t, prev, filledTemplate(t, db, map[string]string{"env_mfa": "no", "ip_strategy": "no"}))
	writeFile(t, cur, filledTemplate(t, db, map[string]string{"ip_strategy": "partly"}))

	out, errs, code := cli(t, db, "", "review", "--answers", cur, "--previous", prev, "--json")
	if code != 0 {
		t.Fatalf("review: code %d err %s", code, errs)
	}
	var r secure.Review
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("review --json: %v\n%s", err, out)
	}
	if r.Company != "Tidewater Robotics Ltd" || len(r.Actions) != 1 || r.Actions[0].Question != "ip_strategy" {
		t.Errorf("review = company %q actions %+v", r.Company, r.Actions)
	}
	if r.Progress == nil || len(r.Progress.Done) != 1 || r.Progress.Done[0].Question != "env_mfa" || r.Progress.OverallDelta <= 0 {
		t.Errorf("progress = %+v", r.Progress)
	}

	out, _, code = cli(t, db, "", "review", "--answers", cur)
	if code != 0 || !strings.Contains(out, "1. Agree an IP strategy with an adviser [priority high, effort medium]") {
		t.Errorf("text review: code %d\n%s", code, out)
	}

	for _, name := range []string{"r.html", "r.pdf"} {
		path := filepath.Join(dir, name)
		if _, errs, code := cli(t, db, "", "review", "--answers", cur, "--out", path); code != 0 {
			t.Fatalf("review --out %s: %s", name, errs)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".pdf") != bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s has the wrong format: %q", name, b[:min(len(b), 10)])
		}
	}
	if _, errs, code := cli(t, db, "", "review", "--answers", cur, "--out", filepath.Join(dir, "r.docx")); code != 2 || !strings.Contains(errs, ".html or .pdf") {
		t.Errorf("--out .docx: code %d err %s", code, errs)
	}
}

func TestReviewCLIRejectsMisfitAnswers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cc.db")
	bad := filepath.Join(dir, "bad.yaml")
	filled := filledTemplate(t, db, map[string]string{"env_mfa": "sometimes"})
	filled = strings.Replace(filled, `version: "`, `version: "0.`, 1)
	writeFile(t, bad, filled)
	_, errs, code := cli(t, db, "", "review", "--answers", bad)
	if code != 1 {
		t.Fatalf("code %d, want 1", code)
	}
	for _, w := range []string{"version: answers questionnaire version", `answers.env_mfa: invalid answer "sometimes"`} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
}

// A company tenant's stored review is the baseline of its next one.
func TestReviewCLIStoredProgress(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cc.db")
	if _, errs, code := cli(t, db, "", "tenants", "add", "--kind", "company", "Tidewater Robotics"); code != 0 {
		t.Fatalf("tenants add: %s", errs)
	}
	first := filepath.Join(dir, "first.yaml")
	second := filepath.Join(dir, "second.yaml")
	writeFile(t, first, filledTemplate(t, db, map[string]string{"env_mfa": "no", "ip_strategy": "no"}))
	writeFile(t, second, filledTemplate(t, db, map[string]string{"ip_strategy": "partly"}))

	review := func(file string, extra ...string) secure.Review {
		t.Helper()
		out, errs, code := cli(t, db, "", append([]string{"review", "--json", "--answers", file, "--tenant", "Tidewater Robotics"}, extra...)...)
		if code != 0 {
			t.Fatalf("review %s: code %d err %s", file, code, errs)
		}
		var r secure.Review
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := review(first, "--save"); r.Progress != nil {
		t.Errorf("first stored review has progress %+v", r.Progress)
	}
	r := review(second) // compared, not saved
	if r.Progress == nil || len(r.Progress.Done) != 1 || r.Progress.Done[0].Question != "env_mfa" {
		t.Fatalf("progress against the stored review = %+v", r.Progress)
	}
	// Not saved: comparing again still uses the first review.
	if r2 := review(second, "--save"); r2.Progress == nil || r2.Progress.PreviousOverall != r.Progress.PreviousOverall {
		t.Errorf("second comparison = %+v", r2.Progress)
	}
	// Now the second is the baseline: nothing done or new.
	if r3 := review(second); r3.Progress == nil || len(r3.Progress.Done) != 0 || len(r3.Progress.New) != 0 || r3.Progress.OverallDelta != 0 {
		t.Errorf("after saving the second review, progress = %+v", r3.Progress)
	}
	if _, errs, code := cli(t, db, "", "review", "--answers", second, "--save"); code != 2 || !strings.Contains(errs, "--save needs --tenant") {
		t.Errorf("--save without --tenant: code %d err %s", code, errs)
	}
}
