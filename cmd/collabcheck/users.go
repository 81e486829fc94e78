package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
)

func init() { commandBuilders = append(commandBuilders, newTenantsCmd, newUsersCmd) }

// openAccounts opens the store and its accounts side; close the store
// when done.
func openAccounts(ctx context.Context, g *globals) (store.Store, store.Accounts, error) {
	return openSide(ctx, g, store.AccountsOf)
}

// withAccounts runs fn on the opened accounts and closes the store.
func withAccounts(ctx context.Context, g *globals, fn func(a store.Accounts) error) (err error) {
	st, a, err := openAccounts(ctx, g)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close database: %w", cerr)
		}
	}()
	return fn(a)
}

func printAccountJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newTenantsCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "tenants",
		Short: "Add and list tenants (organisations, adviser teams, companies)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("tenants needs a subcommand: add or ls")
		},
	}
	c.AddCommand(newTenantsAddCmd(g), newTenantsLsCmd(g))
	return c
}

func newTenantsAddCmd(g *globals) *cobra.Command {
	var kind string
	var asJSON bool
	c := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a tenant",
		Long: `Add creates a tenant: a research organisation (the default), a national
advice team that cases can be referred to (--kind adviser), or a company. Names
are unique.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			k, err := auth.ParseTenantKind(kind)
			if err != nil {
				return usagef("--kind: %v", err)
			}
			return withAccounts(c.Context(), g, func(a store.Accounts) error {
				t, err := a.CreateTenant(c.Context(), store.NewTenant{Name: args[0], Kind: k})
				if err != nil {
					return fmt.Errorf("tenants add: %w", err)
				}
				if asJSON {
					return printAccountJSON(g.stdout, t)
				}
				fmt.Fprintf(g.stdout, "created tenant %q (%s, id %d)\n", t.Name, t.Kind, t.ID)
				return nil
			})
		},
	}
	c.Flags().StringVar(&kind, "kind", string(auth.Organisation), "organisation, adviser or company")
	c.Flags().BoolVar(&asJSON, "json", false, "print the tenant as JSON")
	return c
}

func newTenantsLsCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "ls",
		Short: "List tenants",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return withAccounts(c.Context(), g, func(a store.Accounts) error {
				ts, err := a.Tenants(c.Context())
				if err != nil {
					return fmt.Errorf("tenants ls: %w", err)
				}
				if asJSON {
					if ts == nil {
						ts = []auth.Tenant{}
					}
					return printAccountJSON(g.stdout, ts)
				}
				if len(ts) == 0 {
					fmt.Fprintln(g.stdout, "no tenants yet: add one with `collabcheck tenants add NAME`")
					return nil
				}
				tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNAME\tKIND\tCREATED")
				for _, t := range ts {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", t.ID, t.Name, t.Kind, t.CreatedAt.Format("2006-01-02 15:04"))
				}
				return tw.Flush()
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the tenants as JSON")
	return c
}

func newUsersCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "users",
		Short: "Add and list users, and issue API tokens",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("users needs a subcommand: add, ls, token, tokens or revoke")
		},
	}
	c.AddCommand(newUsersAddCmd(g), newUsersLsCmd(g), newUsersTokenCmd(g), newUsersTokensCmd(g), newUsersRevokeCmd(g))
	return c
}

// tenantByName finds the tenant named by --tenant, with a hint when it
// does not exist.
func tenantByName(ctx context.Context, a store.Accounts, name string) (auth.Tenant, error) {
	t, err := a.TenantByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return t, fmt.Errorf("no tenant named %q (see `collabcheck tenants ls`)", name)
	}
	return t, err
}

// readPassword reads one line from r as the password, without its line
// ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("read password from stdin: it is empty")
	}
	return line, nil
}

func newUsersAddCmd(g *globals) *cobra.Command {
	var tenant, email, name, role string
	var fromStdin, asJSON bool
	c := &cobra.Command{
		Use:   "add --tenant T --email E --name N --role R",
		Short: "Add a user to a tenant",
		Long: `Add creates a user in the tenant named by --tenant, with the role researcher,
officer, adviser or admin. It prints a generated one-time password, shown only
this once; with --password-stdin it reads the password (at least 12 characters)
from the first line of stdin instead and prints none. Emails are unique across
all tenants.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			for _, f := range []struct{ flag, v string }{{"--tenant", tenant}, {"--email", email}, {"--name", name}, {"--role", role}} {
				if strings.TrimSpace(f.v) == "" {
					return usagef("users add: %s is required", f.flag)
				}
			}
			r, err := auth.ParseRole(role)
			if err != nil {
				return usagef("--role: %v", err)
			}
			if _, err := auth.NormalizeEmail(email); err != nil {
				return usagef("--email: %v", err)
			}
			password, generated := "", !fromStdin
			if fromStdin {
				if password, err = readPassword(g.stdin); err != nil {
					return err
				}
			} else if password, err = auth.GeneratePassword(); err != nil {
				return err
			}
			hash, err := auth.HashPassword(password)
			if err != nil {
				return fmt.Errorf("users add: %w", err)
			}
			ctx := c.Context()
			return withAccounts(ctx, g, func(a store.Accounts) error {
				t, err := tenantByName(ctx, a, tenant)
				if err != nil {
					return fmt.Errorf("users add: %w", err)
				}
				u, err := a.CreateUser(ctx, store.NewUser{TenantID: t.ID, Email: email, Name: name, Role: r, PasswordHash: hash})
				if err != nil {
					return fmt.Errorf("users add: %w", err)
				}
				if asJSON {
					out := struct {
						User     auth.User `json:"user"`
						Password string    `json:"one_time_password,omitempty"`
					}{User: u}
					if generated {
						out.Password = password
					}
					return printAccountJSON(g.stdout, out)
				}
				fmt.Fprintf(g.stdout, "created user %s (%s) in tenant %q\n", u.Email, u.Role, t.Name)
				if generated {
					fmt.Fprintf(g.stdout, "one-time password (shown only now): %s\n", password)
				}
				return nil
			})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant's name")
	c.Flags().StringVar(&email, "email", "", "the user's email, used to sign in")
	c.Flags().StringVar(&name, "name", "", "the user's full name")
	c.Flags().StringVar(&role, "role", "", "researcher, officer, adviser or admin")
	c.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from stdin instead of generating one")
	c.Flags().BoolVar(&asJSON, "json", false, "print the user (and any generated password) as JSON")
	return c
}

