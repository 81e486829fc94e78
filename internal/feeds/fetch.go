package feeds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// validators are the HTTP cache validators of one file's last successful
// fetch.
type validators struct {
	etag, lastModified string
}

func (v validators) empty() bool { return v.etag == "" && v.lastModified == "" }

// fetched is what one file's download produced.
type fetched struct {
	file        File
	notModified bool   // the server answered 304 to a conditional request
	missing     bool   // an optional file answered 404
	path        string // where the body was saved
	size        int64
	sum         []byte // SHA-256 of the body
	v           validators
}

// errRetry marks a failure worth another try: a network error, a timeout,
// a connection cut mid-body, a 5xx answer or 429 Too Many Requests. after
// is how long the server asked the client to wait (Retry-After), if it
// did.
type errRetry struct {
	err   error
	after time.Duration
}

func (e errRetry) Error() string { return e.err.Error() }
func (e errRetry) Unwrap() error { return e.err }

// fetchFile downloads one file into dir, retrying what is worth retrying
// with exponential backoff, at most u.attempts() tries.
func (u *Updater) fetchFile(ctx context.Context, src *Source, f File, v validators, dir string) (fetched, error) {
	wait := u.backoff()
	for try := 1; ; try++ {
		r, err := u.get(ctx, src, f, v, dir)
		if err == nil {
			return r, nil
		}
		var re errRetry
		if !errors.As(err, &re) || ctx.Err() != nil {
			return r, err
		}
		if try >= u.attempts() {
			return r, fmt.Errorf("%w (gave up after %d tries)", err, try)
		}
		if re.after > u.maxRetryAfter() {
			return r, fmt.Errorf("%w (the server asks to wait %s before retrying, longer than an update waits: %s; the next round will try again)", err, re.after, u.maxRetryAfter())
		}
		wait = max(wait, re.after)
		u.logger().Warn("list download failed; retrying", "source", src.Name, "file", f.Name, "try", try, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return r, fmt.Errorf("%w (stopped while waiting to retry: %w)", err, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, maxBackoff)
	}
}

// retryAfter reads a Retry-After header (seconds, or an HTTP date after
// now); 0 when it is absent, unreadable or in the past.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if secs, err := strconv.Atoi(h); err == nil {
		return time.Duration(max(secs, 0)) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// maxBackoff caps the wait between two tries.
const maxBackoff = time.Minute

// get makes one request for f and, on 200, saves and checks the body.
func (u *Updater) get(ctx context.Context, src *Source, f File, v validators, dir string) (fetched, error) {
	out := fetched{file: f}
	ctx, cancel := context.WithTimeout(ctx, src.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return out, fmt.Errorf("GET %s: %w", f.URL, err)
	}
	req.Header.Set("User-Agent", u.userAgent())
	if cts := src.contentTypes(); len(cts) > 0 {
		req.Header.Set("Accept", strings.Join(cts, ", ")+", */*;q=0.1")
	}
	if v.etag != "" {
		req.Header.Set("If-None-Match", v.etag)
	}
	if v.lastModified != "" {
		req.Header.Set("If-Modified-Since", v.lastModified)
	}
	resp, err := u.client().Do(req)
	if err != nil {
		// *url.Error repeats the method and URL that this message gives.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return out, errRetry{err: fmt.Errorf("GET %s: %w", f.URL, timeoutHint(err, src))}
	}
	defer resp.Body.Close()
	// Drain a little of an unread body so the connection can be reused.
	defer io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	out.v = validators{etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		if v.empty() {
			return out, fmt.Errorf("GET %s: the server answered 304 Not Modified to a request that was not conditional", f.URL)
		}
		// A 304 may repeat the validators or not; keep ours for what it
		// leaves out.
		if out.v.etag == "" {
			out.v.etag = v.etag
		}
		if out.v.lastModified == "" {
			out.v.lastModified = v.lastModified
		}
		out.notModified = true
		return out, nil
	case resp.StatusCode == http.StatusNotFound && f.Optional:
		out.missing = true
		return out, nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return out, errRetry{err: fmt.Errorf("GET %s: HTTP %s", f.URL, resp.Status), after: retryAfter(resp.Header.Get("Retry-After"), u.now())}
	case resp.StatusCode != http.StatusOK:
		return out, fmt.Errorf("GET %s: HTTP %s", f.URL, resp.Status)
	}
	if err := checkContentType(src, resp.Header.Get("Content-Type")); err != nil {
		return out, fmt.Errorf("GET %s: rejected: %w", f.URL, err)
	}
	limit := src.maxBytes()
	if resp.ContentLength > limit {
		return out, fmt.Errorf("GET %s: rejected: the file is %d bytes, over the limit of %d", f.URL, resp.ContentLength, limit)
	}
	out.path = filepath.Join(dir, f.Name)
	file, err := os.Create(out.path)
	if err != nil {
		return out, fmt.Errorf("save %s: %w", f.Name, err)
	}
	h := sha256.New()
	var head prefix
	n, err := io.Copy(io.MultiWriter(file, h, &head), io.LimitReader(resp.Body, limit+1))
	if cerr := file.Close(); err == nil && cerr != nil {
		return out, fmt.Errorf("save %s: %w", f.Name, cerr)
	}
	if err != nil {
		// A connection cut or stalled mid-body: the file is incomplete.
		return out, errRetry{err: fmt.Errorf("GET %s: incomplete download after %d bytes: %w", f.URL, n, timeoutHint(err, src))}
	}
	switch {
	case n > limit:
		return out, fmt.Errorf("GET %s: rejected: the file is over the limit of %d bytes", f.URL, limit)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return out, errRetry{err: fmt.Errorf("GET %s: truncated: got %d of %d bytes", f.URL, n, resp.ContentLength)}
	case n == 0:
		return out, fmt.Errorf("GET %s: rejected: the file is empty", f.URL)
	}
	if looksLikeHTML(head.b) {
		return out, fmt.Errorf("GET %s: rejected: the content is an HTML page (an error or login page?), not a %s list", f.URL, src.Format)
	}
	out.size, out.sum = n, h.Sum(nil)
	return out, nil
}

// timeoutHint names the per-file timeout when err is one.
func timeoutHint(err error, src *Source) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %v: %w", src.timeout(), err)
	}
	return err
}

