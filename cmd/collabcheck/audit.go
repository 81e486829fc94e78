package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/store"
)

func init() { commandBuilders = append(commandBuilders, newAuditCmd) }

// cliContext returns ctx with the actor the audit trail records for
// command-line writes, "cli:" and the OS user name, unless ctx already
// names one.
func cliContext(ctx context.Context) context.Context {
	if store.ActorFrom(ctx) != "system" {
		return ctx
	}
	return store.WithActor(ctx, "cli:"+osUserName())
}

// osUserName is the name of the user running the command, or "unknown".
func osUserName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "LOGNAME", "USERNAME"} {
		if n := os.Getenv(v); n != "" {
			return n
		}
	}
	return "unknown"
}

// withCasework runs fn on the opened casework side and closes the store.
func withCasework(ctx context.Context, g *globals, fn func(cw store.Casework) error) (err error) {
	st, cw, err := openSide(ctx, g, store.CaseworkOf)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close database: %w", cerr)
		}
	}()
	return fn(cw)
}

func newAuditCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "audit",
		Short: "Verify and read the hash-chained audit trail",
		Long: `Every change to a case, decision, policy, list, tenant, user or token is
appended to one hash-chained audit trail in the database. 'audit verify' checks
the whole chain and prints its head; 'audit log' prints the entries.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("audit needs a subcommand: verify or log")
		},
	}
	c.AddCommand(newAuditVerifyCmd(g), newAuditLogCmd(g))
	return c
}

// headRef is a chain head recorded outside the database: SEQ:HASH.
type headRef struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

func (h headRef) String() string { return fmt.Sprintf("%d:%s", h.Seq, h.Hash) }

func parseHead(s string) (headRef, error) {
	seqText, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if !ok || err != nil || seq < 1 {
		return headRef{}, fmt.Errorf("--head %q: want SEQ:HASH with SEQ a positive entry number", s)
	}
	if len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
		return headRef{}, fmt.Errorf("--head %q: the hash must be 64 lower-case hex digits", s)
	}
	return headRef{Seq: seq, Hash: hash}, nil
}

// verifyResult is what `audit verify --json` prints.
type verifyResult struct {
	OK       bool     `json:"ok"`
	Verified int64    `json:"verified"`
	Head     headRef  `json:"head"`
	Checked  *headRef `json:"checked_head,omitempty"`
	Error    string   `json:"error,omitempty"`
}

func newAuditVerifyCmd(g *globals) *cobra.Command {
	var head string
	var asJSON bool
	c := &cobra.Command{
		Use:   "verify",
		Short: "Check the audit chain and print its head",
		Long: `Verify reads the whole audit trail in order and checks every entry's
sequence number, link to the entry before and hash. Any edited, deleted or
reordered entry breaks the chain: verify exits 1 naming the first broken entry.

It prints how many entries were verified and the head (SEQ:HASH). Record the
head somewhere outside the database (a ticket, a log): no chain can tell by
itself that entries were cut off its end, but 'verify --head SEQ:HASH' checks
that entry SEQ is still there with that hash.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			var want *headRef
			if head != "" {
				h, err := parseHead(head)
				if err != nil {
					return usageError{err}
				}
				want = &h
			}
			ctx := c.Context()
			return withCasework(ctx, g, func(cw store.Casework) error {
				res, verr := verifyChain(ctx, cw, want)
				if asJSON {
					if err := printAccountJSON(g.stdout, res); err != nil {
						return err
					}
				} else if verr == nil {
					fmt.Fprintf(g.stdout, "audit trail verified: %d entries\nhead: %s\n", res.Verified, res.Head)
					if want != nil {
						fmt.Fprintf(g.stdout, "entry %d still has the recorded hash\n", want.Seq)
					}
					if res.Verified > 0 {
						fmt.Fprintln(g.stdout, "Record the head outside the database; 'audit verify --head' with it detects entries cut off the end.")
					}
				}
				if verr != nil {
					if !asJSON && res.Verified > 0 {
						fmt.Fprintf(g.stdout, "%d entries verified before the break (up to %s)\n", res.Verified, res.Head)
					}
					return fmt.Errorf("audit verify: %w", verr)
				}
				return nil
			})
		},
	}
	c.Flags().StringVar(&head, "head", "", "a head recorded earlier (SEQ:HASH) that must still be in the chain")
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}

