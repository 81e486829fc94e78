package feeds

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/collabcheck/collabcheck/internal/sources"
)

// EnvSources names the environment variable that gives the sources file
// when --sources is not set.
const EnvSources = "COLLABCHECK_SOURCES"

// Config is a sources file: YAML or JSON (JSON is YAML too). Entries whose
// name is a built-in source change only the fields they set, so pointing
// the defaults at a mirror takes one line each; other entries add sources.
//
//	# keep the built-in sources (the default); false uses only these
//	defaults: true
//	# fetch every OpenSanctions dataset from a mirror
//	opensanctions_base: https://mirror.example.org/opensanctions/latest
//	sources:
//	  - name: csl
//	    url: https://mirror.example.org/csl/consolidated.json
//	  - name: ofac_sdn                 # several files: one folder holding them
//	    base_url: https://mirror.example.org/ofac/
//	  - name: ru_rupep                 # another OpenSanctions dataset
//	    opensanctions: ru_rupep
//	  - name: partners                 # any list a reader understands
//	    format: csv
//	    url: https://intranet.example.org/partners.csv
//	    min_entities: 1
//	  - name: ca_named_research_orgs
//	    disabled: true
type Config struct {
	Defaults          *bool          `json:"defaults,omitempty" yaml:"defaults,omitempty"`
	OpenSanctionsBase string         `json:"opensanctions_base,omitempty" yaml:"opensanctions_base,omitempty"`
	Sources           []SourceConfig `json:"sources" yaml:"sources"`
}

// SourceConfig is one entry of a sources file. URL sets the one file of a
// one-file source; BaseURL points every file of a source at NAME under
// one folder URL; OpenSanctions names a dataset (format ftm, URL under
// opensanctions_base). Zero fields keep the built-in values.
type SourceConfig struct {
	Name          string   `json:"name" yaml:"name"`
	Title         string   `json:"title,omitempty" yaml:"title,omitempty"`
	Format        string   `json:"format,omitempty" yaml:"format,omitempty"`
	URL           string   `json:"url,omitempty" yaml:"url,omitempty"`
	BaseURL       string   `json:"base_url,omitempty" yaml:"base_url,omitempty"`
	OpenSanctions string   `json:"opensanctions,omitempty" yaml:"opensanctions,omitempty"`
	Files         []File   `json:"files,omitempty" yaml:"files,omitempty"`
	ContentTypes  []string `json:"content_types,omitempty" yaml:"content_types,omitempty"`
	MaxBytes      int64    `json:"max_bytes,omitempty" yaml:"max_bytes,omitempty"`
	MinEntities   int      `json:"min_entities,omitempty" yaml:"min_entities,omitempty"`
	MaxShrink     float64  `json:"max_shrink,omitempty" yaml:"max_shrink,omitempty"`
	Timeout       Duration `json:"timeout,omitempty" yaml:"timeout,omitempty"`
	Disabled      *bool    `json:"disabled,omitempty" yaml:"disabled,omitempty"`
}

// maxConfigBytes bounds a sources file.
const maxConfigBytes = 1 << 20

// Load returns the configured sources: the built-in Defaults when path is
// empty, else the defaults changed and extended by the file at path (see
// Config). Errors name the file and the entry.
func Load(path string) ([]Source, error) {
	if path == "" {
		return Defaults(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sources file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return nil, fmt.Errorf("sources file %s: %w", path, err)
	}
	if len(b) > maxConfigBytes {
		return nil, fmt.Errorf("sources file %s: larger than %d bytes", path, maxConfigBytes)
	}
	srcs, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("sources file %s: %w", path, err)
	}
	return srcs, nil
}

// Parse reads a sources file's content (YAML or JSON) and applies it to
// the defaults, as Load does.
func Parse(b []byte) ([]Source, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return c.Apply()
}

