package apptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// Client sends GraphQL requests to a Server as one user, or as the public.
type Client struct {
	t     testing.TB
	url   string
	Token string
	// Header is sent with every request (X-Forwarded-For, User-Agent).
	Header http.Header
	// TurnedAway counts the requests the server turned away at the door, full, and that
	// were sent again after its Retry-After.
	TurnedAway atomic.Int32
}

// doorRetries bounds how often a request turned away at the door is sent again.
const doorRetries = 30

// Response is a GraphQL answer with its HTTP status.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code is the extensions.code of the first error, or "" without errors.
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Public returns a client without a token.
func (s *Server) Public(t testing.TB) *Client { return PublicAt(t, s.URL) }

// PublicAt returns a client without a token for the mzdesk serving at base.
func PublicAt(t testing.TB, base string) *Client { return &Client{t: t, url: base + "/graphql"} }

// As logs username in with the demo password and returns its client.
func (s *Server) As(t testing.TB, username string) *Client {
	t.Helper()
	return Login(t, s.URL, username)
}

// Login logs username in at the mzdesk serving at base, with the demo password.
func Login(t testing.TB, base, username string) *Client {
	t.Helper()
	c := &Client{t: t, url: base + "/graphql"}
	var out struct {
		Login struct{ Token string }
	}
	c.MustDo(`mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}`,
		map[string]any{"u": username, "p": Password}, &out)
	c.Token = out.Login.Token
	return c
}

// Do sends a query and decodes the answer; it fails the test only on transport trouble.
func (c *Client) Do(query string, vars map[string]any) *Response {
	c.t.Helper()
	r, err := c.Try(query, vars)
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}

// Try sends a query and decodes the answer, and returns transport trouble or an answer
// that is not JSON as an error: for clients that retry, as phones do, instead of failing
// the test from a goroutine of their own.
//
// A request the server turned away at the door (a 503 with a Retry-After: every place
// was taken, and nothing of the request ran) is sent again after the time it names, as
// the phones' queues do, and counted in TurnedAway. A 503 without Retry-After (the
// database away) is the answer.
func (c *Client) Try(query string, vars map[string]any) (*Response, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	for attempt := 0; ; attempt++ {
		out, retryAfter, err := c.send(body)
		if err != nil || out.Status != http.StatusServiceUnavailable || retryAfter <= 0 || attempt == doorRetries {
			return out, err
		}
		c.TurnedAway.Add(1)
		time.Sleep(retryAfter)
	}
}

// send posts one request and returns its answer and the Retry-After it carries.
func (c *Client) send(body []byte) (*Response, time.Duration, error) {
	req, _ := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(body))
	for k, v := range c.Header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("POST /graphql: %w", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, 0, fmt.Errorf("reading the answer (%d): %w", res.StatusCode, err)
	}
	out := &Response{Status: res.StatusCode}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, 0, fmt.Errorf("answer is not JSON (%d): %s", res.StatusCode, raw)
	}
	seconds, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	return out, time.Duration(seconds) * time.Second, nil
}

// MustDo sends a query that must succeed and decodes its data into into.
func (c *Client) MustDo(query string, vars map[string]any, into any) {
	c.t.Helper()
	r := c.Do(query, vars)
	if len(r.Errors) > 0 || r.Status != http.StatusOK {
		c.t.Fatalf("query failed (%d): %+v\n%s", r.Status, r.Errors, query)
	}
	if into != nil {
		if err := json.Unmarshal(r.Data, into); err != nil {
			c.t.Fatalf("decoding %s: %v", r.Data, err)
		}
	}
}
