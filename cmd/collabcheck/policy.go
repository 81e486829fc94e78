package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
)

func init() { commandBuilders = append(commandBuilders, newPolicyCmd) }

func newPolicyCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "policy",
		Short: "Show, set or remove a tenant's assessment policy override",
		Long: `Every tenant is assessed with the embedded default policy, merged with the
tenant's override when it has one. An override is a YAML (or JSON) file with a
version, parameters, disable_rules, and categories, guidance, mitigations and
rules added or replaced by id. It is validated before it is stored: a file that
does not parse or references unknown facts, rules or mitigations is rejected
with its lines, and the policy in force stays. Every change is recorded in the
audit trail.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("policy needs a subcommand: show, set or rm")
		},
	}
	c.AddCommand(newPolicyShowCmd(g), newPolicySetCmd(g), newPolicyRmCmd(g))
	return c
}

// withTenantPolicy opens the store, finds the tenant by name and runs fn.
func withTenantPolicy(ctx context.Context, g *globals, tenant string, fn func(cw store.Casework, t auth.Tenant) error) (err error) {
	st, cw, err := openSide(ctx, g, store.CaseworkOf)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close database: %w", cerr)
		}
	}()
	acc, err := store.AccountsOf(st)
	if err != nil {
		return err
	}
	t, err := acc.TenantByName(ctx, tenant)
	if err != nil {
		return fmt.Errorf("tenant %q: %w", tenant, err)
	}
	return fn(cw, t)
}

func newPolicyShowCmd(g *globals) *cobra.Command {
	var tenant string
	var asJSON, def bool
	c := &cobra.Command{
		Use:   "show",
		Short: "Print the policy in force for a tenant (or the embedded default)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if def || tenant == "" {
				_, err := g.stdout.Write(assess.DefaultPolicyYAML())
				return err
			}
			return withTenantPolicy(c.Context(), g, tenant, func(cw store.Casework, t auth.Tenant) error {
				rec, err := cw.TenantPolicy(c.Context(), t.ID)
				if errors.Is(err, store.ErrNotFound) {
					pol, err := assess.DefaultPolicy()
					if err != nil {
						return err
					}
					rec = store.PolicyRecord{TenantID: t.ID, Version: pol.Version}
				} else if err != nil {
					return fmt.Errorf("policy of %q: %w", t.Name, err)
				}
				if asJSON {
					return printAccountJSON(g.stdout, rec)
				}
				if rec.Source == "" {
					fmt.Fprintf(g.stdout, "tenant %q uses the embedded default policy %s\n", t.Name, rec.Version)
					return nil
				}
				fmt.Fprintf(g.stdout, "# tenant %q: policy %s, set by %s at %s\n%s", t.Name, rec.Version, rec.UpdatedBy, rec.UpdatedAt.Format("2006-01-02 15:04:05Z"), rec.Source)
				return nil
			})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant's name")
	c.Flags().BoolVar(&def, "default", false, "print the embedded default policy")
	c.Flags().BoolVar(&asJSON, "json", false, "print the stored record as JSON")
	return c
}

func newPolicySetCmd(g *globals) *cobra.Command {
	var tenant string
	c := &cobra.Command{
		Use:   "set --tenant NAME FILE",
		Short: "Validate a policy override file and make it a tenant's policy",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if tenant == "" {
				return usagef("policy set needs --tenant")
			}
			src, err := readLimited(args[0], assess.MaxPolicyBytes)
			if err != nil {
				return fmt.Errorf("policy: %w", err)
			}
			pol, err := loadPolicy(args[0])
			if err != nil {
				return err
			}
			return withTenantPolicy(c.Context(), g, tenant, func(cw store.Casework, t auth.Tenant) error {
				if err := setPolicy(c.Context(), cw, t, pol.Version, string(src)); err != nil {
					return err
				}
				fmt.Fprintf(g.stdout, "tenant %q now uses policy %s\n", t.Name, pol.Version)
				return nil
			})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant's name")
	return c
}

func newPolicyRmCmd(g *globals) *cobra.Command {
	var tenant string
	c := &cobra.Command{
		Use:   "rm --tenant NAME",
		Short: "Remove a tenant's override, so it uses the embedded default policy",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if tenant == "" {
				return usagef("policy rm needs --tenant")
			}
			return withTenantPolicy(c.Context(), g, tenant, func(cw store.Casework, t auth.Tenant) error {
				def, err := assess.DefaultPolicy()
				if err != nil {
					return err
				}
				if err := setPolicy(c.Context(), cw, t, def.Version, ""); err != nil {
					return err
				}
				fmt.Fprintf(g.stdout, "tenant %q now uses the embedded default policy %s\n", t.Name, def.Version)
				return nil
			})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant's name")
	return c
}

// setPolicy stores a validated override (empty source removes it) with its
// audit entry.
func setPolicy(ctx context.Context, cw store.Casework, t auth.Tenant, version, source string) error {
	sum := sha256.Sum256([]byte(source))
	action := "policy.set"
	if source == "" {
		action = "policy.remove"
	}
	actor := store.ActorFrom(ctx)
	ev := audit.Event{TenantID: t.ID, Actor: actor, Action: action, Subject: fmt.Sprintf("policy:%d", t.ID),
		Detail: map[string]any{"version": version, "sha256": hex.EncodeToString(sum[:])}}
	rec := store.PolicyRecord{TenantID: t.ID, Version: version, Source: source, UpdatedBy: actor}
	if err := cw.SetTenantPolicy(ctx, rec, ev); err != nil {
		return fmt.Errorf("set the policy of %q: %w", t.Name, err)
	}
	return nil
}
