// Package config reads mzdesk's settings from the environment. Every setting has a default
// that works on a developer's machine; production (MZ_ENV=production) refuses the ones
// that are only safe there: no real JWT secret, demo accounts.
package config

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
)

// Config is the whole of mzdesk's configuration.
type Config struct {
	Env  string // "development" or "production"
	Addr string // where to listen
	DB   string // sqlite:PATH or mysql:DSN
	// JWTSecret signs login tokens (HS256). Every replica behind one load balancer needs
	// the same one.
	JWTSecret []byte
	// Demo loads the demo data and accounts on a start that finds them missing.
	Demo         bool
	DemoPassword string
	// CORSOrigins lists, comma-separated, the other origins allowed to call the API from
	// a browser; empty keeps cross-origin calls closed.
	CORSOrigins string
	// TrustedProxies are the reverse proxies (MZ_TRUSTED_PROXIES, comma-separated CIDRs
	// or addresses) whose X-Forwarded-For names the client; from anyone else the header is
	// ignored. Empty by default: nobody's header is believed.
	TrustedProxies []netip.Prefix
	// AuditKey keys the audit chain (MZ_AUDIT_KEY): kept outside the database, so that
	// someone who can write to the database cannot rewrite the chain or forge an event.
	// Every replica needs the same one; changing it breaks the chain written before.
	AuditKey []byte
	// MetricsToken, when set, is the bearer token /metrics asks for.
	MetricsToken string
	// ReceiptSeries (MZ_RECEIPT_SERIES), one capital letter or empty, is the series of
	// each county's receipt numbers this replica takes ("430702-B000123"); empty, the
	// county's one sequence ("430702-000123"). Replicas writing through different nodes
	// of a multi-primary cluster each take their own, so that confirmations do not all
	// update one row and lose to each other (see docs/deployment.md).
	ReceiptSeries string
	// DebugAddr, when set, is a second listener serving Go's profiler (/debug/pprof/)
	// for finding where a slow request spends its time; keep it on a loopback address.
	DebugAddr string
	// GeneratedSecret is true when no secret was configured and one was made up for this
	// process: tokens then die with it.
	GeneratedSecret bool
}

// MinSecretLen is the shortest JWT secret production accepts, in bytes.
const MinSecretLen = 32

// DevelopmentAuditKey keys the audit chain on a developer's machine, where no key is
// set: a chain that survives restarts of `make run`, and protects nothing.
const DevelopmentAuditKey = "mzdesk development audit key, not a secret"

// Production reports whether mzdesk runs in production.
func (c Config) Production() bool { return c.Env == "production" }

// FromEnv reads the configuration. Secrets may also come from a file named by the
// variable with _FILE appended (MZ_JWT_SECRET_FILE), as container platforms mount them.
func FromEnv() (Config, error) {
	c := Config{
		Env:           get("MZ_ENV", "development"),
		Addr:          get("MZ_ADDR", "127.0.0.1:8080"),
		DB:            get("MZ_DB", "sqlite:./data/mzdesk.db"),
		Demo:          os.Getenv("MZ_DEMO") == "1",
		DemoPassword:  get("MZ_DEMO_PASSWORD", "demo-2020"),
		CORSOrigins:   os.Getenv("MZ_CORS_ORIGINS"),
		DebugAddr:     os.Getenv("MZ_DEBUG_ADDR"),
		ReceiptSeries: os.Getenv("MZ_RECEIPT_SERIES"),
	}
	if s := c.ReceiptSeries; s != "" && (len(s) != 1 || s[0] < 'A' || s[0] > 'Z') {
		return c, fmt.Errorf("MZ_RECEIPT_SERIES=%q: want one capital letter, A to Z, or nothing", s)
	}
	proxies, err := parsePrefixes(os.Getenv("MZ_TRUSTED_PROXIES"))
	if err != nil {
		return c, fmt.Errorf("MZ_TRUSTED_PROXIES: %w", err)
	}
	c.TrustedProxies = proxies
	secret, err := secretFromEnv("MZ_JWT_SECRET")
	if err != nil {
		return c, err
	}
	c.JWTSecret = []byte(secret)
	if c.MetricsToken, err = secretFromEnv("MZ_METRICS_TOKEN"); err != nil {
		return c, err
	}
	auditKey, err := secretFromEnv("MZ_AUDIT_KEY")
	if err != nil {
		return c, err
	}
	c.AuditKey = []byte(auditKey)
	switch c.Env {
	case "development":
		if len(c.JWTSecret) == 0 {
			c.JWTSecret = make([]byte, MinSecretLen)
			_, _ = rand.Read(c.JWTSecret)
			c.GeneratedSecret = true
		}
		if len(c.AuditKey) == 0 {
			c.AuditKey = []byte(DevelopmentAuditKey)
		}
	case "production":
		if len(c.JWTSecret) < MinSecretLen {
			return c, fmt.Errorf("production needs MZ_JWT_SECRET of at least %d bytes", MinSecretLen)
		}
		if c.Demo {
			return c, errors.New("production refuses demo data and accounts: unset MZ_DEMO")
		}
		if len(c.AuditKey) < MinSecretLen || string(c.AuditKey) == DevelopmentAuditKey {
			return c, fmt.Errorf("production needs MZ_AUDIT_KEY of at least %d bytes, kept outside the database", MinSecretLen)
		}
	default:
		return c, fmt.Errorf("MZ_ENV=%q: want development or production", c.Env)
	}
	return c, nil
}

// parsePrefixes reads a comma-separated list of CIDRs (10.0.0.0/8) and single addresses.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func get(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func secretFromEnv(name string) (string, error) {
	if f := os.Getenv(name + "_FILE"); f != "" {
		b, err := os.ReadFile(f) //nolint:gosec // the operator names the secret's file
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return os.Getenv(name), nil
}
