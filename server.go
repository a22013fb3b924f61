// Command mzdesk is the civil-affairs epidemic response desk: one binary serving the
// GraphQL API and the mobile SPA. `mzdesk` serves, `mzdesk migrate` only brings the
// database schema up to date, `mzdesk version` prints the version.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"mzdesk/internal/app"
	"mzdesk/internal/config"
	"mzdesk/internal/database"
)

func main() {
	slog.SetDefault(slog.New(app.ContextHandler{Handler: slog.NewJSONHandler(os.Stderr, nil)}))
	cmd := "serve"
	if len(os.Args) > 1 {
		cmd = os.Args[1]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve()
	case "migrate":
		err = migrate()
	case "version":
		fmt.Println(version())
	default:
		err = fmt.Errorf("unknown command %q: want serve, migrate or version", cmd)
	}
	if err != nil {
		slog.Error("mzdesk stopped", "err", err)
		os.Exit(1)
	}
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return "mzdesk " + s.Value
			}
		}
	}
	return "mzdesk (development build)"
}

func migrate() error {
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	db, err := database.Open(cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(context.Background())
	slog.Info("migrated", "applied", applied)
	return err
}

func serve() error {
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	if cfg.GeneratedSecret {
		slog.Warn("MZ_JWT_SECRET is not set: using a random secret, tokens end with this process")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if len(a.Migrated) > 0 {
		slog.Info("database migrated", "applied", a.Migrated)
	}
	if a.Demo.Loaded {
		fmt.Fprintf(os.Stderr, "\n  Demo data loaded. Accounts (password %q): %s … and %d village committees (village-<code>)\n\n",
			cfg.DemoPassword, a.Demo.Accounts[:6], len(a.Demo.Accounts)-6)
	}
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.ListenAndServe() }()
	if cfg.DebugAddr != "" {
		// Only a header timeout: a CPU profile is written for as long as it was asked to run.
		debug := &http.Server{Addr: cfg.DebugAddr, Handler: profiler(), ReadHeaderTimeout: 10 * time.Second}
		go func() { errc <- debug.ListenAndServe() }()
		slog.Info("profiler listening", "addr", "http://"+cfg.DebugAddr+"/debug/pprof/")
	}
	slog.Info("mzdesk listening", "addr", "http://"+cfg.Addr, "env", cfg.Env, "db", a.DB.Dialect)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// profiler serves Go's runtime profiles on a mux of its own, so that they never reach
// the public listener.
func profiler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
