package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/techarea"
)

func init() { commandBuilders = append(commandBuilders, newAssessCmd) }

func newAssessCmd(g *globals) *cobra.Command {
	var asJSON bool
	var policyFile, tenant string
	c := &cobra.Command{
		Use:   "assess FILE",
		Short: "Assess a proposed collaboration described in a YAML or JSON file",
		Long: `Assess reads a collaboration proposal (YAML, or JSON when the file ends in
.json or starts with "{"), screens every partner and funder name and every
person's affiliations against the loaded lists, classifies the title, summary
and research field into sensitive technology areas and opportunity fields, and
runs the assessment policy over the result.

It prints the outcome (proceed, proceed_with_mitigations, refer_to_adviser,
do_not_proceed), the risk level, each finding with its evidence (which hit on
which list, which area and phrases, which datum of the proposal) and the rule
and policy version that produced it, and the required mitigations with their
reasons and public guidance. The assessment records the policy, list and
taxonomy versions it used; the same inputs give the same assessment.

An invalid proposal (unknown fields, wrong types, invalid values, missing
title or partners) is rejected with every problem and its line, and the
command exits 1. --policy FILE merges a tenant's policy override (version,
parameters, disable_rules, and categories, guidance, mitigations and rules
added or replaced by id) into the embedded default; an invalid override is
rejected with its lines. At least one list must be loaded.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			coll, err := readProposal(args[0])
			if err != nil {
				var pe *assess.ParseError
				if asJSON && errors.As(err, &pe) {
					enc := json.NewEncoder(g.stdout)
					enc.SetIndent("", "  ")
					_ = enc.Encode(pe)
				}
				return err
			}
			pol, err := loadPolicy(policyFile)
			if err != nil {
				return err
			}
			svc, cleanup, err := loadService(c.Context(), g)
			if err != nil {
				return err
			}
			defer cleanup()
			if tenant != "" {
				if policyFile != "" {
					return usagef("give --policy or --tenant, not both")
				}
				if pol, err = tenantPolicy(c.Context(), svc.Store(), tenant); err != nil {
					return err
				}
			}
			if !svc.Ready() {
				return errors.New("no list is loaded: import lists with `collabcheck lists import` so partners can be screened before assessing")
			}
			cl, err := techarea.DefaultClassifier()
			if err != nil {
				return fmt.Errorf("technology classifier: %w", err)
			}
			facts, err := assessing.Facts(coll, svc, cl)
			if err != nil {
				return err
			}
			a := assess.Assess(coll, facts, pol, assessing.Versions(svc.Versions(), cl))
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(a)
			}
			return printAssessment(g.stdout, a)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the assessment as JSON")
	c.Flags().StringVar(&policyFile, "policy", "", "a policy override YAML file merged into the default policy")
	c.Flags().StringVar(&tenant, "tenant", "", "assess with this tenant's stored policy (see `collabcheck policy`)")
	return c
}

// readProposal reads and parses a proposal file, refusing files over the
// size limit before reading them whole.
func readProposal(path string) (assess.Collaboration, error) {
	b, err := readLimited(path, assess.MaxProposalBytes)
	if err != nil {
		return assess.Collaboration{}, fmt.Errorf("proposal: %w", err)
	}
	return assess.ParseCollaboration(path, b)
}

func loadPolicy(overrideFile string) (*assess.Policy, error) {
	pol, err := assess.DefaultPolicy()
	if err != nil {
		return nil, fmt.Errorf("embedded policy: %w", err)
	}
	if overrideFile == "" {
		return pol, nil
	}
	b, err := readLimited(overrideFile, assess.MaxPolicyBytes)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return pol.WithOverride(overrideFile, b)
}

// tenantPolicy returns the default policy merged with the named tenant's
// stored override, if it has one.
func tenantPolicy(ctx context.Context, st store.Store, name string) (*assess.Policy, error) {
	def, err := assess.DefaultPolicy()
	if err != nil {
		return nil, fmt.Errorf("embedded policy: %w", err)
	}
	acc, err := store.AccountsOf(st)
	if err != nil {
		return nil, err
	}
	cw, err := store.CaseworkOf(st)
	if err != nil {
		return nil, err
	}
	t, err := acc.TenantByName(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("tenant %q: %w", name, err)
	}
	rec, err := cw.TenantPolicy(ctx, t.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return def, nil
	case err != nil:
		return nil, fmt.Errorf("policy of tenant %q: %w", name, err)
	}
	return def.WithOverride(fmt.Sprintf("policy of tenant %q", name), []byte(rec.Source))
}

func readLimited(path string, limit int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%s is larger than the limit of %d bytes", path, limit)
	}
	return b, nil
}

// printAssessment writes the assessment for a person to read.
func printAssessment(w io.Writer, a assess.Assessment) error {
	fmt.Fprintf(w, "Assessment: %s\n", a.Title)
	fmt.Fprintf(w, "Outcome: %s\nRisk: %s\n", strings.ReplaceAll(string(a.Outcome), "_", " "), a.Risk)
	var lists []string
	for _, l := range a.Versions.Lists {
		lists = append(lists, fmt.Sprintf("%s v%d", l.List, l.Version))
	}
	fmt.Fprintf(w, "Policy %s; taxonomy %s; lists: %s\n", a.PolicyVersion, a.Versions.Taxonomy, strings.Join(lists, ", "))
	if len(a.Opportunity) > 0 {
		var ids []string
		for _, l := range a.Opportunity {
			ids = append(ids, l.ID)
		}
		fmt.Fprintf(w, "Opportunity fields: %s\n", strings.Join(ids, ", "))
	}
	fmt.Fprintln(w)
	if len(a.Findings) == 0 {
		fmt.Fprintln(w, "Findings: none")
	} else {
		fmt.Fprintln(w, "Findings:")
	}
	for _, f := range a.Findings {
		fmt.Fprintf(w, "  [%s] %s (rule %s, policy %s; %s)\n", f.Severity, f.Title, f.Source.Rule, f.Source.PolicyVersion, strings.ReplaceAll(string(f.Outcome), "_", " "))
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "      - %s\n", evidenceLine(e))
		}
	}
	if len(a.Mitigations) > 0 {
		fmt.Fprintln(w, "\nRequired mitigations:")
	}
	for _, m := range a.Mitigations {
		fmt.Fprintf(w, "  * %s\n      why: %s\n", m.Title, m.Reason)
		for _, g := range m.Guidance {
			fmt.Fprintf(w, "      see: %s (%s) %s\n", g.Name, g.Publisher, g.URL)
		}
	}
	_, err := fmt.Fprintf(w, "\nInput hash %s\n", a.InputHash)
	return err
}

func evidenceLine(e assess.Evidence) string {
	var b strings.Builder
	switch {
	case e.SourceID != "":
		fmt.Fprintf(&b, "%s %q matched %q on %s [%s] score %.3f", e.Party, e.Query, e.Name, e.List, e.SourceID, e.Score)
		if e.Category != "" {
			fmt.Fprintf(&b, ", category %s", e.Category)
		}
		if e.Program != "" {
			fmt.Fprintf(&b, " (%s)", e.Program)
		}
		for _, v := range e.Via {
			fmt.Fprintf(&b, ", via %s", v)
		}
		if e.Detail != "" {
			fmt.Fprintf(&b, "; %s", e.Detail)
		}
	case e.Area != "":
		fmt.Fprintf(&b, "%s %s score %.3f", strings.ReplaceAll(e.Fact, "_", " "), e.Area, e.Score)
		if len(e.Phrases) > 0 {
			fmt.Fprintf(&b, ": %s", strings.Join(e.Phrases, ", "))
		}
	default:
		if e.Party != "" {
			fmt.Fprintf(&b, "%s: ", e.Party)
		}
		b.WriteString(e.Detail)
	}
	return b.String()
}
