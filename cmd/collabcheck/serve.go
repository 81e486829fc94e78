package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
	"github.com/collabcheck/collabcheck/internal/web"
)

func init() { commandBuilders = append(commandBuilders, newServeCmd) }

// envOr returns the environment variable's value, or def when it is unset.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func newServeCmd(g *globals) *cobra.Command {
	var addr, logLevel string
	var reload time.Duration
	var gcPercent int
	var adminEmail string
	var private bool
	privateDefault, privateEnvErr := envBool("COLLABCHECK_PRIVATE")
	var sourcesFile, smtpURL string
	updateEvery, updateEnvErr := envDuration(EnvUpdateEvery, 6*time.Hour)
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API (screening, resolution, classification, cases, health and metrics)",
		Long: `Serve answers the JSON API under /api/v1 (described at /api/v1/openapi.json),
/healthz, /readyz and /metrics. Users sign in with POST /api/v1/sessions (a
session cookie) or send an API token (Authorization: Bearer cc_...); cases,
policy, users and tokens need one, and with --private so do screening and the
other reference routes. Admins of the tenant "default" run the deployment. It starts even when no list is loaded yet (then
/readyz answers 503) and when no registry is imported yet (then the registry
endpoints, /api/v1/resolve and /api/v1/orgs, answer 503). It checks the
database every --reload interval for new list and registry versions, swapping
in a rebuilt index atomically. SIGINT or SIGTERM shut it down gracefully.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if privateEnvErr != nil && !c.Flags().Changed("private") {
				return usagef("%v", privateEnvErr)
			}
			if updateEnvErr != nil && !c.Flags().Changed("update-every") {
				return usagef("%v", updateEnvErr)
			}
			if updateEvery < 0 {
				return usagef("--update-every must be 0 (no scheduled updates) or positive, got %v", updateEvery)
			}
			smtpCfg, err := parseSMTP(smtpURL)
			if err != nil {
				return usagef("--smtp: %v", err)
			}
			sources, err := loadSources(sourcesFile)
			if err != nil {
				return usagef("%v", err)
			}
			var level slog.Level
			if err := level.UnmarshalText([]byte(logLevel)); err != nil {
				return usagef("--log-level: %v", err)
			}
			if reload <= 0 {
				return usagef("--reload must be positive, got %v", reload)
			}
			if gcPercent < 0 {
				return usagef("--gc-percent must be at least 0, got %d", gcPercent)
			}
			setGCPercent(gcPercent)
			log := slog.New(slog.NewJSONHandler(g.stderr, &slog.HandlerOptions{Level: level}))
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			st, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := bootstrapAdmin(ctx, st, adminEmail, g.stderr); err != nil {
				return err
			}
			svc := screening.New(st)
			if err := svc.Reload(ctx); err != nil {
				log.Error("initial list load failed; serving without lists", "err", err)
			}
			if !svc.Ready() {
				log.Warn("no list loaded yet: /readyz answers 503 until one is imported")
			}
			rs, registryOf := startResolving(ctx, st, svc, log)
			clf, err := techarea.DefaultClassifier()
			if err != nil {
				return fmt.Errorf("embedded taxonomy: %w", err)
			}
			assessor, err := assessing.New(svc, clf)
			if err != nil {
				return err
			}
			reg := prometheus.NewRegistry()
			reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
			cfg := web.Config{Service: svc, Resolving: rs, Classifier: clf, Logger: log, Assessor: assessor,
				OperatorTenant: operatorTenant, Private: private, Registerer: reg}
			bg, sched := startMonitoring(ctx, st, svc, assessor, sources, updateEvery, smtpCfg, log)
			if bg != nil {
				defer bg.stop()
				cfg.Portfolio = portfolioWebConfig(st, g.db, bg.queue, log)
			}
			if sched != nil {
				reg.MustRegister(sched.Collector())
				cfg.ListFeeds = sched.Status
			}
			if acc, err := store.AccountsOf(st); err == nil {
				if cw, err := store.CaseworkOf(st); err == nil {
					cfg.Accounts, cfg.Casework = acc, cw
				} else {
					log.Warn("the store keeps no cases; the signed-in routes answer 503", "err", err)
				}
			}
			if private && cfg.Accounts == nil {
				return usagef("--private needs a store that keeps users, so that someone can sign in")
			}
			h, err := web.New(cfg)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", addr, err)
			}
			srv := web.HTTPServer(addr, h, log)
			go watchLists(ctx, svc, rs, registryOf, reload, log)
			if bg != nil {
				bg.run(ctx, reload)
			}
			if sched != nil {
				go sched.Run(ctx)
			}
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			log.Info("serving", "addr", ln.Addr().String(), "lists", len(svc.Versions()))
			select {
			case err := <-errc:
				return fmt.Errorf("serve: %w", err)
			case <-ctx.Done():
			}
			log.Info("shutting down")
			sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("shutdown: %w", err)
			}
			return nil
		},
	}
	c.Flags().StringVar(&addr, "addr", envOr("COLLABCHECK_ADDR", "127.0.0.1:8080"), "address to listen on (env COLLABCHECK_ADDR)")
	c.Flags().DurationVar(&reload, "reload", 30*time.Second, "how often to check the database for new list and registry versions")
	c.Flags().StringVar(&adminEmail, "admin-email", envOr("COLLABCHECK_ADMIN_EMAIL", "admin@localhost"), "email of the first admin created on a fresh database (env COLLABCHECK_ADMIN_EMAIL)")
	c.Flags().IntVar(&gcPercent, "gc-percent", defaultGCPercent, "Go GC target percentage (the GOGC environment variable, when set, wins)")
	c.Flags().BoolVar(&private, "private", privateDefault, "close the reference routes (screening, look-ups, classification) to anyone not signed in (env COLLABCHECK_PRIVATE)")
	c.Flags().DurationVar(&updateEvery, "update-every", updateEvery, "how often to update the lists from their sources; 0 disables scheduled updates (env "+EnvUpdateEvery+")")
	c.Flags().StringVar(&sourcesFile, "sources", sourcesFlagDefault(), "sources file (YAML or JSON) overriding or extending the default list sources (env COLLABCHECK_SOURCES)")
	c.Flags().StringVar(&smtpURL, "smtp", os.Getenv(EnvSMTP), "SMTP server for email alerts: smtp://[user:password@]host:port?from=ADDRESS (env "+EnvSMTP+")")
	c.Flags().StringVar(&logLevel, "log-level", envOr("COLLABCHECK_LOG_LEVEL", "info"), "log level: debug|info|warn|error (env COLLABCHECK_LOG_LEVEL)")
	return c
}

// operatorTenant is the tenant whose admins run the deployment: the one
// bootstrapAdmin creates the first admin in.
const operatorTenant = "default"

// envBool reads a boolean environment variable; unset is false. A value
// that is not a boolean is an error, so that a typo cannot silently serve
// publicly what was meant to be private.
func envBool(name string) (bool, error) {
	v := os.Getenv(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q is not true or false", name, v)
	}
	return b, nil
}

// startResolving builds the affiliation resolver over the store's
// registry and loads the active registry version. A store without registry
// support, or a registry not imported yet, is logged and not fatal: the
// server then answers the registry endpoints with 503. rs and reg are nil
// when the store keeps no registry.
func startResolving(ctx context.Context, st store.Store, svc *screening.Service, log *slog.Logger) (*resolving.Service, store.Registry) {
	reg, err := store.RegistryOf(st)
	if err != nil {
		log.Warn("the store keeps no organisation registry; the registry endpoints answer 503", "err", err)
		return nil, nil
	}
	rs := resolving.New(reg, svc)
	switch err := rs.Reload(ctx); {
	case errors.Is(err, resolving.ErrNoRegistry):
		log.Warn("no registry imported yet: the registry endpoints answer 503 until one is (collabcheck registry import FILE)")
	case err != nil:
		log.Error("initial registry load failed; serving without a registry", "err", err)
	default:
		rs.WarmUp()
		v, _ := rs.Version()
		log.Info("registry loaded", "version", v.Number, "orgs", v.OrgCount)
	}
	return rs, reg
}

// watchLists reloads the match index whenever the set of active list
// versions in the database changes (an import by another process, say),
// and the resolver whenever the active registry version does. A failed
// check or rebuild keeps the current index and is logged. rs and reg may
// be nil (no registry support).
func watchLists(ctx context.Context, svc *screening.Service, rs *resolving.Service, reg store.Registry, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if rs != nil {
			reloadRegistry(ctx, rs, reg, log)
		}
		current, err := svc.Store().Lists(ctx)
		if err != nil {
			log.Error("check list versions", "err", err)
			continue
		}
		if sameVersions(current, svc.Versions()) {
			continue
		}
		if err := svc.Reload(ctx); err != nil {
			log.Error("rebuild match index; keeping the previous one", "err", err)
			continue
		}
		log.Info("match index rebuilt", "lists", len(current))
	}
}

// reloadRegistry rebuilds the resolver when the store's active registry
// version is not the one it serves.
func reloadRegistry(ctx context.Context, rs *resolving.Service, reg store.Registry, log *slog.Logger) {
	versions, err := reg.RegistryVersions(ctx)
	if err != nil {
		log.Error("check registry versions", "err", err)
		return
	}
	active, ok := activeRegistry(versions)
	if !ok {
		return // nothing imported yet
	}
	if cur, err := rs.Version(); err == nil && cur.ID == active.ID {
		return
	}
	if err := rs.Reload(ctx); err != nil {
		log.Error("rebuild the registry index; keeping the previous one", "err", err)
		return
	}
	rs.WarmUp()
	log.Info("registry index rebuilt", "version", active.Number, "orgs", active.OrgCount)
}

// activeRegistry returns the newest active version; the store keeps
// exactly one active.
func activeRegistry(vs []registry.Version) (registry.Version, bool) {
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Active {
			return vs[i], true
		}
	}
	return registry.Version{}, false
}

func sameVersions(a, b []watchlist.Version) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].List != b[i].List || a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}

// bootstrapAdmin creates the first admin on a database without users and
// prints its one-time password once, on stderr (not in the JSON log, which
// may be shipped elsewhere). Later starts do nothing.
func bootstrapAdmin(ctx context.Context, st store.Store, email string, w io.Writer) error {
	acc, err := store.AccountsOf(st)
	if err != nil {
		return nil // a store without accounts serves screening only
	}
	b, created, err := store.BootstrapAdmin(ctx, acc, operatorTenant, email)
	if err != nil {
		return fmt.Errorf("create the first admin: %w", err)
	}
	if created {
		fmt.Fprintf(w, "collabcheck: created the first admin %s in tenant %q; one-time password: %s\n", b.User.Email, b.Tenant.Name, b.Password)
	}
	return nil
}
