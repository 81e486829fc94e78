package web

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// query is a checked query string: valid UTF-8, every parameter known to
// the route and given at most once.
type query map[string]string

// parseQuery checks raw against the route's parameters. Every fault is
// reported, not just the first, so a client can fix them in one go.
func parseQuery(raw string, rt *route) (query, *Problem) {
	if raw == "" || !rt.Strict {
		return nil, nil
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return nil, badRequest(FieldError{Detail: "the query string is malformed: " + sanitize(err.Error())})
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	q := make(query, len(vals))
	var errs []FieldError
	for _, k := range keys {
		v := vals[k]
		switch {
		case !utf8.ValidString(k):
			errs = append(errs, FieldError{Parameter: sanitize(k), Detail: "a parameter name is not valid UTF-8"})
		case !containsString(rt.Params, k):
			want := "none"
			if len(rt.Params) > 0 {
				want = strings.Join(rt.Params, ", ")
			}
			errs = append(errs, paramError(sanitize(k), "unknown parameter; this endpoint accepts: %s", want))
		case len(v) > 1:
			errs = append(errs, paramError(k, "given %d times; give it once", len(v)))
		case !utf8.ValidString(v[0]):
			errs = append(errs, paramError(k, "is not valid UTF-8"))
		default:
			q[k] = v[0]
		}
	}
	if len(errs) > 0 {
		return nil, badRequest(errs...)
	}
	return q, nil
}

// limit reads the "limit" parameter, match.DefaultLimit when absent,
// appending a fault to errs.
func (q query) limit(errs *[]FieldError) int {
	s, ok := q["limit"]
	if !ok {
		return match.DefaultLimit
	}
	n, err := parseLimit(s)
	if err != nil {
		*errs = append(*errs, paramError("limit", "%v", err))
	}
	return n
}

// threshold reads the "threshold" parameter, match.DefaultThreshold when
// absent, appending a fault to errs.
func (q query) threshold(errs *[]FieldError) float64 {
	s, ok := q["threshold"]
	if !ok {
		return match.DefaultThreshold
	}
	t, err := parseThreshold(s)
	if err != nil {
		*errs = append(*errs, paramError("threshold", "%v", err))
	}
	return t
}

// parseLimit reads a candidate limit: an integer from 1 to MaxLimit.
func parseLimit(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("must be an integer from 1 to %d, got %q", MaxLimit, sanitize(s))
	}
	if err := checkLimit(n); err != nil {
		return 0, err
	}
	return n, nil
}

func checkLimit(n int) error {
	if n < 1 || n > MaxLimit {
		return fmt.Errorf("must be from 1 to %d, got %d", MaxLimit, n)
	}
	return nil
}

// parseThreshold reads a hit threshold: a number in (0, 1].
func parseThreshold(s string) (float64, error) {
	t, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, fmt.Errorf("must be a number greater than 0 and at most 1, got %q", sanitize(s))
	}
	if err := checkThreshold(t); err != nil {
		return 0, err
	}
	return t, nil
}

func checkThreshold(t float64) error {
	if math.IsNaN(t) || t <= 0 || t > 1 {
		return fmt.Errorf("must be greater than 0 and at most 1, got %v", t)
	}
	return nil
}

// screenKinds are the values of "type" for screening.
var screenKinds = []string{string(watchlist.KindPerson), string(watchlist.KindOrganization), string(watchlist.KindVessel), string(watchlist.KindOther)}

// pairKinds are the values of "type" for pairwise matching.
var pairKinds = []string{string(watchlist.KindPerson), string(watchlist.KindOrganization)}

// parseKind reads an entity kind; "" means any.
func parseKind(s string, allowed []string) (watchlist.Kind, error) {
	if s == "" || containsString(allowed, s) {
		return watchlist.Kind(s), nil
	}
	return "", fmt.Errorf("must be one of %s, got %q", strings.Join(allowed, ", "), sanitize(s))
}

// checkCountry accepts an ISO 3166-1 alpha-2 code or a country name the
// engine knows; "" means none. An unknown country is an error rather than
// silently ignored, because a screen the user believes is qualified by
// country but is not would mislead them.
func checkCountry(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > maxCountryBytes {
		return fmt.Errorf("longer than %d bytes", maxCountryBytes)
	}
	n := names.Normalize(s)
	if len(n) == 2 && n[0] >= 'a' && n[0] <= 'z' && n[1] >= 'a' && n[1] <= 'z' {
		return nil
	}
	if _, ok := names.CountryCode(n); ok {
		return nil
	}
	return fmt.Errorf("must be an ISO 3166-1 alpha-2 code or a country name, got %q", sanitize(s))
}

// checkName checks a name before it reaches the engine, with the engine's
// own rules, so that the fault can be pinned on the right parameter.
func checkName(s string) error {
	switch {
	case len(s) > match.MaxQueryBytes:
		return fmt.Errorf("is %d bytes long; the limit is %d bytes", len(s), match.MaxQueryBytes)
	case !utf8.ValidString(s):
		return fmt.Errorf("is not valid UTF-8")
	case strings.TrimSpace(s) == "":
		return fmt.Errorf("is empty")
	case names.Normalize(s) == "":
		return fmt.Errorf("has no letters or digits to screen")
	}
	return nil
}

// nameError turns an engine error about a name into a sentence.
func nameError(err error) error {
	switch err {
	case match.ErrEmptyQuery:
		return fmt.Errorf("has no letters or digits to screen")
	case match.ErrQueryTooLong:
		return fmt.Errorf("is longer than the limit of %d bytes", match.MaxQueryBytes)
	case match.ErrInvalidUTF8:
		return fmt.Errorf("is not valid UTF-8")
	}
	return nil
}