// checkContentType refuses HTML always, and any declared type the source
// does not accept. No Content-Type at all is let through: the body is
// sniffed and parsed anyway.
func checkContentType(src *Source, header string) error {
	if strings.TrimSpace(header) == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(header)
	if err != nil {
		return fmt.Errorf("unreadable Content-Type %q: %v", header, err)
	}
	if isHTMLType(mt) {
		return fmt.Errorf("the server sent an HTML page (Content-Type %s), not a %s list", mt, src.Format)
	}
	accepted := src.contentTypes()
	if len(accepted) == 0 {
		return nil
	}
	if slices.ContainsFunc(accepted, func(a string) bool {
		am, _, err := mime.ParseMediaType(a)
		return err == nil && am == mt
	}) {
		return nil
	}
	return fmt.Errorf("unexpected Content-Type %s for a %s list (accepted: %s)", mt, src.Format, strings.Join(accepted, ", "))
}

func isHTMLType(mt string) bool {
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// prefix keeps the first bytes written to it, for sniffing.
type prefix struct{ b []byte }

const sniffLen = 1024

func (p *prefix) Write(b []byte) (int, error) {
	if room := sniffLen - len(p.b); room > 0 {
		p.b = append(p.b, b[:min(room, len(b))]...)
	}
	return len(b), nil
}

// looksLikeHTML reports whether a body starts like an HTML document: what
// a proxy, a captive portal or a publisher's error page sends with a 200
// and sometimes with a list's content type.
func looksLikeHTML(head []byte) bool {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	b = bytes.ToLower(bytes.TrimLeft(b, " \t\r\n"))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<title", "<meta ", "<script"} {
		if bytes.HasPrefix(b, []byte(p)) {
			return true
		}
	}
	// XHTML: an XML declaration (or comment) followed by an html root.
	if bytes.HasPrefix(b, []byte("<?xml")) || bytes.HasPrefix(b, []byte("<!--")) {
		return bytes.Contains(b, []byte("<html")) || bytes.Contains(b, []byte("<!doctype html"))
	}
	return false
}

// combinedChecksum is the hex SHA-256 of the files as sources.List
// ContentHash defines it: one file's own hash, or for several the hash of
// "NAME\x00HEX\n" lines sorted by name.
func combinedChecksum(fs []fetched) string {
	var present []fetched
	for _, f := range fs {
		if !f.missing {
			present = append(present, f)
		}
	}
	if len(present) == 1 {
		return hex.EncodeToString(present[0].sum)
	}
	slices.SortStableFunc(present, func(a, b fetched) int { return strings.Compare(a.file.Name, b.file.Name) })
	h := sha256.New()
	for _, f := range present {
		fmt.Fprintf(h, "%s\x00%x\n", f.file.Name, f.sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}
