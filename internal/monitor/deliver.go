package monitor

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/mail"
	"net/smtp"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
)

// Webhook headers. The signature is "sha256=" and the hex HMAC-SHA256 of
// the exact body with the tenant's secret; the delivery id stays the same
// across retries of one delivery, so a receiver can drop a repeat.
const (
	HeaderSignature = "X-Collabcheck-Signature"
	HeaderDelivery  = "X-Collabcheck-Delivery"
	HeaderEvent     = "X-Collabcheck-Event"
)

// Sign returns the signature header value of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether header is a valid signature of body under
// secret, in constant time: what a receiver does.
func Verify(secret string, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}

// Payload is the JSON body a webhook receives.
type Payload struct {
	DeliveryID int64       `json:"delivery_id"`
	Event      string      `json:"event"`
	Alert      store.Alert `json:"alert"`
}

// SMTPConfig says how email alerts are sent.
type SMTPConfig struct {
	// Addr is the server's host:port.
	Addr string
	// From is the sender address.
	From string
	// Username and Password, when set, authenticate with PLAIN (which
	// net/smtp only allows over TLS or to localhost).
	Username, Password string
}

// Dispatcher delivers alerts from the store's outbox. Several dispatchers
// (on several servers) may run: each leases the rows it sends, so one
// delivery is sent by one dispatcher at a time, and a row is marked
// delivered only after a 2xx answer (webhook) or an accepted message
// (email). A failed attempt is retried with exponential backoff. If a
// dispatcher dies between a successful send and recording it, the lease
// expires and the delivery is sent again with the same delivery id.
type Dispatcher struct {
	Alerts store.Alerts
	// Client sends webhooks; nil means a client with a 15s timeout.
	Client *http.Client
	// SMTP, when set, sends email alerts; without it they wait.
	SMTP *SMTPConfig
	// Owner names this dispatcher's leases (default random).
	Owner string
	// Lease is how long a claimed delivery is this dispatcher's (default
	// 5m). It outlasts one attempt (a webhook times out after 30s, an
	// email exchange after 2m), so no other dispatcher sends a delivery
	// while its attempt may still succeed.
	Lease time.Duration
	// Backoff is the wait after the first failure, doubled after each
	// further one up to MaxBackoff (defaults 5s and 1h).
	Backoff, MaxBackoff time.Duration
	Logger              *slog.Logger
	// BaseURL, when set, links the case in emails.
	BaseURL string
}

func (d *Dispatcher) owner() string {
	if d.Owner == "" {
		b := make([]byte, 8)
		rand.Read(b)
		d.Owner = "dispatcher-" + hex.EncodeToString(b)
	}
	return d.Owner
}

// RunOnce claims the due deliveries and tries each once. It returns how
// many were delivered.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	lease := d.Lease
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	owner := d.owner()
	claimed := time.Now()
	ds, err := d.Alerts.ClaimDeliveries(ctx, owner, claimed, lease, 10)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, dl := range ds {
		if time.Since(claimed) > lease/3 {
			// Slow receivers: leave the rest to be claimed again once
			// their leases end, rather than send one whose lease may end
			// mid-attempt.
			break
		}
		err := d.send(ctx, dl)
		if err == nil {
			ok, cerr := d.Alerts.CompleteDelivery(ctx, dl.ID, owner, time.Now())
			if cerr != nil {
				return n, cerr
			}
			if ok {
				n++
			}
			continue
		}
		next := time.Now().Add(d.backoff(dl.Attempts))
		d.log().Warn("alert delivery failed; will retry", "delivery", dl.ID, "alert", dl.AlertID, "channel", dl.Channel,
			"attempt", dl.Attempts+1, "next", next, "err", err)
		if ferr := d.Alerts.FailDelivery(ctx, dl.ID, owner, err.Error(), next); ferr != nil {
			return n, ferr
		}
	}
	return n, nil
}

// Run calls RunOnce every interval until ctx ends; errors are logged.
func (d *Dispatcher) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.log().Error("alert dispatcher", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *Dispatcher) log() *slog.Logger {
	if d.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Logger
}

func (d *Dispatcher) backoff(attempts int) time.Duration {
	b, maxB := d.Backoff, d.MaxBackoff
	if b <= 0 {
		b = 5 * time.Second
	}
	if maxB <= 0 {
		maxB = time.Hour
	}
	for range min(attempts, 30) {
		b *= 2
		if b >= maxB {
			return maxB
		}
	}
	return b
}

func (d *Dispatcher) send(ctx context.Context, dl store.Delivery) error {
	switch dl.Channel {
	case store.ChannelWebhook:
		return d.sendWebhook(ctx, dl)
	case store.ChannelEmail:
		return d.sendEmail(dl)
	}
	return fmt.Errorf("unknown channel %q", dl.Channel)
}

