// Command collabcheck is due diligence for international research
// collaborations: it imports watch lists, screens names and affiliations,
// and serves the HTTP API. This package only wires the internal packages
// together; each subcommand lives in its own file.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// usageError marks an error caused by how the command was called; it exits 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// usagef returns a usage error (exit code 2) with a formatted message.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// globals are the flags every subcommand shares.
type globals struct {
	db     string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// commandBuilders is filled by each subcommand file's init function, so that
// adding a command touches only its own file.
var commandBuilders []func(g *globals) *cobra.Command

func newRoot(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:           "collabcheck",
		Short:         "Due diligence for international research collaborations",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	def := os.Getenv("COLLABCHECK_DB")
	if def == "" {
		def = "collabcheck.db"
	}
	root.PersistentFlags().StringVar(&g.db, "db", def, "database: a SQLite file path or a postgres:// URL (env COLLABCHECK_DB)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.SetIn(g.stdin)
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	for _, b := range commandBuilders {
		root.AddCommand(b(g))
	}
	return root
}

// run executes the command line and returns the process exit code:
// 0 ok, 1 failure, 2 usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdin, stdout, stderr)
}

// runContext is run with a context whose cancellation stops long-running
// commands such as serve, as a signal does.
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(g)
	root.SetArgs(args)
	err := root.ExecuteContext(cliContext(ctx)) // CLI writes are audited as "cli:<OS user>"
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "collabcheck:", err)
	var u usageError
	if errors.As(err, &u) || isCobraUsage(err) {
		return 2
	}
	return 1
}

// isCobraUsage recognises cobra's own argument and command errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires exactly", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
