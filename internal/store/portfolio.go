package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Portfolio keeps portfolio screening runs per tenant: each run's summary
// and the findings it produced (works whose authors are affiliated with a
// listed or defence-linked organisation). A run is processed in numbered
// chunks of input records; SavePortfolioChunk stores one chunk's findings
// and marks the chunk done in one transaction, so a run interrupted by a
// crash resumes after its last saved chunk without storing a finding twice.
//
// Every read is scoped by tenant: another tenant's run or finding is
// ErrNotFound.
//
// Get it from an opened Store with PortfolioOf.
type Portfolio interface {
	// CreatePortfolioRun stores r as a new run in state running and
	// returns it with its id. r.TenantID must exist (else ErrNotFound).
	CreatePortfolioRun(ctx context.Context, r PortfolioRun) (PortfolioRun, error)
	// PortfolioRun returns the tenant's run with the id, or ErrNotFound.
	PortfolioRun(ctx context.Context, tenantID, id int64) (PortfolioRun, error)
	// PortfolioRuns returns the tenant's runs, newest first.
	PortfolioRuns(ctx context.Context, tenantID int64) ([]PortfolioRun, error)
	// SavePortfolioChunk stores the findings of chunk c of the run and
	// marks the chunk done, in one transaction. Saving a chunk already
	// done writes nothing and returns created=false, so a resumed worker
	// that repeats a chunk cannot duplicate its findings.
	SavePortfolioChunk(ctx context.Context, tenantID, runID int64, c PortfolioChunk) (created bool, err error)
	// PortfolioChunksDone returns the numbers of the run's saved chunks in
	// ascending order.
	PortfolioChunksDone(ctx context.Context, tenantID, runID int64) ([]int, error)
	// FinishPortfolioRun records the run's final state (done, failed or
	// cancelled), its summary and the time it finished.
	FinishPortfolioRun(ctx context.Context, tenantID, runID int64, state PortfolioState, sum PortfolioSummary, at time.Time) error
	// PortfolioFindings calls fn for every finding of the run in id
	// order, streaming rows. An error from fn stops the walk and is
	// returned.
	PortfolioFindings(ctx context.Context, tenantID, runID int64, fn func(PortfolioFinding) error) error
	// PortfolioFinding returns one of the tenant's findings, or
	// ErrNotFound.
	PortfolioFinding(ctx context.Context, tenantID, id int64) (PortfolioFinding, error)
	// ClaimPortfolioChunk claims chunk of the run for worker for lease,
	// so several workers can share one run: it succeeds (true) when the
	// chunk is not done and is unclaimed, already worker's (the lease is
	// renewed), or held by another worker whose lease has ended (a worker
	// that died). A chunk claimed twice is still saved once: the done
	// mark SavePortfolioChunk writes is create-once.
	ClaimPortfolioChunk(ctx context.Context, tenantID, runID int64, chunk int, worker string, lease time.Duration) (bool, error)
	// PortfolioChunkStats returns the run's saved chunks with what each
	// counted, in chunk order, to sum a shared run's summary.
	PortfolioChunkStats(ctx context.Context, tenantID, runID int64) ([]PortfolioChunkDone, error)
}

// PortfolioOf returns the Portfolio side of a store, or an error when the
// backend does not keep portfolio runs.
func PortfolioOf(s Store) (Portfolio, error) {
	p, ok := s.(Portfolio)
	if !ok {
		return nil, fmt.Errorf("store %T does not keep portfolio runs", s)
	}
	return p, nil
}

// PortfolioState is where a run is.
type PortfolioState string

// The states of a run.
const (
	PortfolioRunning   PortfolioState = "running"
	PortfolioDone      PortfolioState = "done"
	PortfolioFailed    PortfolioState = "failed"
	PortfolioCancelled PortfolioState = "cancelled"
)

// Valid reports whether s is one of the states.
func (s PortfolioState) Valid() bool {
	switch s {
	case PortfolioRunning, PortfolioDone, PortfolioFailed, PortfolioCancelled:
		return true
	}
	return false
}

// PortfolioRun is one import of a publication file.
type PortfolioRun struct {
	ID       int64 `json:"id"`
	TenantID int64 `json:"tenant_id"`
	// Source names the file imported; Format is "openalex" or "csv".
	Source string `json:"source"`
	Format string `json:"format"`
	// ChunkSize is how many records one chunk holds; a resumed run must
	// use the same size so chunk numbers mean the same records.
	ChunkSize  int              `json:"chunk_size"`
	State      PortfolioState   `json:"state"`
	StartedAt  time.Time        `json:"started_at"`
	FinishedAt time.Time        `json:"finished_at,omitzero"`
	Summary    PortfolioSummary `json:"summary"`
}