// verifyChain walks the log with audit.Verifier and, when want is set,
// checks that entry want.Seq has want.Hash.
func verifyChain(ctx context.Context, cw store.Casework, want *headRef) (verifyResult, error) {
	var v audit.Verifier
	var found *audit.Entry
	err := cw.AuditLog(ctx, func(e audit.Entry) error {
		if err := v.Next(e); err != nil {
			return err
		}
		if want != nil && e.Seq == want.Seq {
			found = &e
		}
		return nil
	})
	n, seq, hash := v.Head()
	res := verifyResult{Verified: n, Head: headRef{Seq: seq, Hash: hash}, Checked: want}
	if err == nil && want != nil {
		switch {
		case found == nil:
			err = fmt.Errorf("%w: entry %d of the recorded head is missing: the trail ends at entry %d (entries were cut off the end)", audit.ErrBroken, want.Seq, seq)
		case found.Hash != want.Hash:
			err = fmt.Errorf("%w at entry %d: its hash is %.12s…, the recorded head says %.12s… (the trail was rewritten)", audit.ErrBroken, want.Seq, found.Hash, want.Hash)
		}
	}
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.OK = true
	return res, nil
}

func newAuditLogCmd(g *globals) *cobra.Command {
	var subject string
	var asJSON bool
	c := &cobra.Command{
		Use:   "log",
		Short: "Print the audit trail (all of it, or one subject's)",
		Long: `Log prints the audit entries in sequence order: all of them, or with
--subject only those about one thing ("case:12", "user:3", "list:us-csl",
"tenant:2", "policy:2"). --json prints a JSON array of the entries as stored,
with their hashes.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			return withCasework(ctx, g, func(cw store.Casework) error {
				p := newEntryPrinter(g, asJSON)
				var err error
				if subject != "" {
					var es []audit.Entry
					if es, err = cw.AuditFor(ctx, subject); err == nil {
						for _, e := range es {
							if err = p.entry(e); err != nil {
								break
							}
						}
					}
				} else {
					err = cw.AuditLog(ctx, p.entry)
				}
				if err != nil {
					return fmt.Errorf("audit log: %w", err)
				}
				return p.finish(subject)
			})
		},
	}
	c.Flags().StringVar(&subject, "subject", "", `only the entries about this subject ("case:12")`)
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of entries")
	return c
}

// entryPrinter writes entries as they stream: a table, or a JSON array.
type entryPrinter struct {
	g      *globals
	asJSON bool
	tw     *tabwriter.Writer
	n      int
}

func newEntryPrinter(g *globals, asJSON bool) *entryPrinter {
	p := &entryPrinter{g: g, asJSON: asJSON}
	if !asJSON {
		p.tw = tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	}
	return p
}

func (p *entryPrinter) entry(e audit.Entry) error {
	p.n++
	if p.asJSON {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		sep := ",\n  "
		if p.n == 1 {
			sep = "[\n  "
		}
		_, err = fmt.Fprintf(p.g.stdout, "%s%s", sep, b)
		return err
	}
	if p.n == 1 {
		fmt.Fprintln(p.tw, "SEQ\tAT\tTENANT\tACTOR\tACTION\tSUBJECT\tDETAIL")
	}
	_, err := fmt.Fprintf(p.tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", e.Seq, e.At.Format(time.RFC3339), e.TenantID, e.Actor, e.Action, e.Subject, e.Detail)
	return err
}

func (p *entryPrinter) finish(subject string) error {
	if p.asJSON {
		end := "\n]\n"
		if p.n == 0 {
			end = "[]\n"
		}
		_, err := fmt.Fprint(p.g.stdout, end)
		return err
	}
	if p.n == 0 {
		if subject != "" {
			fmt.Fprintf(p.g.stdout, "no audit entries about %s\n", subject)
		} else {
			fmt.Fprintln(p.g.stdout, "the audit trail is empty")
		}
		return nil
	}
	return p.tw.Flush()
}
