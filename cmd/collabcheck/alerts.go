package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/store"
)

func init() { commandBuilders = append(commandBuilders, newAlertsCmd) }

func newAlertsCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "alerts",
		Short: "List alerts and configure where a tenant's alerts are delivered (webhook, email)",
		Long: `When a list update changes the listing of a case's partner, monitoring raises an
alert on the case. Alerts show in the API (GET /api/v1/alerts) and are delivered
to each tenant's webhook and email addresses.

A webhook receives a POST with a JSON body {"delivery_id", "event", "alert"} and
the headers X-Collabcheck-Signature: sha256=<hex HMAC-SHA256 of the body with the
tenant's secret>, X-Collabcheck-Delivery (the same on every retry of one
delivery) and X-Collabcheck-Event. Any 2xx answer acknowledges it; anything else
is retried with exponential backoff.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("alerts needs a subcommand: ls, webhook or email")
		},
	}
	c.AddCommand(newAlertsLsCmd(g), newAlertsChannelCmd(g, store.ChannelWebhook), newAlertsChannelCmd(g, store.ChannelEmail))
	return c
}

func newAlertsLsCmd(g *globals) *cobra.Command {
	var tenant string
	var caseID int64
	var asJSON, unacked bool
	c := &cobra.Command{
		Use:   "ls --tenant NAME",
		Short: "List a tenant's alerts, newest first",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if tenant == "" {
				return usagef("--tenant is required")
			}
			st, err := openStore(c.Context(), g)
			if err != nil {
				return err
			}
			defer st.Close()
			acc, err := store.AccountsOf(st)
			if err != nil {
				return err
			}
			al, err := store.AlertsOf(st)
			if err != nil {
				return err
			}
			tn, err := tenantByName(c.Context(), acc, tenant)
			if err != nil {
				return err
			}
			list, err := al.ListAlerts(c.Context(), tn.ID, store.AlertFilter{CaseID: caseID, Unacked: unacked, Limit: 1000})
			if err != nil {
				return err
			}
			if asJSON {
				return printAccountJSON(g.stdout, list)
			}
			if len(list) == 0 {
				fmt.Fprintln(g.stdout, "no alerts")
				return nil
			}
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tCASE\tKIND\tLIST\tENTITY\tRAISED\tACKNOWLEDGED")
			for _, a := range list {
				ack := "-"
				if a.AckedAt != nil {
					ack = a.AckedAt.Format(time.RFC3339) + " " + a.AckedBy
				}
				fmt.Fprintf(tw, "%d\t%d\t%s\t%s v%d\t%s (%s)\t%s\t%s\n", a.ID, a.CaseID, a.Kind, a.List, a.ListVersion, a.Name, a.SourceID,
					a.CreatedAt.Format(time.RFC3339), ack)
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant whose alerts to list")
	c.Flags().Int64Var(&caseID, "case", 0, "only the alerts of this case")
	c.Flags().BoolVar(&unacked, "unacked", false, "only alerts not acknowledged yet")
	c.Flags().BoolVar(&asJSON, "json", false, "print the alerts as JSON")
	return c
}

// newAlertsChannelCmd builds `alerts webhook` or `alerts email`, with set,
// show and remove.
func newAlertsChannelCmd(g *globals, channel string) *cobra.Command {
	c := &cobra.Command{
		Use:   channel,
		Short: "Set, show or remove a tenant's " + channel + " alert channel",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("alerts %s needs a subcommand: set, show or rm", channel)
		},
	}
	var tenant, secret string
	set := &cobra.Command{
		Use:   "set --tenant NAME URL --secret S",
		Short: "Deliver the tenant's alerts to this webhook URL, signed with the secret",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return setChannel(c, g, tenant, store.AlertChannel{Channel: channel, Target: strings.TrimSpace(args[0]), Secret: secret})
		},
	}
	if channel == store.ChannelEmail {
		set.Use, set.Short = "set --tenant NAME ADDRESS[,ADDRESS...]", "Send the tenant's alerts to these email addresses"
	} else {
		set.Flags().StringVar(&secret, "secret", "", "the shared secret (at least 16 characters) the receiver verifies signatures with")
	}
	set.Flags().StringVar(&tenant, "tenant", "", "the tenant")
	show := &cobra.Command{
		Use:   "show --tenant NAME",
		Short: "Show the tenant's " + channel + " channel (never the secret)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return withAlerts(c, g, tenant, func(al store.Alerts, tenantID int64) error {
				chs, err := al.AlertChannels(c.Context(), tenantID)
				if err != nil {
					return err
				}
				for _, ch := range chs {
					if ch.Channel == channel {
						fmt.Fprintf(g.stdout, "%s: %s (set %s)\n", channel, ch.Target, ch.UpdatedAt.Format(time.RFC3339))
						return nil
					}
				}
				fmt.Fprintf(g.stdout, "no %s channel\n", channel)
				return nil
			})
		},
	}
	show.Flags().StringVar(&tenant, "tenant", "", "the tenant")
	rm := &cobra.Command{
		Use:   "rm --tenant NAME",
		Short: "Stop delivering the tenant's alerts by " + channel,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return setChannel(c, g, tenant, store.AlertChannel{Channel: channel})
		},
	}
	rm.Flags().StringVar(&tenant, "tenant", "", "the tenant")
	c.AddCommand(set, show, rm)
	return c
}

func withAlerts(c *cobra.Command, g *globals, tenant string, fn func(al store.Alerts, tenantID int64) error) error {
	if tenant == "" {
		return usagef("--tenant is required")
	}
	st, err := openStore(c.Context(), g)
	if err != nil {
		return err
	}
	defer st.Close()
	acc, err := store.AccountsOf(st)
	if err != nil {
		return err
	}
	al, err := store.AlertsOf(st)
	if err != nil {
		return err
	}
	tn, err := tenantByName(c.Context(), acc, tenant)
	if err != nil {
		return err
	}
	return fn(al, tn.ID)
}

func setChannel(c *cobra.Command, g *globals, tenant string, ch store.AlertChannel) error {
	return withAlerts(c, g, tenant, func(al store.Alerts, tenantID int64) error {
		ch.TenantID = tenantID
		if err := ch.Validate(); err != nil {
			return usagef("%v", err)
		}
		if err := al.SetAlertChannel(c.Context(), ch); err != nil {
			return err
		}
		if ch.Target == "" {
			fmt.Fprintf(g.stdout, "%s alerts of %s removed\n", ch.Channel, tenant)
		} else {
			fmt.Fprintf(g.stdout, "%s alerts of %s go to %s\n", ch.Channel, tenant, ch.Target)
		}
		return nil
	})
}