func newUsersLsCmd(g *globals) *cobra.Command {
	var tenant string
	var asJSON bool
	c := &cobra.Command{
		Use:   "ls --tenant T",
		Short: "List the users of a tenant",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if strings.TrimSpace(tenant) == "" {
				return usagef("users ls: --tenant is required")
			}
			ctx := c.Context()
			return withAccounts(ctx, g, func(a store.Accounts) error {
				t, err := tenantByName(ctx, a, tenant)
				if err != nil {
					return fmt.Errorf("users ls: %w", err)
				}
				us, err := a.ListUsers(ctx, t.ID)
				if err != nil {
					return fmt.Errorf("users ls: %w", err)
				}
				if asJSON {
					if us == nil {
						us = []auth.User{}
					}
					return printAccountJSON(g.stdout, us)
				}
				if len(us) == 0 {
					fmt.Fprintf(g.stdout, "tenant %q has no users yet\n", t.Name)
					return nil
				}
				tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tCREATED")
				for _, u := range us {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, u.CreatedAt.Format("2006-01-02 15:04"))
				}
				return tw.Flush()
			})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant's name")
	c.Flags().BoolVar(&asJSON, "json", false, "print the users as JSON (never with password hashes)")
	return c
}

func newUsersTokenCmd(g *globals) *cobra.Command {
	var email, label string
	c := &cobra.Command{
		Use:   "token --email E [--name LABEL]",
		Short: "Issue an API token for a user",
		Long: `Token issues a new API token for the user with the email and prints it once.
Only its SHA-256 hash and its first characters (the prefix shown in listings)
are stored, so a lost token cannot be shown again: issue a new one. Send it as
"Authorization: Bearer TOKEN".`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if strings.TrimSpace(email) == "" {
				return usagef("users token: --email is required")
			}
			ctx := c.Context()
			return withAccounts(ctx, g, func(a store.Accounts) error {
				u, err := userByEmail(ctx, a, email)
				if err != nil {
					return fmt.Errorf("users token: %w", err)
				}
				nt, err := auth.GenerateToken()
				if err != nil {
					return fmt.Errorf("users token: %w", err)
				}
				k, err := a.CreateToken(ctx, store.NewAPIToken{TenantID: u.TenantID, UserID: u.ID, Name: label, Prefix: nt.Prefix, Hash: nt.Hash})
				if err != nil {
					return fmt.Errorf("users token: %w", err)
				}
				fmt.Fprintf(g.stderr, "token %s for %s (shown only now):\n", k.Prefix, u.Email)
				fmt.Fprintln(g.stdout, nt.Plain)
				return nil
			})
		},
	}
	c.Flags().StringVar(&email, "email", "", "the user's email")
	c.Flags().StringVar(&label, "name", "", "a label for the token, such as where it is used")
	return c
}

