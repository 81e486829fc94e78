package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/jobs"
)

// TestJobsAndAlertsCLI queues jobs, lists, shows and cancels them, and
// configures a tenant's alert channels, on a real SQLite file.
func TestJobsAndAlertsCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	if out, errs, code := cli(t, db, "", "jobs", "ls"); code != 0 || !strings.Contains(out, "no jobs") {
		t.Fatalf("jobs ls on a fresh db: %d %q %q", code, out, errs)
	}
	if _, errs, code := cli(t, db, "", "jobs", "rescreen"); code != 2 || !strings.Contains(errs, "no list is loaded") {
		t.Fatalf("rescreen without lists: %d %q", code, errs)
	}
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "aspi", filepath.Join(fixtures, "aspi", "tracker.json")); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := cli(t, db, "", "jobs", "rescreen")
	if code != 0 || !strings.Contains(out, "queued re-screen job 1") {
		t.Fatalf("rescreen: %d %q %q", code, out, errs)
	}
	if out, _, code := cli(t, db, "", "jobs", "rescreen"); code != 0 || !strings.Contains(out, "job 1 already") {
		t.Fatalf("second rescreen for the same versions: %d %q", code, out)
	}
	if out, errs, code := cli(t, db, "", "jobs", "update", "csl"); code != 0 || !strings.Contains(out, "csl: queued as job ") {
		t.Fatalf("jobs update csl: %d %q %q", code, out, errs)
	}
	if _, errs, code := cli(t, db, "", "jobs", "update", "no_such_source"); code != 2 || !strings.Contains(errs, "no_such_source") {
		t.Fatalf("update of an unknown source: %d %q", code, errs)
	}
	out, _, _ = cli(t, db, "", "jobs", "ls", "--json")
	var list []jobs.Job
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("jobs ls --json %q: %v", out, err)
	}
	if len(list) != 2 || list[0].Kind != jobs.KindListUpdate || list[1].Kind != jobs.KindRescreen || list[1].State != "available" {
		t.Fatalf("jobs %+v", list)
	}
	if out, _, code := cli(t, db, "", "jobs", "show", "1"); code != 0 || !strings.Contains(out, "job 1: rescreen") || !strings.Contains(out, "aspi_cdut@") {
		t.Fatalf("jobs show 1: %d %q", code, out)
	}
	if out, _, code := cli(t, db, "", "jobs", "cancel", "1"); code != 0 || !strings.Contains(out, "job 1 cancelled") {
		t.Fatalf("jobs cancel 1: %d %q", code, out)
	}
	if out, _, _ := cli(t, db, "", "jobs", "ls", "--kind", "rescreen"); !strings.Contains(out, "cancelled") || strings.Contains(out, "list_update") {
		t.Fatalf("jobs ls --kind rescreen after cancel: %q", out)
	}
	if _, errs, code := cli(t, db, "", "jobs", "show", "99"); code != 1 || !strings.Contains(errs, "no job 99") {
		t.Fatalf("show of an unknown job: %d %q", code, errs)
	}
	if _, _, code := cli(t, db, "", "jobs", "cancel", "x"); code != 2 {
		t.Fatalf("cancel x: code %d, want a usage error", code)
	}

	if _, errs, code := cli(t, db, "", "tenants", "add", "Northbridge University"); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := cli(t, db, "", "alerts", "webhook", "set", "--tenant", "Northbridge University", "https://hooks.northbridge.example/cc", "--secret", "short"); code != 2 || !strings.Contains(errs, "secret") {
		t.Fatalf("webhook with a short secret: %d %q", code, errs)
	}
	if out, errs, code := cli(t, db, "", "alerts", "webhook", "set", "--tenant", "Northbridge University", "https://hooks.northbridge.example/cc", "--secret", "a-long-shared-secret-123"); code != 0 || !strings.Contains(out, "go to https://hooks.northbridge.example/cc") {
		t.Fatalf("webhook set: %d %q %q", code, out, errs)
	}
	if out, _, _ := cli(t, db, "", "alerts", "webhook", "show", "--tenant", "Northbridge University"); !strings.Contains(out, "hooks.northbridge.example") || strings.Contains(out, "a-long-shared-secret") {
		t.Fatalf("webhook show %q: want the URL and never the secret", out)
	}
	if _, errs, code := cli(t, db, "", "alerts", "email", "set", "--tenant", "Northbridge University", "not-an-address"); code != 2 {
		t.Fatalf("email set with a bad address: %d %q", code, errs)
	}
	if out, _, code := cli(t, db, "", "alerts", "email", "set", "--tenant", "Northbridge University", "rso@northbridge.example"); code != 0 || !strings.Contains(out, "rso@northbridge.example") {
		t.Fatalf("email set: %d %q", code, out)
	}
	if out, _, code := cli(t, db, "", "alerts", "webhook", "rm", "--tenant", "Northbridge University"); code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("webhook rm: %d %q", code, out)
	}
	if out, _, _ := cli(t, db, "", "alerts", "webhook", "show", "--tenant", "Northbridge University"); !strings.Contains(out, "no webhook channel") {
		t.Fatalf("webhook show after rm: %q", out)
	}
	if out, _, code := cli(t, db, "", "alerts", "ls", "--tenant", "Northbridge University"); code != 0 || !strings.Contains(out, "no alerts") {
		t.Fatalf("alerts ls: %d %q", code, out)
	}
	if _, errs, code := cli(t, db, "", "alerts", "ls", "--tenant", "Nowhere"); code != 1 || !strings.Contains(errs, "no tenant named") {
		t.Fatalf("alerts ls of an unknown tenant: %d %q", code, errs)
	}
}