// channel returns the tenant's current configuration of a channel: the
// secret is read at send time, so a rotated secret signs the retries.
func (d *Dispatcher) channel(ctx context.Context, tenant int64, name string) (store.AlertChannel, error) {
	chs, err := d.Alerts.AlertChannels(ctx, tenant)
	if err != nil {
		return store.AlertChannel{}, err
	}
	for _, ch := range chs {
		if ch.Channel == name {
			return ch, nil
		}
	}
	return store.AlertChannel{}, fmt.Errorf("tenant %d has no %s channel any more", tenant, name)
}

func (d *Dispatcher) sendWebhook(ctx context.Context, dl store.Delivery) error {
	ch, err := d.channel(ctx, dl.TenantID, store.ChannelWebhook)
	if err != nil {
		return err
	}
	body, err := json.Marshal(Payload{DeliveryID: dl.ID, Event: "alert." + string(dl.Alert.Kind), Alert: dl.Alert})
	if err != nil {
		return fmt.Errorf("encode webhook body: %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, ch.Target, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "collabcheck-alerts")
	req.Header.Set(HeaderSignature, Sign(ch.Secret, body))
	req.Header.Set(HeaderDelivery, fmt.Sprint(dl.ID))
	req.Header.Set(HeaderEvent, "alert."+string(dl.Alert.Kind))
	c := d.Client
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w", ch.Target, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("POST %s: HTTP %d", ch.Target, resp.StatusCode)
	}
	return nil
}

func (d *Dispatcher) sendEmail(dl store.Delivery) error {
	if d.SMTP == nil || d.SMTP.Addr == "" {
		return errors.New("no SMTP server configured (serve --smtp)")
	}
	var to []string
	for _, a := range strings.Split(dl.Target, ",") {
		addr, err := mail.ParseAddress(strings.TrimSpace(a))
		if err != nil {
			return fmt.Errorf("email address %q: %w", a, err)
		}
		to = append(to, addr.Address)
	}
	msg := EmailMessage(d.SMTP.From, to, dl, d.BaseURL)
	var auth smtp.Auth
	if d.SMTP.Username != "" {
		host, _, _ := strings.Cut(d.SMTP.Addr, ":")
		auth = smtp.PlainAuth("", d.SMTP.Username, d.SMTP.Password, host)
	}
	if err := sendMail(d.SMTP.Addr, auth, d.SMTP.From, to, msg); err != nil {
		return fmt.Errorf("send email via %s: %w", d.SMTP.Addr, err)
	}
	return nil
}

// sendMail is smtp.SendMail with a bound on the whole exchange, so a
// server that stops answering cannot hold the dispatcher.
func sendMail(addr string, a smtp.Auth, from string, to []string, msg []byte) error {
	conn, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(2 * time.Minute)); err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return err
		}
	}
	if a != nil {
		if err := c.Auth(a); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// EmailMessage is the RFC 5322 message an email alert is sent as.
func EmailMessage(from string, to []string, dl store.Delivery, baseURL string) []byte {
	a := dl.Alert
	what := map[store.AlertKind]string{store.AlertNewHit: "New listing", store.AlertChangedHit: "Changed listing",
		store.AlertRemovedHit: "Listing removed"}[a.Kind]
	subject := fmt.Sprintf("[collabcheck] %s on case %d: %s", what, a.CaseID, oneLine(a.Name))
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <alert-%d-delivery-%d@collabcheck>\r\n",
		from, strings.Join(to, ", "), mime.QEncoding.Encode("utf-8", subject), time.Now().UTC().Format(time.RFC1123Z), a.ID, dl.ID)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	fmt.Fprintf(&b, "%s.\r\n\r\nCase: %d\r\nList: %s (version %d)\r\nListed entity: %s (%s)\r\n", oneLine(a.Detail), a.CaseID,
		a.List, a.ListVersion, oneLine(a.Name), a.SourceID)
	if len(a.Programs) > 0 {
		fmt.Fprintf(&b, "Programs: %s\r\n", oneLine(strings.Join(a.Programs, "; ")))
	}
	if len(a.PreviousPrograms) > 0 {
		fmt.Fprintf(&b, "Previously: %s\r\n", oneLine(strings.Join(a.PreviousPrograms, "; ")))
	}
	if baseURL != "" {
		fmt.Fprintf(&b, "\r\n%s/cases/%d\r\n", strings.TrimRight(baseURL, "/"), a.CaseID)
	}
	fmt.Fprintf(&b, "\r\nAlert %d. Acknowledge it in collabcheck (POST /api/v1/alerts/%d/ack).\r\n", a.ID, a.ID)
	return []byte(b.String())
}

func oneLine(s string) string { return strings.NewReplacer("\r", " ", "\n", " ").Replace(s) }
