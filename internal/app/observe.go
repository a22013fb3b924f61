package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"mzdesk/graph"
	"mzdesk/internal/audit"
	"mzdesk/internal/viewer"
)

// request is what the logs and metrics learn about one request as it goes: filled in by
// the HTTP middleware and, for GraphQL, by the operation it runs.
type request struct {
	id        string
	operation string
	// viewerID is the account the request's token names, for the request's own log
	// line, written with the context from before the token was read.
	viewerID int
	// unavailable says the GraphQL answer carries an UNAVAILABLE error: it goes out
	// as a 503 (see answer).
	unavailable bool
}

type requestKey struct{}

func requestOf(ctx context.Context) *request {
	r, _ := ctx.Value(requestKey{}).(*request)
	return r
}

// ContextHandler adds the request id and the viewer's user id (never a token) to every
// log line written with a request's context.
type ContextHandler struct{ slog.Handler }

// Handle adds the request's attributes and passes the record on.
func (h ContextHandler) Handle(ctx context.Context, rec slog.Record) error {
	r := requestOf(ctx)
	if r != nil {
		rec.AddAttrs(slog.String("request_id", r.id))
	}
	if v := viewer.FromContext(ctx); v != nil && v.UserID != 0 {
		rec.AddAttrs(slog.Int("viewer_id", v.UserID))
	} else if r != nil && r.viewerID != 0 {
		rec.AddAttrs(slog.Int("viewer_id", r.viewerID))
	}
	return h.Handler.Handle(ctx, rec)
}

// WithAttrs keeps the context handler around the derived handler.
func (h ContextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return ContextHandler{h.Handler.WithAttrs(attrs)}
}

// WithGroup keeps the context handler around the derived handler.
func (h ContextHandler) WithGroup(name string) slog.Handler {
	return ContextHandler{h.Handler.WithGroup(name)}
}

// metrics are mzdesk's Prometheus series, in a registry of the App's own.
type metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	operation  *prometheus.HistogramVec
	statements prometheus.Counter
	sealed     prometheus.Counter
	// retries counts mutations run again after their transaction lost a conflict.
	retries prometheus.Counter
}

func newMetrics(a *App) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mzdesk_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mzdesk_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
		}, []string{"route"}),
		operation: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mzdesk_graphql_operation_duration_seconds", Help: "GraphQL operation latency by operation name.",
			Buckets: []float64{.002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
		}, []string{"operation"}),
		statements: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mzdesk_sql_statements_total", Help: "SQL statements sent to the database.",
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mzdesk_graphql_errors_total", Help: "GraphQL errors by extensions.code.",
		}, []string{"code"}),
		retries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mzdesk_graphql_mutation_retries_total",
			Help: "Mutations run again because their transaction lost a conflict (deadlock, lock wait, Galera certification, SQLite busy).",
		}),
		sealed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mzdesk_audit_events_sealed_total", Help: "Audit events this server linked into the hash chain.",
		}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.operation, m.errors, m.statements, m.sealed, m.retries,
		collectors.NewDBStatsCollector(a.DB.DB, "mzdesk"),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// watched shows how far the audit watch w got, and whether it found an edit.
func (m *metrics) watched(w *audit.Watch) {
	m.registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "mzdesk_audit_events_checked", Help: "Sealed audit events the background check has found holding, from the first on.",
		}, func() float64 { return float64(w.Status().Events) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "mzdesk_audit_chain_ok", Help: "1 while the audit chain and the ledger's rows hold, 0 once the background check found an edit.",
		}, func() float64 {
			if w.Status().OK {
				return 1
			}
			return 0
		}))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// authenticated reads the bearer token (auth.Accounts.Middleware) and notes the viewer
