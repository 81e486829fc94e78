// Package feeds keeps watch lists current from their publishers' official
// downloads. A Source says where a list is published (one URL, or several
// files for OFAC's CSV set), in which format, and what a sane download of
// it looks like (content types, size, a floor of entries). An Updater
// fetches a source conditionally (If-None-Match / If-Modified-Since from
// the last successful fetch), with timeouts and bounded retries, checks
// what arrived (not HTML, an accepted content type, within the size limit,
// complete, parsed in full by the list's reader, not suspiciously small)
// and only then imports it with store.ImportList, which creates a new
// version only when the content changed and switches to it atomically.
// Any failure keeps the active version and is recorded in store.Feeds.
// A Scheduler runs the Updater on an interval inside `collabcheck serve`,
// keeps a status summary for /readyz and exports Prometheus metrics.
//
// Air-gapped sites do not use this package: they keep importing files with
// `collabcheck lists import`, which stores the same content under the same
// list names with the same content hashes.
package feeds

import (
	"errors"
	"fmt"
	"mime"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/sources"
)

// Source is one list and where it is downloaded from.
type Source struct {
	// Name is the list's name in the store ("csl", "ofac_sdn",
	// "us_special_leg"); it matches what `lists import` names the same
	// file, so an online site and an air-gapped one keep the same lists.
	Name string `json:"name" yaml:"name"`
	// Title says what the list is, for people.
	Title string `json:"title,omitempty" yaml:"title,omitempty"`
	// Format is the reader that parses it (one of sources.Formats).
	Format string `json:"format" yaml:"format"`
	// Files are the files that make up one download. Most sources have
	// one; OFAC's CSV set has four, saved under these names into one folder
	// before its reader reads them.
	Files []File `json:"files" yaml:"files"`
	// ContentTypes are the media types accepted in the Content-Type header
	// (parameters such as charset are ignored). Empty means the format's
	// defaults (DefaultContentTypes). HTML is always refused, and so is a
	// body that looks like an HTML page whatever its declared type.
	ContentTypes []string `json:"content_types,omitempty" yaml:"content_types,omitempty"`
	// MaxBytes caps each file's size; 0 means DefaultMaxBytes.
	MaxBytes int64 `json:"max_bytes,omitempty" yaml:"max_bytes,omitempty"`
	// MinEntities is the fewest entities a download may hold; fewer is
	// treated as a broken publication, not as the list being emptied.
	// 0 means 1.
	MinEntities int `json:"min_entities,omitempty" yaml:"min_entities,omitempty"`
	// MaxShrink is the largest fraction of the active version's entities a
	// new download may lose (0.5: at least half must remain); more is
	// refused as suspicious. 0 means DefaultMaxShrink; 1 disables the check.
	MaxShrink float64 `json:"max_shrink,omitempty" yaml:"max_shrink,omitempty"`
	// Timeout bounds one file's download (each try); 0 means
	// DefaultTimeout.
	Timeout Duration `json:"timeout,omitempty" yaml:"timeout,omitempty"`
	// Disabled sources are kept in the configuration but not fetched
	// unless named explicitly.
	Disabled bool `json:"disabled,omitempty" yaml:"disabled,omitempty"`
}

// File is one file of a source: the name it is saved under (which a
// reader may rely on, as OFAC's does) and the URL it is fetched from.
type File struct {
	Name string `json:"name" yaml:"name"`
	URL  string `json:"url" yaml:"url"`
	// Optional files may be missing (HTTP 404) without failing the
	// source; the reader then notes what is missing.
	Optional bool `json:"optional,omitempty" yaml:"optional,omitempty"`
}

// Defaults for the fields of Source left zero.
const (
	DefaultMaxBytes  = 512 << 20
	DefaultTimeout   = 5 * time.Minute
	DefaultMaxShrink = 0.5
)

// OpenSanctionsBase is where OpenSanctions publishes each dataset's latest
// export: BASE/<dataset>/entities.ftm.json.
const OpenSanctionsBase = "https://data.opensanctions.org/datasets/latest"

