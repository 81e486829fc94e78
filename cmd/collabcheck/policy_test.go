package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/assess"
)

func TestPolicyCommands(t *testing.T) {
	db := assessDB(t)
	dir := t.TempDir()
	if _, errs, code := cli(t, db, "", "tenants", "add", "Northmoor University"); code != 0 {
		t.Fatal(errs)
	}
	good := filepath.Join(dir, "tenant.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, good, "version: northmoor-2\ndisable_rules: [sanctioned-party]\nrules:\n  - id: sanctioned-review\n    title: Sanctioned parties go to the adviser\n    severity: critical\n    outcome: refer_to_adviser\n    when: {hit_category: [sanctions]}\n    mitigations: [adviser-referral]\n")
	writeFile(t, bad, "version: x\nrules:\n  - id: r\n    title: t\n    severity: dire\n    outcome: proceed\n    when: {vibes: bad}\n")
	proposal := filepath.Join(examples, "sanctioned_company.yaml")

	out, _, code := cli(t, db, "", "policy", "show", "--tenant", "Northmoor University")
	if code != 0 || !strings.Contains(out, "embedded default policy") {
		t.Fatalf("show before set: code %d out %s", code, out)
	}
	if _, errs, code := cli(t, db, "", "policy", "set", "--tenant", "Northmoor University", good); code != 0 {
		t.Fatalf("set: %s", errs)
	}
	a, _ := assessJSON(t, db, "--tenant", "Northmoor University", proposal)
	if a.Outcome != assess.OutcomeReferToAdviser || a.PolicyVersion != "2025.1+northmoor-2" {
		t.Fatalf("stored override not used: outcome %s policy %s", a.Outcome, a.PolicyVersion)
	}
	// An invalid file is rejected with its lines; the policy in force stays.
	_, errs, code := cli(t, db, "", "policy", "set", "--tenant", "Northmoor University", bad)
	if code != 1 || !strings.Contains(errs, "line 5") || !strings.Contains(errs, "unknown fact") {
		t.Fatalf("bad set: code %d err %s", code, errs)
	}
	out, _, _ = cli(t, db, "", "policy", "show", "--tenant", "Northmoor University")
	if !strings.Contains(out, "northmoor-2") || !strings.Contains(out, "sanctioned-review") {
		t.Fatalf("policy in force changed after a rejected file: %s", out)
	}
	if _, errs, code := cli(t, db, "", "policy", "rm", "--tenant", "Northmoor University"); code != 0 {
		t.Fatalf("rm: %s", errs)
	}
	a, _ = assessJSON(t, db, "--tenant", "Northmoor University", proposal)
	if a.Outcome != assess.OutcomeDoNotProceed {
		t.Fatalf("after rm: outcome %s", a.Outcome)
	}
	out, _, _ = cli(t, db, "", "audit", "log", "--subject", "policy:1")
	if strings.Count(out, "policy.") < 2 {
		t.Errorf("policy changes missing from the audit log: %s", out)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"policy", "set", good}, 2, "--tenant"},
		{[]string{"policy", "set", "--tenant", "Nobody", good}, 1, "Nobody"},
		{[]string{"assess", "--tenant", "Northmoor University", "--policy", good, proposal}, 2, "not both"},
	} {
		if _, errs, code := cli(t, db, "", tc.args...); code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: code %d err %q", tc.args, code, errs)
		}
	}
	_ = os.Remove(bad)
}