// on the request, so that the request's log line names the account.
func (a *App) authenticated(next http.Handler) http.Handler {
	return a.Accounts.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if req, v := requestOf(r.Context()), viewer.FromContext(r.Context()); req != nil && v != nil {
			req.viewerID = v.UserID
		}
		next.ServeHTTP(w, r)
	}))
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// observe gives every request an id (the caller's X-Request-Id when sane), logs it with
// its status and duration, counts it, and turns a panic outside GraphQL into a 500 with
// the id in the log.
func (a *App) observe(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := &request{id: r.Header.Get("X-Request-Id")}
		if !requestIDPattern.MatchString(req.id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			req.id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", req.id)
		ctx := context.WithValue(r.Context(), requestKey{}, req)
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				slog.ErrorContext(ctx, "panic", "panic", p)
				if !sw.wrote {
					http.Error(sw, "internal error; it has been logged", http.StatusInternalServerError)
				}
			}
			if r.Context().Err() != nil { // the client hung up before its answer went out
				sw.status = statusClientGone
			}
			d := time.Since(start)
			a.metrics.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
			a.metrics.latency.WithLabelValues(route).Observe(d.Seconds())
			attrs := []any{"method", r.Method, "route", route, "status", sw.status, "ms", d.Milliseconds()}
			if req.operation != "" {
				attrs = append(attrs, "operation", req.operation)
			}
			slog.InfoContext(ctx, "request", attrs...)
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// statusClientGone is the status the logs and metrics give a request whose client went away
// before its answer (nginx's 499): no answer reached anyone, so it is neither a success nor
// one of the server's errors.
const statusClientGone = 499

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusWriter) WriteHeader(code int) {
	s.status, s.wrote = code, true
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection, to set read deadlines.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush lets streaming responses through.
func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// operations is the gqlgen extension that names the operation for the logs and times
// it and counts its errors by code for the metrics.
type operations struct {
	m     *metrics
	names *boundedNames
}

// boundedNames keeps the operation names clients choose from growing the metrics
// without end: past maxOperationNames, new names count as "other".
type boundedNames struct {
	mu   sync.Mutex
	seen map[string]bool
}

const maxOperationNames = 200

func (b *boundedNames) label(name string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seen[name] {
		return name
	}
	if len(b.seen) >= maxOperationNames || len(name) > 64 {
		return "other"
	}
	b.seen[name] = true
	return name
}

func (operations) ExtensionName() string                   { return "Operations" }
func (operations) Validate(graphql.ExecutableSchema) error { return nil }

func (o operations) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	res := next(ctx)
	name := "unknown"
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		switch {
		case oc.OperationName != "":
			name = oc.OperationName
		case oc.Operation != nil && oc.Operation.Name != "":
			name = oc.Operation.Name
		case oc.Operation != nil:
			name = "anonymous"
		}
	}
	r := requestOf(ctx)
	if r != nil {
		r.operation = name
	}
	o.m.operation.WithLabelValues(o.names.label(name)).Observe(time.Since(start).Seconds())
	if attemptsOf(ctx).again(ctx, res) {
		return res // retried (retryConflicts): only the answer that goes out counts
	}
	if r != nil {
		r.unavailable = false
	}
	if res != nil {
		for _, e := range res.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" {
				code = "GRAPHQL_VALIDATION_FAILED"
			}
			o.m.errors.WithLabelValues(code).Inc()
			if code == graph.CodeUnavailable && r != nil {
				r.unavailable = true
			}
		}
	}
	return res
}

// secure sets the headers every answer carries, and answers cross-origin requests only
// from the origins MZ_CORS_ORIGINS names.
func (a *App) secure(next http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, o := range strings.Split(a.Config.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			allowed[o] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "geolocation=(), microphone=(), camera=(self)")
		if r.URL.Path != "/playground" { // the playground loads its script from a CDN, outside production only
			h.Set("Content-Security-Policy", contentSecurityPolicy)
		}
		if origin := r.Header.Get("Origin"); origin != "" && allowed[origin] {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id")
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Max-Age", "600")
			h.Add("Vary", "Origin")
		}
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy lets the SPA run and nothing else: its own scripts, its own
// styles plus the inline style attributes Vant sets, pictures it makes itself (QR codes,
// camera previews), requests to its own server, and no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
	"manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// metricsHandler serves Prometheus metrics, behind MZ_METRICS_TOKEN when one is set; in
// production without a token they are closed: they tell a stranger the server's load,
// its operations and its error rates.
func (a *App) metricsHandler() http.Handler {
	h := a.metrics.handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		want := a.Config.MetricsToken
		if want == "" && a.Config.Production() {
			http.NotFound(w, r)
			return
		}
		if want != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+want)) != 1 {
			http.Error(w, "metrics need the token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