// PortfolioSummary counts what a run read and found.
type PortfolioSummary struct {
	// Records are the input lines (OpenAlex) or rows (CSV) read as works
	// or authorships; Works are the works among them.
	Records int64 `json:"records"`
	Works   int64 `json:"works"`
	// Strings counts affiliation strings seen, Distinct the distinct ones
	// after normalisation, Resolved those resolved to at least one
	// registry organisation, Flagged the distinct strings with a list hit.
	Strings  int64 `json:"strings"`
	Distinct int64 `json:"distinct"`
	Resolved int64 `json:"resolved"`
	Flagged  int64 `json:"flagged"`
	Findings int64 `json:"findings"`
	// Malformed counts rejected lines; MalformedLines keeps the first
	// ones with the reason (at most MaxMalformedKept).
	Malformed      int64                `json:"malformed"`
	MalformedLines []PortfolioLineError `json:"malformed_lines,omitempty"`
	// WorksByArea and WorksByField count the works (flagged or not) in
	// each sensitive area and opportunity field, for the report's base
	// rates.
	WorksByArea  map[string]int64 `json:"works_by_area,omitempty"`
	WorksByField map[string]int64 `json:"works_by_field,omitempty"`
	// Error says why a failed run failed.
	Error string `json:"error,omitempty"`
	// Seconds is the processing wall time.
	Seconds float64 `json:"seconds,omitempty"`
}

// MaxMalformedKept bounds how many malformed lines a summary lists.
const MaxMalformedKept = 1000