// Apply returns the sources c configures: the defaults (unless
// Defaults is false) with c's entries applied in order.
func (c *Config) Apply() ([]Source, error) {
	var out []Source
	if c.Defaults == nil || *c.Defaults {
		out = Defaults()
	}
	if c.OpenSanctionsBase != "" {
		for i := range out {
			if out[i].Format == sources.FormatFtM && len(out[i].Files) == 1 && strings.HasPrefix(out[i].Files[0].URL, OpenSanctionsBase+"/") {
				out[i].Files[0].URL = OpenSanctionsURL(c.OpenSanctionsBase, out[i].Name)
			}
		}
	}
	index := map[string]int{}
	for i, s := range out {
		index[s.Name] = i
	}
	for n, e := range c.Sources {
		where := fmt.Sprintf("sources entry %d (%s)", n+1, e.Name)
		if strings.TrimSpace(e.Name) == "" {
			return nil, fmt.Errorf("sources entry %d: no name", n+1)
		}
		i, known := index[e.Name]
		var s Source
		switch {
		case known:
			s = out[i]
		case e.OpenSanctions != "":
			s = OpenSanctionsSource(c.OpenSanctionsBase, e.OpenSanctions, "")
			s.Name = e.Name
		default:
			s = Source{Name: e.Name}
		}
		if err := e.applyTo(&s); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if known {
			out[i] = s
		} else {
			index[s.Name] = len(out)
			out = append(out, s)
		}
	}
	for i := range out {
		if err := out[i].Validate(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (e *SourceConfig) applyTo(s *Source) error {
	set := 0
	for _, v := range []bool{e.URL != "", e.BaseURL != "", len(e.Files) > 0} {
		if v {
			set++
		}
	}
	if set > 1 {
		return errors.New("give only one of url, base_url and files")
	}
	if e.Title != "" {
		s.Title = e.Title
	}
	if e.Format != "" {
		s.Format = e.Format
	}
	switch {
	case e.OpenSanctions != "" && s.Format != sources.FormatFtM:
		return fmt.Errorf("opensanctions datasets are FtM, not %q", s.Format)
	case e.URL != "":
		switch len(s.Files) {
		case 0:
			s.Files = []File{{Name: fileNameFromURL(e.URL, s.Name), URL: e.URL}}
		case 1:
			s.Files[0].URL = e.URL
		default:
			return fmt.Errorf("the source has %d files: set base_url (a folder holding them) or files, not url", len(s.Files))
		}
	case e.BaseURL != "":
		if len(s.Files) == 0 {
			return errors.New("base_url needs files to name (set url or files instead)")
		}
		base := e.BaseURL
		if !strings.HasSuffix(base, "/") {
			base += "/"
		}
		for i := range s.Files {
			s.Files[i].URL = base + s.Files[i].Name
		}
	case len(e.Files) > 0:
		s.Files = append([]File(nil), e.Files...)
	}
	if len(e.ContentTypes) > 0 {
		s.ContentTypes = e.ContentTypes
	}
	if e.MaxBytes != 0 {
		s.MaxBytes = e.MaxBytes
	}
	if e.MinEntities != 0 {
		s.MinEntities = e.MinEntities
	}
	if e.MaxShrink != 0 {
		s.MaxShrink = e.MaxShrink
	}
	if e.Timeout != 0 {
		s.Timeout = e.Timeout
	}
	if e.Disabled != nil {
		s.Disabled = *e.Disabled
	}
	return nil
}

// fileNameFromURL names a downloaded file after the URL's last path
// segment, or the source when the URL has none.
func fileNameFromURL(raw, fallback string) string {
	name := raw
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	name = name[strings.LastIndex(name, "/")+1:]
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "\\%") {
		return fallback
	}
	return name
}

// Select returns the sources named, in the order given, or every enabled
// source when names is empty. An unknown name is an error listing the
// known ones.
func Select(all []Source, names []string) ([]Source, error) {
	if len(names) == 0 {
		var out []Source
		for _, s := range all {
			if !s.Disabled {
				out = append(out, s)
			}
		}
		return out, nil
	}
	byName := map[string]Source{}
	var known []string
	for _, s := range all {
		byName[s.Name] = s
		known = append(known, s.Name)
	}
	var out []Source
	seen := map[string]bool{}
	for _, n := range names {
		s, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("no source named %q (configured: %s)", n, strings.Join(known, ", "))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, s)
		}
	}
	return out, nil
}
