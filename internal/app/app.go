// Package app assembles mzdesk: it opens and migrates the store, loads the demo data when
// asked, and builds the HTTP handler. server.go runs it; the integration tests run the
// very same assembly behind httptest.
package app

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"mzdesk/ent"
	_ "mzdesk/ent/runtime" // privacy policies and defaults live there
	"mzdesk/frontend"
	"mzdesk/internal/audit"
	"mzdesk/internal/auth"
	"mzdesk/internal/config"
	"mzdesk/internal/database"
	"mzdesk/internal/demo"
	"mzdesk/internal/ledger"
	"mzdesk/internal/photos"
)

// App is a running mzdesk.
type App struct {
	Config   config.Config
	DB       *database.DB
	Client   *ent.Client
	Accounts *auth.Accounts
	Handler  http.Handler
	// Migrated lists the migration versions this start applied.
	Migrated []string
	// Demo says whether this start loaded the demo data, and its accounts.
	Demo demo.Result

	metrics *metrics
	// safelist is the SPA's own persisted queries, from its build (safelist.go).
	safelist   map[string]string
	statements atomic.Int64
	// trace, when set, sees every statement requests send (Trace).
	trace atomic.Pointer[func(query string, args []any)]
	// Audit keys, seals and checks the audit chain; Watch is its check in the background.
	Audit *audit.Chain
	Watch *audit.Watch
	// stopSealer ends the audit sealer and watch; sealed closes when the sealer has
	// sealed a last time.
	stopSealer context.CancelFunc
	sealed     chan struct{}
	// stopSweep ends the sweep of photos no receipt took up; swept closes when it has.
	stopSweep context.CancelFunc
	swept     chan struct{}
}

// sweepEvery is how often photos that no receipt took up within a day are looked for.
const sweepEvery = 10 * time.Minute

// sealEvery is how long a change's audit events wait, at most about, to be linked into
// the chain; watchEvery, how often the watch checks its next slice of the chain.
const (
	sealEvery  = 200 * time.Millisecond
	watchEvery = 10 * time.Second
)

// Statements is how many SQL statements this App has sent since it started.
func (a *App) Statements() int64 { return a.statements.Load() }

// Trace hands f every statement that requests send from now on, with its arguments,
// until stop is called; f may be called from many requests at once. It is how a test
// reads the plans of the statements behind a screen.
func (a *App) Trace(f func(query string, args []any)) (stop func()) {
	a.trace.Store(&f)
	return func() { a.trace.Store(nil) }
}

// New opens the store of cfg, brings its schema up to date, loads the demo data when
// cfg.Demo asks for it and it is missing, and builds the handler.
func New(ctx context.Context, cfg config.Config) (*App, error) {
	db, err := database.Open(cfg.DB)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: db}
	if a.Migrated, err = db.Migrate(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	a.metrics = newMetrics(a)
	a.Client = ent.NewClient(ent.SQLDialect(db.Dialect), ent.Driver(database.Counted(db.Driver(), func(query string, args []any) {
		a.statements.Add(1)
		a.metrics.statements.Inc()
		if f := a.trace.Load(); f != nil {
			(*f)(query, args)
		}
	})))
	key := cfg.AuditKey
	if len(key) == 0 { // tests and tools that build a Config by hand
		key = []byte(config.DevelopmentAuditKey)
	}
	a.Audit = audit.New(key)
	a.Client.Use(a.Audit.Hook())
	a.Client.Allocation.Use(ledger.KeepLineTotals())
	a.Client.Donation.Use(ledger.NameDonors())
	a.startSealer(db)
	a.startSweep()
	if err := ledger.NamePublicly(ctx, a.Client); err != nil {
		_ = a.Close()
		return nil, fmt.Errorf("naming donations for their certificates: %w", err)
	}
	if cfg.Demo {
		if a.Demo, err = demo.Load(ctx, a.Client, cfg.DemoPassword); err != nil {
			_ = a.Close()
			return nil, fmt.Errorf("demo data: %w", err)
		}
	}
	if a.safelist, err = loadSafelist(frontend.Dist()); err != nil {
		_ = a.Close()
		return nil, fmt.Errorf("reading the SPA's persisted queries: %w", err)
	}
	a.Accounts = auth.NewAccounts(a.Client, auth.NewSigner(cfg.JWTSecret), cfg.Production(), cfg.TrustedProxies)
	a.Handler = a.routes()
	return a, nil
}

// startSealer runs the audit sealer and watch in the background. Their statements show
// in the metrics but not in Statements, which counts what requests send.
func (a *App) startSealer(db *database.DB) {
	sealer := ent.NewClient(ent.SQLDialect(db.Dialect), ent.Driver(database.Counted(db.Driver(), func(string, []any) {
		a.metrics.statements.Inc()
	})))
	ctx, stop := context.WithCancel(context.Background())
	a.stopSealer, a.sealed = stop, make(chan struct{})
	a.Watch = a.Audit.Watch(sealer)
	a.metrics.watched(a.Watch)
	go func() {
		defer close(a.sealed)
		a.Audit.Run(ctx, sealer, sealEvery, func(n int) { a.metrics.sealed.Add(float64(n)) })
	}()
	go a.Watch.Run(ctx, watchEvery)
}

// startSweep removes, in the background, photos that no receipt took up within a day
// of their upload (photos.Sweep).
func (a *App) startSweep() {
	ctx, stop := context.WithCancel(context.Background())
	a.stopSweep, a.swept = stop, make(chan struct{})
	go func() {
		defer close(a.swept)
		photos.Run(ctx, a.Client, sweepEvery, time.Now)
	}()
}

// Close seals the last audit events and releases the store.
func (a *App) Close() error {
	a.stopSweep()
	<-a.swept
	a.stopSealer()
	<-a.sealed
	return a.Client.Close()
}