// PortfolioLineError is one malformed input line.
type PortfolioLineError struct {
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

// PortfolioChunk is one processed chunk: its number, the findings in it
// and the counts to add to the run's progress.
type PortfolioChunk struct {
	Chunk    int                `json:"chunk"`
	Records  int64              `json:"records"`
	Findings []PortfolioFinding `json:"findings"`
	// Stats is what processing the chunk counted; SavedBy names the
	// worker that saved it (empty for an in-process import).
	Stats   PortfolioChunkStats `json:"stats"`
	SavedBy string              `json:"saved_by,omitempty"`
}

// PortfolioChunkStats counts what one chunk held and found. Distinct,
// Resolved and Flagged count the strings first met in the chunk by the
// worker that processed it (each worker remembers its own strings).
type PortfolioChunkStats struct {
	Works        int64            `json:"works"`
	Strings      int64            `json:"strings"`
	Distinct     int64            `json:"distinct"`
	Resolved     int64            `json:"resolved"`
	Flagged      int64            `json:"flagged"`
	Findings     int64            `json:"findings"`
	WorksByArea  map[string]int64 `json:"works_by_area,omitempty"`
	WorksByField map[string]int64 `json:"works_by_field,omitempty"`
}

// PortfolioChunkDone is a saved chunk as PortfolioChunkStats reads it.
type PortfolioChunkDone struct {
	Chunk   int                 `json:"chunk"`
	Records int64               `json:"records"`
	SavedBy string              `json:"saved_by"`
	Stats   PortfolioChunkStats `json:"stats"`
}

// SumPortfolioChunks adds the chunks' counts into a run summary (works,
// strings, distinct, resolved, flagged, findings and the label counts);
// the caller fills in what the reader knows (records, malformed lines).
func SumPortfolioChunks(cs []PortfolioChunkDone) PortfolioSummary {
	sum := PortfolioSummary{WorksByArea: map[string]int64{}, WorksByField: map[string]int64{}}
	for _, c := range cs {
		s := &c.Stats
		sum.Works += s.Works
		sum.Strings += s.Strings
		sum.Distinct += s.Distinct
		sum.Resolved += s.Resolved
		sum.Flagged += s.Flagged
		sum.Findings += s.Findings
		for k, v := range s.WorksByArea {
			sum.WorksByArea[k] += v
		}
		for k, v := range s.WorksByField {
			sum.WorksByField[k] += v
		}
	}
	return sum
}

// ValidateSavedBy checks the worker name a chunk is saved with.
func (c *PortfolioChunk) ValidateSavedBy() error {
	if err := checkText(c.SavedBy); err != nil {
		return fmt.Errorf("%w: save chunk %d: worker name %w", ErrInvalid, c.Chunk, err)
	}
	return nil
}

// ValidateClaim checks a chunk claim's arguments.
func ValidateClaim(chunk int, worker string, lease time.Duration) error {
	if chunk < 0 {
		return fmt.Errorf("%w: claim chunk %d: negative chunk number", ErrInvalid, chunk)
	}
	if worker == "" || checkText(worker) != nil {
		return fmt.Errorf("%w: claim chunk %d: the worker needs a name", ErrInvalid, chunk)
	}
	if lease < time.Second {
		return fmt.Errorf("%w: claim chunk %d: lease %v is shorter than a second", ErrInvalid, chunk, lease)
	}
	return nil
}

// PortfolioFinding is one flagged collaboration: an author of a work whose
// affiliation resolves to (or names) an organisation with list hits.
type PortfolioFinding struct {
	ID       int64 `json:"id"`
	RunID    int64 `json:"run_id"`
	TenantID int64 `json:"tenant_id"`
	Chunk    int   `json:"chunk"`
	// Line is where the work starts in the input file.
	Line   int64  `json:"line"`
	WorkID string `json:"work_id,omitempty"`
	Title  string `json:"title"`
	Year   int    `json:"year,omitempty"`
	// Person is the author with the flagged affiliation; Department is the
	// sub-unit parsed from that affiliation ("School of Materials
	// Science"), empty when none is recognisable.
	Person      string `json:"person"`
	Department  string `json:"department,omitempty"`
	Affiliation string `json:"affiliation"`
	// Partner is the flagged organisation: a registry organisation (ROR
	// id) or, for an unresolved string, the listed entity's name.
	PartnerID      string         `json:"partner_id,omitempty"`
	PartnerName    string         `json:"partner_name"`
	PartnerCountry string         `json:"partner_country,omitempty"`
	Hits           []PortfolioHit `json:"hits"`
	// Areas are the sensitive technology areas, Fields the opportunity
	// fields of the work (taxonomy ids).
	Areas  []string `json:"areas"`
	Fields []string `json:"fields"`
	// Coauthors are the work's other authors. Lists read back from a
	// store are never nil.
	Coauthors []string `json:"coauthors,omitempty"`
}

// PortfolioHit is one list hit behind a finding.
type PortfolioHit struct {
	List     string   `json:"list"`
	SourceID string   `json:"source_id"`
	Name     string   `json:"name"`
	Score    float64  `json:"score"`
	Programs []string `json:"programs,omitempty"`
	// Via is the registry path to the listed party ("parent: X"), empty
	// for a direct hit.
	Via []string `json:"via,omitempty"`
}

// Validate checks a finding's text can be stored.
func (f *PortfolioFinding) Validate() error {
	for _, v := range []struct{ name, s string }{{"title", f.Title}, {"person", f.Person}, {"department", f.Department},
		{"affiliation", f.Affiliation}, {"partner", f.PartnerName}, {"work id", f.WorkID}, {"partner id", f.PartnerID}} {
		if err := checkText(v.s); err != nil {
			return fmt.Errorf("%w: finding of line %d: %s %w", ErrInvalid, f.Line, v.name, err)
		}
	}
	return nil
}

// PortfolioFindingJSON is the JSON text of a finding's list columns, as
// both backends store them.
type PortfolioFindingJSON struct {
	Hits, Areas, Fields, Coauthors string
}

// EncodePortfolioFinding returns the JSON text of f's list columns. Lists
// are never encoded as null, so they read back as empty slices.
func EncodePortfolioFinding(f *PortfolioFinding) (PortfolioFindingJSON, error) {
	var out PortfolioFindingJSON
	for _, c := range []struct {
		dst *string
		v   any
	}{{&out.Hits, nonNil(f.Hits)}, {&out.Areas, nonNil(f.Areas)}, {&out.Fields, nonNil(f.Fields)}, {&out.Coauthors, nonNil(f.Coauthors)}} {
		b, err := json.Marshal(c.v)
		if err != nil {
			return out, fmt.Errorf("encode finding of line %d: %w", f.Line, err)
		}
		*c.dst = string(b)
	}
	return out, nil
}

// DecodePortfolioFinding fills f's list fields from their JSON text.
func DecodePortfolioFinding(f *PortfolioFinding, j PortfolioFindingJSON) error {
	for _, c := range []struct {
		name, src string
		dst       any
	}{{"hits", j.Hits, &f.Hits}, {"areas", j.Areas, &f.Areas}, {"fields", j.Fields, &f.Fields}, {"coauthors", j.Coauthors, &f.Coauthors}} {
		if err := json.Unmarshal([]byte(c.src), c.dst); err != nil {
			return fmt.Errorf("finding %d: bad %s column: %w", f.ID, c.name, err)
		}
	}
	if f.Hits == nil {
		f.Hits = []PortfolioHit{}
	}
	if f.Areas == nil {
		f.Areas = []string{}
	}
	if f.Fields == nil {
		f.Fields = []string{}
	}
	if f.Coauthors == nil {
		f.Coauthors = []string{}
	}
	return nil
}

// DecodePortfolioSummary parses a run's summary column.
func DecodePortfolioSummary(runID int64, s string) (PortfolioSummary, error) {
	var sum PortfolioSummary
	if err := json.Unmarshal([]byte(s), &sum); err != nil {
		return sum, fmt.Errorf("portfolio run %d: bad summary column: %w", runID, err)
	}
	return sum, nil
}

// ValidatePortfolioRun checks a new run before it is stored.
func ValidatePortfolioRun(r *PortfolioRun) error {
	if r.ChunkSize <= 0 {
		return fmt.Errorf("%w: portfolio run: chunk size %d must be positive", ErrInvalid, r.ChunkSize)
	}
	for _, v := range []struct{ name, s string }{{"source", r.Source}, {"format", r.Format}} {
		if err := checkText(v.s); err != nil {
			return fmt.Errorf("%w: portfolio run: %s %w", ErrInvalid, v.name, err)
		}
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
