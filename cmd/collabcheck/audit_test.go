package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/audit"
)

// auditDB makes a database with a few audited CLI writes: two tenants and
// a user, so three entries.
func auditDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "cc.db")
	for _, args := range [][]string{
		{"tenants", "add", "Northbridge University"},
		{"tenants", "add", "--kind", "adviser", "National Advice Team"},
		{"users", "add", "--tenant", "Northbridge University", "--email", "ada@northbridge.example", "--name", "Ada", "--role", "officer"},
	} {
		if _, errs, code := cli(t, db, "", args...); code != 0 {
			t.Fatalf("%v: code %d: %s", args, code, errs)
		}
	}
	return db
}

func verifyJSON(t *testing.T, out string) verifyResult {
	t.Helper()
	var res verifyResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("verify --json output %q: %v", out, err)
	}
	return res
}

func TestAuditVerify(t *testing.T) {
	db := auditDB(t)
	out, errs, code := cli(t, db, "", "audit", "verify")
	if code != 0 || !strings.Contains(out, "verified: 3 entries") || !strings.Contains(out, "head: 3:") {
		t.Fatalf("verify: code %d out %q err %q", code, out, errs)
	}
	out, _, code = cli(t, db, "", "audit", "verify", "--json")
	res := verifyJSON(t, out)
	if code != 0 || !res.OK || res.Verified != 3 || res.Head.Seq != 3 || len(res.Head.Hash) != 64 {
		t.Fatalf("verify --json: code %d %+v", code, res)
	}
	head := res.Head.String()

	// The recorded head still matches, also after more writes.
	if _, errs, code := cli(t, db, "", "tenants", "add", "Southgate College"); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code = cli(t, db, "", "audit", "verify", "--head", head)
	if code != 0 || !strings.Contains(out, "verified: 4 entries") || !strings.Contains(out, "entry 3 still has the recorded hash") {
		t.Fatalf("verify --head %s: code %d out %q err %q", head, code, out, errs)
	}

	tests := []struct {
		name string
		head string
		code int
		want string
	}{
		{"head beyond the end (truncation)", "9:" + res.Head.Hash, 1, "entry 9 of the recorded head is missing"},
		{"other hash (rewritten)", "3:" + strings.Repeat("0", 64), 1, "at entry 3"},
		{"not SEQ:HASH", "three", 2, "want SEQ:HASH"},
		{"short hash", "3:abc", 2, "64 lower-case hex"},
		{"zero seq", "0:" + res.Head.Hash, 2, "positive entry number"},
	}
	for _, tc := range tests {
		_, errs, code := cli(t, db, "", "audit", "verify", "--head", tc.head)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: code %d err %q; want code %d and %q", tc.name, code, errs, tc.code, tc.want)
		}
	}
}

// TestAuditVerifyDetectsTampering edits and deletes rows in the SQLite
// file behind the store's back.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want string
	}{
		{"edited detail", `UPDATE audit_log SET detail = '{"name":"Someone Else"}' WHERE seq = 2`, "at entry 2"},
		{"edited actor", `UPDATE audit_log SET actor = 'cli:nobody' WHERE seq = 1`, "at entry 1"},
		{"deleted middle entry", `DELETE FROM audit_log WHERE seq = 2`, "at entry 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := auditDB(t)
			raw, err := sql.Open("sqlite", db)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			raw.Close()
			out, errs, code := cli(t, db, "", "audit", "verify")
			if code != 1 || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "audit chain broken") {
				t.Errorf("verify after %s: code %d err %q; want exit 1 naming %q", tc.name, code, errs, tc.want)
			}
			if strings.Contains(out, "audit trail verified") {
				t.Errorf("verify after %s claims success: %q", tc.name, out)
			}
			out, _, code = cli(t, db, "", "audit", "verify", "--json")
			res := verifyJSON(t, out)
			if code != 1 || res.OK || !strings.Contains(res.Error, tc.want) {
				t.Errorf("verify --json after %s: code %d %+v", tc.name, code, res)
			}
		})
	}
}

func TestAuditLog(t *testing.T) {
	db := auditDB(t)
	out, errs, code := cli(t, db, "", "audit", "log", "--json")
	if code != 0 {
		t.Fatalf("log --json: code %d err %q", code, errs)
	}
	var es []audit.Entry
	if err := json.Unmarshal([]byte(out), &es); err != nil {
		t.Fatalf("log --json output %q: %v", out, err)
	}
	var v audit.Verifier
	for _, e := range es {
		if err := v.Next(e); err != nil {
			t.Errorf("entry printed by log --json does not verify: %v", err)
		}
	}
	if len(es) != 3 || es[0].Action != "tenant.create" || es[2].Action != "user.create" {
		t.Fatalf("log --json entries %+v", es)
	}
	want := "cli:" + osUserName()
	for _, e := range es {
		if e.Actor != want {
			t.Errorf("entry %d actor %q, want %q", e.Seq, e.Actor, want)
		}
	}
	if strings.Contains(out, "argon2id") {
		t.Errorf("the audit log shows a password hash: %s", out)
	}
	subject := fmt.Sprintf("user:%d", 1)
	out, _, code = cli(t, db, "", "audit", "log", "--subject", subject)
	if code != 0 || !strings.Contains(out, "user.create") || strings.Contains(out, "tenant.create") || !strings.Contains(out, "ada@northbridge.example") {
		t.Errorf("log --subject %s: code %d out %q", subject, code, out)
	}
	out, _, code = cli(t, db, "", "audit", "log", "--subject", "case:404", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("log of an unknown subject: code %d out %q, want []", code, out)
	}
	out, _, code = cli(t, filepath.Join(t.TempDir(), "empty.db"), "", "audit", "log")
	if code != 0 || !strings.Contains(out, "empty") {
		t.Errorf("log of a fresh database: code %d out %q", code, out)
	}
	if _, errs, code := cli(t, db, "", "audit"); code != 2 || !strings.Contains(errs, "verify or log") {
		t.Errorf("bare audit: code %d err %q", code, errs)
	}
}