// OpenSanctionsURL is the FollowTheMoney export of an OpenSanctions
// dataset under base (OpenSanctionsBase when empty).
func OpenSanctionsURL(base, dataset string) string {
	if base == "" {
		base = OpenSanctionsBase
	}
	return strings.TrimRight(base, "/") + "/" + url.PathEscape(dataset) + "/entities.ftm.json"
}

// OpenSanctionsSource is the source of one OpenSanctions dataset by name
// (us_special_leg, ca_named_research_orgs …), read with the FtM reader.
func OpenSanctionsSource(base, dataset, title string) Source {
	return Source{
		Name: dataset, Title: title, Format: sources.FormatFtM,
		Files: []File{{Name: dataset + ".ftm.json", URL: OpenSanctionsURL(base, dataset)}},
	}
}

// ofacExports is where OFAC's Sanctions List Service publishes the legacy
// SDN CSV set (the files www.treasury.gov/ofac/downloads used to serve).
const ofacExports = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

// Defaults returns the built-in sources, in the order they are fetched.
// Their URLs are the publishers' own (confirmed against public code that
// downloads them); a configuration file can point any of them at a mirror.
//
// The UK Sanctions List and the other OpenSanctions datasets come from
// OpenSanctions's bulk exports, whose licence is free for non-commercial
// use only: a commercial deployment needs OpenSanctions's licence, or
// disables those sources in its sources file.
func Defaults() []Source {
	return []Source{
		{
			Name: "csl", Title: "US Consolidated Screening List (trade.gov, JSON)", Format: sources.FormatCSL,
			Files:       []File{{Name: "consolidated.json", URL: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json"}},
			MinEntities: 1000,
		},
		{
			Name: "ofac_sdn", Title: "US Treasury OFAC Specially Designated Nationals (CSV set)", Format: sources.FormatOFAC,
			Files: []File{
				{Name: "sdn.csv", URL: ofacExports + "SDN.CSV"},
				{Name: "add.csv", URL: ofacExports + "ADD.CSV"},
				{Name: "alt.csv", URL: ofacExports + "ALT.CSV"},
				{Name: "sdn_comments.csv", URL: ofacExports + "SDN_COMMENTS.CSV", Optional: true},
			},
			MinEntities: 1000,
		},
		{
			Name: "un_consolidated", Title: "UN Security Council Consolidated List (XML)", Format: sources.FormatUN,
			Files:       []File{{Name: "consolidated.xml", URL: "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}},
			MinEntities: 100,
		},
		withMin(OpenSanctionsSource("", "gb_fcdo_sanctions", "UK Sanctions List (FCDO), via OpenSanctions"), 500),
		withMin(OpenSanctionsSource("", "us_special_leg", "US special legislative exclusions, incl. the DoD Section 1286 list, via OpenSanctions"), 10),
		withMin(OpenSanctionsSource("", "us_dod_chinese_milcorps", "US DoD Section 1260H Chinese military companies, via OpenSanctions"), 10),
		withMin(OpenSanctionsSource("", "ca_named_research_orgs", "Canada Named Research Organizations, via OpenSanctions"), 10),
		{
			Name: "aspi_cdut", Title: "ASPI China Defence Universities Tracker (MISP galaxy JSON)", Format: sources.FormatASPI,
			Files:       []File{{Name: "china-defence-universities.json", URL: "https://raw.githubusercontent.com/MISP/misp-galaxy/main/clusters/china-defence-universities.json"}},
			MinEntities: 50,
		},
	}
}

func withMin(s Source, n int) Source {
	s.MinEntities = n
	return s
}

// DefaultContentTypes are the media types accepted for each format when a
// source names none. Publishers and mirrors label the same files
// differently (GitHub serves everything as text/plain, object stores as
// application/octet-stream, some web servers CSV as application/vnd.ms-excel),
// so each list is generous; what matters is refusing HTML and types that
// are clearly something else (images, PDFs, archives), which the updater
// does in any case.
var DefaultContentTypes = map[string][]string{
	sources.FormatCSL:  {"application/json", "text/json", "text/csv", "application/csv", "application/vnd.ms-excel", "text/plain", octet, octetS3},
	sources.FormatOFAC: {"text/csv", "application/csv", "application/vnd.ms-excel", "text/plain", octet, octetS3},
	sources.FormatUN:   {"application/xml", "text/xml", "text/plain", octet, octetS3},
	sources.FormatFtM:  {"application/json", "application/x-ndjson", "application/jsonl", "application/json-seq", "text/plain", octet, octetS3},
	sources.FormatASPI: {"application/json", "text/json", "text/plain", octet, octetS3},
	sources.FormatCSV:  {"text/csv", "application/csv", "application/vnd.ms-excel", "text/plain", octet, octetS3},
}

// The generic binary types that file servers and object stores label
// downloads with (the second is what older S3 buckets send).
const (
	octet   = "application/octet-stream"
	octetS3 = "binary/octet-stream"
)

// Validate checks a source's configuration: a name, a known format, at
// least one file, absolute http(s) URLs, distinct plain file names, and
// limits that make sense. Errors name the source and the field.
func (s *Source) Validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return errors.New("source with no name")
	}
	if strings.ContainsAny(s.Name, "/\\\x00") {
		return fmt.Errorf("source %q: the name may not contain / or \\", s.Name)
	}
	if !slices.Contains(sources.Formats, s.Format) {
		return fmt.Errorf("source %q: unknown format %q (want one of %s)", s.Name, s.Format, strings.Join(sources.Formats, ", "))
	}
	if len(s.Files) == 0 {
		return fmt.Errorf("source %q: no url or files", s.Name)
	}
	seen := map[string]bool{}
	for i, f := range s.Files {
		if f.Name == "" || f.Name != path.Base(f.Name) || f.Name == "." || f.Name == ".." || strings.ContainsAny(f.Name, "\\\x00") {
			return fmt.Errorf("source %q file %d: name %q must be a plain file name", s.Name, i+1, f.Name)
		}
		if seen[strings.ToLower(f.Name)] {
			return fmt.Errorf("source %q: file name %q given twice", s.Name, f.Name)
		}
		seen[strings.ToLower(f.Name)] = true
		u, err := url.Parse(f.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("source %q file %s: url %q is not an absolute http(s) URL", s.Name, f.Name, f.URL)
		}
	}
	for _, ct := range s.ContentTypes {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil {
			return fmt.Errorf("source %q: content type %q: %v", s.Name, ct, err)
		}
		if isHTMLType(mt) {
			return fmt.Errorf("source %q: content type %q cannot be accepted: HTML is never a list", s.Name, ct)
		}
	}
	switch {
	case s.MaxBytes < 0:
		return fmt.Errorf("source %q: max_bytes %d is negative", s.Name, s.MaxBytes)
	case s.MinEntities < 0:
		return fmt.Errorf("source %q: min_entities %d is negative", s.Name, s.MinEntities)
	case s.MaxShrink < 0 || s.MaxShrink > 1:
		return fmt.Errorf("source %q: max_shrink %v must be between 0 and 1", s.Name, s.MaxShrink)
	case s.Timeout < 0:
		return fmt.Errorf("source %q: timeout %v is negative", s.Name, time.Duration(s.Timeout))
	}
	return nil
}

// URLs returns the source's file URLs, for messages and the version's
// Source field.
func (s *Source) URLs() []string {
	out := make([]string, len(s.Files))
	for i, f := range s.Files {
		out[i] = f.URL
	}
	return out
}

func (s *Source) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

func (s *Source) minEntities() int {
	return max(1, s.MinEntities)
}

func (s *Source) maxShrink() float64 {
	if s.MaxShrink > 0 {
		return s.MaxShrink
	}
	return DefaultMaxShrink
}

func (s *Source) timeout() time.Duration {
	if s.Timeout > 0 {
		return time.Duration(s.Timeout)
	}
	return DefaultTimeout
}

func (s *Source) contentTypes() []string {
	if len(s.ContentTypes) > 0 {
		return s.ContentTypes
	}
	return DefaultContentTypes[s.Format]
}

// Duration is a time.Duration written as text ("90s", "5m") in
// configuration files.
type Duration time.Duration

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: %w", b, err)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the duration as Go does ("1m30s").
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }
