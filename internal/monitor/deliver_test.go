package monitor

import (
	"context"
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// smtpSink is a local SMTP server that keeps every message it accepts.
type smtpSink struct {
	mu   sync.Mutex
	msgs []sunk
}

type sunk struct {
	from string
	to   []string
	data []byte
}

type sinkSession struct {
	s   *smtpSink
	cur sunk
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }

func (ss *sinkSession) Reset()        { ss.cur = sunk{} }
func (ss *sinkSession) Logout() error { return nil }
func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.cur.from = from
	return nil
}
func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.cur.to = append(ss.cur.to, to)
	return nil
}
func (ss *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.cur.data = b
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, ss.cur)
	ss.s.mu.Unlock()
	return nil
}

func startSMTP(t *testing.T) (*smtpSink, string) {
	t.Helper()
	sink := &smtpSink{}
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return sink, ln.Addr().String()
}

// TestEmailDelivery sends an alert through a local SMTP server and reads
// the message it received.
func TestEmailDelivery(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, openSQLite(t))
	sink, addr := startSMTP(t)
	if err := e.al.SetAlertChannel(ctx, store.AlertChannel{TenantID: e.tenant.ID, Channel: store.ChannelEmail,
		Target: "rso@northfield.example, Deputy <deputy@northfield.example>"}); err != nil {
		t.Fatal(err)
	}
	e.importList(t, baseEntities()...)
	c := e.newCase(t, "Optics exchange", partner)
	e.importList(t, append(baseEntities(), entity("Z-1", partner, "PROG-NEW"))...)
	if n, err := e.rescreener().Case(ctx, e.tenant.ID, c.ID); err != nil || n != 1 {
		t.Fatalf("rescreen raised %d alerts (%v), want 1", n, err)
	}
	// Without an SMTP server configured the delivery waits and says why.
	d := &Dispatcher{Alerts: e.al, Owner: "mailer", Backoff: time.Millisecond}
	if n, err := d.RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("RunOnce without SMTP: %d %v", n, err)
	}
	as := e.alerts(t)
	ds, _ := e.al.Deliveries(ctx, as[0].ID)
	if len(ds) != 1 || ds[0].DeliveredAt != nil || !strings.Contains(ds[0].LastError, "no SMTP server") {
		t.Fatalf("delivery without SMTP: %+v", ds)
	}
	time.Sleep(5 * time.Millisecond)
	d.SMTP = &SMTPConfig{Addr: addr, From: "collabcheck@northfield.example"}
	if n, err := d.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("RunOnce with SMTP: delivered %d (%v), want 1", n, err)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.msgs) != 1 {
		t.Fatalf("SMTP server received %d messages, want 1", len(sink.msgs))
	}
	m := sink.msgs[0]
	if m.from != "collabcheck@northfield.example" || strings.Join(m.to, ",") != "rso@northfield.example,deputy@northfield.example" {
		t.Errorf("envelope from %q to %v", m.from, m.to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(m.data)))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, m.data)
	}
	body, _ := io.ReadAll(msg.Body)
	if subj := msg.Header.Get("Subject"); !strings.Contains(subj, "New listing on case") || !strings.Contains(subj, partner) {
		t.Errorf("subject %q", subj)
	}
	if !strings.Contains(string(body), "Z-1") || !strings.Contains(string(body), "PROG-NEW") {
		t.Errorf("body does not name the entity and program:\n%s", body)
	}
	ds, _ = e.al.Deliveries(ctx, as[0].ID)
	if ds[0].DeliveredAt == nil || ds[0].Attempts != 2 {
		t.Errorf("delivery row %+v, want delivered on the second attempt", ds[0])
	}
}

func TestSignVerify(t *testing.T) {
	body := []byte(`{"alert":1}`)
	sig := Sign("secret-one-0123456789", body)
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != len("sha256=")+64 {
		t.Fatalf("signature %q", sig)
	}
	for _, tc := range []struct {
		name, secret string
		body         []byte
		sig          string
		want         bool
	}{
		{"good", "secret-one-0123456789", body, sig, true},
		{"other secret", "secret-two-0123456789", body, sig, false},
		{"changed body", "secret-one-0123456789", []byte(`{"alert":2}`), sig, false},
		{"no prefix", "secret-one-0123456789", body, strings.TrimPrefix(sig, "sha256="), false},
		{"empty", "secret-one-0123456789", body, "", false},
	} {
		if got := Verify(tc.secret, tc.body, tc.sig); got != tc.want {
			t.Errorf("%s: Verify = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func hitFinding(list, id, name string, programs ...string) assess.Finding {
	f := assess.Finding{ID: "rule"}
	for _, p := range programs {
		f.Evidence = append(f.Evidence, assess.Evidence{Fact: "hit_category", Party: "partners[0]", List: list, SourceID: id, Name: name, Program: p, Category: "sanctions"})
	}
	return f
}

func TestCompare(t *testing.T) {
	near := assess.Finding{ID: "near", Evidence: []assess.Evidence{{Fact: "uncertain_hit", List: "l", SourceID: "N-1"}}}
	tests := []struct {
		name          string
		before, after []assess.Finding
		want          []string // kind/source id
	}{
		{"nothing", nil, nil, nil},
		{"same hit in two findings", []assess.Finding{hitFinding("l", "A", "a", "P1")},
			[]assess.Finding{hitFinding("l", "A", "a", "P1"), hitFinding("l", "A", "a", "P1")}, nil},
		{"new", nil, []assess.Finding{hitFinding("l", "A", "a", "P1")}, []string{"new_hit/A"}},
		{"new program", []assess.Finding{hitFinding("l", "A", "a", "P1")}, []assess.Finding{hitFinding("l", "A", "a", "P1", "P2")}, []string{"changed_hit/A"}},
		{"removed", []assess.Finding{hitFinding("l", "A", "a", "P1")}, nil, []string{"removed_hit/A"}},
		{"near misses are not hits", nil, []assess.Finding{near}, nil},
		{"mixed", []assess.Finding{hitFinding("l", "A", "a", "P1"), hitFinding("l", "B", "b", "P1")},
			[]assess.Finding{hitFinding("l", "B", "b", "P1"), hitFinding("l", "C", "c", "P3")}, []string{"removed_hit/A", "new_hit/C"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, ch := range Compare(assess.Assessment{Findings: tc.before}, assess.Assessment{Findings: tc.after}) {
				got = append(got, string(ch.Kind)+"/"+ch.Hit.SourceID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("Compare = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestActive(t *testing.T) {
	for _, tc := range []struct {
		s    cases.State
		o    assess.Outcome
		want bool
	}{
		{cases.Draft, "", true}, {cases.Referred, "", true},
		{cases.Decided, assess.OutcomeProceedWithMitigations, true}, {cases.Decided, assess.OutcomeDoNotProceed, false},
		{cases.Closed, assess.OutcomeProceed, true}, {cases.Closed, assess.OutcomeDoNotProceed, false},
	} {
		if got := Active(tc.s, tc.o); got != tc.want {
			t.Errorf("Active(%s, %s) = %v, want %v", tc.s, tc.o, got, tc.want)
		}
	}
}