// userByEmail finds the user named by --email, with a plain message when
// there is none.
func userByEmail(ctx context.Context, a store.Accounts, email string) (auth.User, error) {
	u, err := a.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return u, fmt.Errorf("no user with email %q", email)
	}
	return u, err
}

func newUsersTokensCmd(g *globals) *cobra.Command {
	var email string
	var asJSON bool
	c := &cobra.Command{
		Use:   "tokens --email E",
		Short: "List a user's API tokens (prefixes and labels, never the tokens)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if strings.TrimSpace(email) == "" {
				return usagef("users tokens: --email is required")
			}
			ctx := c.Context()
			return withAccounts(ctx, g, func(a store.Accounts) error {
				u, err := userByEmail(ctx, a, email)
				if err != nil {
					return fmt.Errorf("users tokens: %w", err)
				}
				ks, err := a.ListTokens(ctx, u.TenantID, u.ID)
				if err != nil {
					return fmt.Errorf("users tokens: %w", err)
				}
				if asJSON {
					if ks == nil {
						ks = []auth.APIToken{}
					}
					return printAccountJSON(g.stdout, ks)
				}
				if len(ks) == 0 {
					fmt.Fprintf(g.stdout, "%s has no API tokens\n", u.Email)
					return nil
				}
				tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "PREFIX\tNAME\tCREATED\tREVOKED")
				for _, k := range ks {
					revoked := "-"
					if k.RevokedAt != nil {
						revoked = k.RevokedAt.Format("2006-01-02 15:04")
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Prefix, k.Name, k.CreatedAt.Format("2006-01-02 15:04"), revoked)
				}
				return tw.Flush()
			})
		},
	}
	c.Flags().StringVar(&email, "email", "", "the user's email")
	c.Flags().BoolVar(&asJSON, "json", false, "print the tokens as JSON (without hashes)")
	return c
}

func newUsersRevokeCmd(g *globals) *cobra.Command {
	var email string
	c := &cobra.Command{
		Use:   "revoke --email E PREFIX",
		Short: "Revoke one of a user's API tokens by its prefix",
		Long: `Revoke stops the user's token with the prefix (the first characters after
"cc_", as "users tokens" lists them) from authenticating. Revoking is permanent.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if strings.TrimSpace(email) == "" {
				return usagef("users revoke: --email is required")
			}
			prefix := strings.TrimPrefix(args[0], auth.TokenMarker)
			if len(prefix) > auth.PrefixLength {
				prefix = prefix[:auth.PrefixLength]
			}
			ctx := c.Context()
			return withAccounts(ctx, g, func(a store.Accounts) error {
				u, err := userByEmail(ctx, a, email)
				if err != nil {
					return fmt.Errorf("users revoke: %w", err)
				}
				ks, err := a.ListTokens(ctx, u.TenantID, u.ID)
				if err != nil {
					return fmt.Errorf("users revoke: %w", err)
				}
				for _, k := range ks {
					if k.Prefix != prefix {
						continue
					}
					if err := a.RevokeToken(ctx, u.TenantID, k.ID, time.Time{}); err != nil {
						return fmt.Errorf("users revoke: %w", err)
					}
					fmt.Fprintf(g.stdout, "revoked token %s of %s\n", k.Prefix, u.Email)
					return nil
				}
				return fmt.Errorf("users revoke: %s has no token with prefix %q", u.Email, prefix)
			})
		},
	}
	c.Flags().StringVar(&email, "email", "", "the token owner's email")
	return c
}
