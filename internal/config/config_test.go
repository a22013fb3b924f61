package config

import "testing"

func TestProductionRefusals(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"no secret":             {"MZ_ENV": "production"},
		"short secret":          {"MZ_ENV": "production", "MZ_JWT_SECRET": "too-short"},
		"demo data":             {"MZ_ENV": "production", "MZ_JWT_SECRET": "0123456789abcdef0123456789abcdef", "MZ_DEMO": "1", "MZ_AUDIT_KEY": "fedcba9876543210fedcba9876543210"},
		"unknown env":           {"MZ_ENV": "staging"},
		"no audit key":          {"MZ_ENV": "production", "MZ_JWT_SECRET": "0123456789abcdef0123456789abcdef"},
		"short audit key":       {"MZ_ENV": "production", "MZ_JWT_SECRET": "0123456789abcdef0123456789abcdef", "MZ_AUDIT_KEY": "short"},
		"development audit key": {"MZ_ENV": "production", "MZ_JWT_SECRET": "0123456789abcdef0123456789abcdef", "MZ_AUDIT_KEY": DevelopmentAuditKey},
	} {
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"MZ_ENV", "MZ_JWT_SECRET", "MZ_DEMO", "MZ_AUDIT_KEY"} {
				t.Setenv(k, env[k])
			}
			if _, err := FromEnv(); err == nil {
				t.Error("accepted")
			}
		})
	}
	t.Setenv("MZ_ENV", "production")
	t.Setenv("MZ_JWT_SECRET", "0123456789abcdef0123456789abcdef")
	t.Setenv("MZ_DEMO", "")
	t.Setenv("MZ_AUDIT_KEY", "fedcba9876543210fedcba9876543210")
	if c, err := FromEnv(); err != nil || !c.Production() || string(c.AuditKey) != "fedcba9876543210fedcba9876543210" {
		t.Errorf("a proper production config refused: %v", err)
	}
}

func TestDevelopmentDefaults(t *testing.T) {
	for _, k := range []string{"MZ_ENV", "MZ_JWT_SECRET", "MZ_DB", "MZ_ADDR", "MZ_DEMO", "MZ_AUDIT_KEY"} {
		t.Setenv(k, "")
	}
	c, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "sqlite:./data/mzdesk.db" || c.Addr != "127.0.0.1:8080" || !c.GeneratedSecret || len(c.JWTSecret) < MinSecretLen ||
		string(c.AuditKey) != DevelopmentAuditKey {
		t.Errorf("defaults: %+v", c)
	}
}

func TestTrustedProxies(t *testing.T) {
	t.Setenv("MZ_ENV", "")
	t.Setenv("MZ_TRUSTED_PROXIES", " 10.0.0.0/8, 192.168.1.7 ,fd00::/8")
	c, err := FromEnv()
	if err != nil || len(c.TrustedProxies) != 3 || c.TrustedProxies[1].String() != "192.168.1.7/32" {
		t.Fatalf("%v %v", c.TrustedProxies, err)
	}
	t.Setenv("MZ_TRUSTED_PROXIES", "10.0.0.0/33")
	if _, err := FromEnv(); err == nil {
		t.Error("a bad CIDR accepted")
	}
}

// TestReceiptSeries takes one capital letter, or nothing, for a replica's receipt series.
func TestReceiptSeries(t *testing.T) {
	t.Setenv("MZ_ENV", "")
	for series, ok := range map[string]bool{"": true, "B": true, "Z": true, "b": false, "AB": false, "1": false, "-": false, "Ｂ": false} {
		t.Setenv("MZ_RECEIPT_SERIES", series)
		c, err := FromEnv()
		if ok && (err != nil || c.ReceiptSeries != series) || !ok && err == nil {
			t.Errorf("MZ_RECEIPT_SERIES=%q: %q, %v", series, c.ReceiptSeries, err)
		}
	}
}