func TestParseSMTP(t *testing.T) {
	for _, tc := range []struct {
		in, wantAddr, wantUser, wantErr string
	}{
		{"", "", "", ""},
		{"smtp://mail.example:25?from=cc@uni.example", "mail.example:25", "", ""},
		{"smtp://bot:pw@mail.example:587?from=cc@uni.example", "mail.example:587", "bot", ""},
		{"http://mail.example:25?from=cc@uni.example", "", "", "want smtp://"},
		{"smtp://mail.example?from=cc@uni.example", "", "", "want smtp://"},
		{"smtp://bot:secretpw@mail.example:25?from=nobody", "", "", "not an email address"},
	} {
		cfg, err := parseSMTP(tc.in)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || strings.Contains(err.Error(), "secretpw") {
				t.Errorf("parseSMTP(%q) = %v, want an error with %q and no password", tc.in, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("parseSMTP(%q): %v", tc.in, err)
		case tc.in == "" && cfg != nil:
			t.Errorf("parseSMTP(\"\") = %+v, want nil", cfg)
		case tc.in != "" && (cfg.Addr != tc.wantAddr || cfg.Username != tc.wantUser):
			t.Errorf("parseSMTP(%q) = %+v", tc.in, cfg)
		}
	}
}

func TestEnvDuration(t *testing.T) {
	t.Setenv(EnvUpdateEvery, "")
	if d, err := envDuration(EnvUpdateEvery, 6*time.Hour); err != nil || d != 6*time.Hour {
		t.Errorf("unset: %v %v", d, err)
	}
	t.Setenv(EnvUpdateEvery, "0")
	if d, err := envDuration(EnvUpdateEvery, 6*time.Hour); err != nil || d != 0 {
		t.Errorf("0: %v %v", d, err)
	}
	t.Setenv(EnvUpdateEvery, "weekly")
	if _, err := envDuration(EnvUpdateEvery, 6*time.Hour); err == nil || !strings.Contains(err.Error(), EnvUpdateEvery) {
		t.Errorf("weekly: %v, want an error naming the variable", err)
	}
}
