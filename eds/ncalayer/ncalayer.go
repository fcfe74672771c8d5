// Package ncalayer is a client for NCALayer, the desktop application of the
// National Certification Authority of Kazakhstan (pki.gov.kz) that signs
// with keys this program cannot open itself: keys on hardware tokens
// (Kaztoken, ID cards, eToken, JaCarta, aKey) and the older GOST 34.310-2004
// keys in files. (GOST 34.10-2015 and RSA key files sign natively, see eds;
// NCALayer signs them too, and the CMS it returns — RSA or GOST — is
// verified the same way.)
//
// NCALayer listens on wss://127.0.0.1:13579 with a self-signed certificate;
// this client skips certificate verification for loopback addresses only.
// On connecting NCALayer first sends a greeting, {"result":{"version":"1.4"}}
// — not the answer to anything — whose version chooses the protocol:
//
//   - 1.4 and later: module kz.gov.pki.knca.basics, method sign, answers
//     {"status":true,"body":{"result":[...]}}; {"status":true,"body":{}}
//     when the user closes the dialog;
//   - earlier: module kz.gov.pki.knca.commonUtils, getActiveTokens and
//     createCMSSignatureFromBase64, answers {"code":"200","responseObject":..},
//     {"code":"500","message":"action.canceled"} on cancel.
//
// Between answers NCALayer may send heartbeat frames ("--heartbeat--"),
// which are skipped. The CMS comes back as base64, sometimes wrapped in PEM
// headers with line breaks; Sign returns it as DER.
//
// NCALayer is a Java application that needs a desktop session and cannot run
// on the build and CI machines of this project: the tests run the client
// against a protocol-level fake server (TLS + websocket) that plays
// NCALayer's side of the exchanges above.
package ncalayer

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"

	"github.com/coder/websocket"

	"github.com/kabinet-kz/kabinet/eds"
)

// DefaultURL is where NCALayer listens.
const DefaultURL = "wss://127.0.0.1:13579"

// Storage names NCALayer knows.
const (
	StoragePKCS12     = "PKCS12"
	StorageKaztoken   = "AKKaztokenStore"
	StorageIDCard     = "AKKZIDCardStore"
	StorageEToken72K  = "AKEToken72KStore"
	StorageEToken5110 = "AKEToken5110Store"
	StorageJaCarta    = "AKJaCartaStore"
	StorageAKey       = "AKAKEYStore"
)

// AllStorages is the default allowedStorages: files and every token type.
var AllStorages = []string{StoragePKCS12, StorageKaztoken, StorageIDCard, StorageEToken72K,
	StorageEToken5110, StorageJaCarta, StorageAKey}

// EKU OIDs NCALayer filters certificates by.
const (
	OIDClientAuth      = "1.3.6.1.5.5.7.3.2" // authentication keys
	OIDEmailProtection = "1.3.6.1.5.5.7.3.4" // signing keys
)

var (
	// ErrNotRunning: nothing answers at NCALayer's address.
	ErrNotRunning = errors.New("ncalayer: NCALayer is not running on this computer; install NCALayer from https://pki.gov.kz/ncalayer/ or start it if it is installed")
	// ErrCanceled: the user closed NCALayer's dialog. Not a failure: show
	// nothing, or offer to try again.
	ErrCanceled = errors.New("ncalayer: signing canceled by the user")
	// ErrProtocol: NCALayer answered something this client does not
	// understand.
	ErrProtocol = errors.New("ncalayer: unexpected answer from NCALayer")
)

// Error is an error answer from NCALayer (a code other than 200, or status
// false).
type Error struct {
	Code    string
	Message string
	Details string
}

func (e *Error) Error() string {
	s := "ncalayer: error " + e.Code
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Details != "" {
		s += " (" + e.Details + ")"
	}
	return s
}

// Client talks to NCALayer. The zero value uses DefaultURL and Russian.
type Client struct {
	// URL of NCALayer; DefaultURL if empty.
	URL string
	// Locale of NCALayer's dialogs: "ru", "kk" or "en".
	Locale string
	// Storages allowed for signing; AllStorages if empty.
	Storages []string
	// HTTPClient for the websocket handshake; if nil, one that accepts
	// NCALayer's self-signed certificate on loopback addresses.
	HTTPClient *http.Client
}

// Session is one connection to NCALayer. Requests on a session are
// sequential: it is not safe for concurrent use.
type Session struct {
	conn    *websocket.Conn
	locale  string
	stores  []string
	Version string // as NCALayer announced it, e.g. "1.4"
}

// Connect opens a connection and reads NCALayer's greeting.
func (c *Client) Connect(ctx context.Context) (*Session, error) {
	u := c.URL
	if u == "" {
		u = DefaultURL
	}
	hc := c.HTTPClient
	if hc == nil {
		var err error
		if hc, err = loopbackClient(u); err != nil {
			return nil, err
		}
	}
	conn, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("ncalayer: connect: %w", ctx.Err())
		}
		if isNotRunning(err) {
			return nil, fmt.Errorf("%w (%v)", ErrNotRunning, err)
		}
		return nil, fmt.Errorf("ncalayer: connect: %w", err)
	}
	conn.SetReadLimit(eds.MaxCMSSize * 2)
	s := &Session{conn: conn, locale: c.Locale, stores: c.Storages}
	if s.locale == "" {
		s.locale = "ru"
	}
	if len(s.stores) == 0 {
		s.stores = AllStorages
	}
	msg, err := s.read(ctx)
	if err != nil {
		s.conn.CloseNow()
		return nil, err
	}
	var greeting struct {
		Result struct {
			Version string `json:"version"`
		} `json:"result"`
	}
	if json.Unmarshal(msg, &greeting) != nil || greeting.Result.Version == "" {
		s.conn.CloseNow()
		return nil, fmt.Errorf("%w: no greeting: %.200s", ErrProtocol, msg)
	}
	s.Version = greeting.Result.Version
	return s, nil
}

// loopbackClient accepts any certificate, but only for a loopback host:
// NCALayer's certificate is self-signed and differs per installation.
func loopbackClient(rawURL string) (*http.Client, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("ncalayer: %w", err)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil // never send NCALayer traffic through a proxy
	if isLoopback(u.Hostname()) {
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // loopback only, see above
	}
	return &http.Client{Transport: tr}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func isNotRunning(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// Close ends the session.
func (s *Session) Close() error {
	return s.conn.Close(websocket.StatusNormalClosure, "")
}

// read returns the next message that is not a heartbeat.
func (s *Session) read(ctx context.Context) ([]byte, error) {
	for {
		_, msg, err := s.conn.Read(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("ncalayer: %w", ctx.Err())
			}
			return nil, fmt.Errorf("ncalayer: connection lost: %w", err)
		}
		trimmed := strings.TrimSpace(string(msg))
		if trimmed == "" || strings.Contains(trimmed, "heartbeat") && !strings.HasPrefix(trimmed, "{") {
			continue
		}
		return msg, nil
	}
}

func (s *Session) call(ctx context.Context, req any) ([]byte, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	if err := s.conn.Write(ctx, websocket.MessageText, b); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("ncalayer: %w", ctx.Err())
		}
		return nil, fmt.Errorf("ncalayer: connection lost: %w", err)
	}
	for {
		msg, err := s.read(ctx)
		if err != nil {
			return nil, err
		}
		// A repeated greeting is not an answer either.
		var probe map[string]json.RawMessage
		if json.Unmarshal(msg, &probe) == nil {
			if _, ok := probe["status"]; !ok {
				if _, ok := probe["code"]; !ok {
					if _, ok := probe["result"]; ok {
						continue
					}
				}
			}
		}
		return msg, nil
	}
}

// SignRequest says what to sign and with which key.
type SignRequest struct {
	Data     []byte
	Purpose  eds.Purpose // PurposeAuth: an AUTH key (clientAuth); PurposeSign: a signing key
	Detached bool        // leave the data out of the CMS
}

// UsesBasics reports whether the session speaks the kz.gov.pki.knca.basics
// module (NCALayer 1.4 and later).
func (s *Session) UsesBasics() bool {
	major, minor := parseVersion(s.Version)
	return major > 1 || major == 1 && minor >= 4
}

func parseVersion(v string) (major, minor int) {
	parts := strings.SplitN(v, ".", 3)
	major, _ = strconv.Atoi(parts[0])
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	return major, minor
}

// Sign asks NCALayer to sign r.Data (the user picks the key and types its
// password in NCALayer's own window) and returns the CMS as DER.
//
// Errors: ErrCanceled when the user closes the dialog, *Error for an error
// answer, ErrProtocol, a context error on timeout (the user may take a
// while: give the context minutes, not seconds).
func (s *Session) Sign(ctx context.Context, r SignRequest) ([]byte, error) {
	var answer string
	var err error
	if s.UsesBasics() {
		answer, err = s.signBasics(ctx, r)
	} else {
		answer, err = s.signCommonUtils(ctx, r)
	}
	if err != nil {
		return nil, err
	}
	der, err := eds.DecodeCMS([]byte(answer))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProtocol, err)
	}
	return der, nil
}

func (s *Session) signBasics(ctx context.Context, r SignRequest) (string, error) {
	oid := OIDEmailProtection
	if r.Purpose == eds.PurposeAuth {
		oid = OIDClientAuth
	}
	req := map[string]any{
		"module": "kz.gov.pki.knca.basics",
		"method": "sign",
		"args": map[string]any{
			"allowedStorages": s.stores,
			"format":          "cms",
			"data":            base64.StdEncoding.EncodeToString(r.Data),
			"signingParams": map[string]any{
				"decode":      true,
				"encapsulate": !r.Detached,
				"digested":    false,
				"tsaProfile":  map[string]any{},
			},
			"signerParams": map[string]any{
				"extKeyUsageOids": []string{oid},
				"chain":           []string{},
			},
			"locale": s.locale,
		},
	}
	msg, err := s.call(ctx, req)
	if err != nil {
		return "", err
	}
	var resp struct {
		Status  *bool           `json:"status"`
		Code    json.RawMessage `json:"code"`
		Message string          `json:"message"`
		Details json.RawMessage `json:"details"`
		Body    struct {
			Result json.RawMessage `json:"result"`
		} `json:"body"`
	}
	if err := json.Unmarshal(msg, &resp); err != nil || resp.Status == nil {
		return "", fmt.Errorf("%w: %.200s", ErrProtocol, msg)
	}
	code := rawString(resp.Code)
	if isCancel(code, resp.Message) {
		return "", ErrCanceled
	}
	if !*resp.Status {
		return "", &Error{Code: code, Message: resp.Message, Details: rawString(resp.Details)}
	}
	// result: a string or an array of strings; absent or empty on cancel.
	var one string
	var many []string
	switch {
	case len(resp.Body.Result) == 0 || string(resp.Body.Result) == "null":
		return "", ErrCanceled
	case json.Unmarshal(resp.Body.Result, &one) == nil:
	case json.Unmarshal(resp.Body.Result, &many) == nil:
		if len(many) > 0 {
			one = many[0]
		}
	default:
		return "", fmt.Errorf("%w: result %.200s", ErrProtocol, resp.Body.Result)
	}
	if strings.TrimSpace(one) == "" {
		return "", ErrCanceled
	}
	return one, nil
}

// commonUtils answer.
type legacyResponse struct {
	Code           json.RawMessage `json:"code"`
	Message        string          `json:"message"`
	ResponseObject json.RawMessage `json:"responseObject"`
}

func (s *Session) legacyCall(ctx context.Context, method string, args []any) (json.RawMessage, error) {
	req := map[string]any{"module": "kz.gov.pki.knca.commonUtils", "method": method}
	if args != nil {
		req["args"] = args
	}
	msg, err := s.call(ctx, req)
	if err != nil {
		return nil, err
	}
	var resp legacyResponse
	if err := json.Unmarshal(msg, &resp); err != nil || len(resp.Code) == 0 {
		return nil, fmt.Errorf("%w: %.200s", ErrProtocol, msg)
	}
	code := rawString(resp.Code)
	if isCancel(code, resp.Message) {
		return nil, ErrCanceled
	}
	if code != "200" {
		return nil, &Error{Code: code, Message: resp.Message}
	}
	return resp.ResponseObject, nil
}

// ActiveTokens lists the storage types with a device plugged in
// (commonUtils getActiveTokens; NCALayer of every version has it).
func (s *Session) ActiveTokens(ctx context.Context) ([]string, error) {
	obj, err := s.legacyCall(ctx, "getActiveTokens", nil)
	if err != nil {
		return nil, err
	}
	var tokens []string
	if len(obj) > 0 && string(obj) != "null" {
		if err := json.Unmarshal(obj, &tokens); err != nil {
			return nil, fmt.Errorf("%w: tokens %.200s", ErrProtocol, obj)
		}
	}
	return tokens, nil
}

func (s *Session) signCommonUtils(ctx context.Context, r SignRequest) (string, error) {
	// A plugged-in token is what the user means; otherwise a file.
	storage := StoragePKCS12
	tokens, err := s.ActiveTokens(ctx)
	if err != nil {
		return "", err
	}
	for _, t := range tokens {
		if allowed(s.stores, t) {
			storage = t
			break
		}
	}
	keyType := "SIGNATURE"
	if r.Purpose == eds.PurposeAuth {
		keyType = "AUTHENTICATION"
	}
	obj, err := s.legacyCall(ctx, "createCMSSignatureFromBase64",
		[]any{storage, keyType, base64.StdEncoding.EncodeToString(r.Data), !r.Detached})
	if err != nil {
		return "", err
	}
	var cms string
	if len(obj) == 0 || string(obj) == "null" || json.Unmarshal(obj, &cms) != nil || strings.TrimSpace(cms) == "" {
		if len(obj) == 0 || string(obj) == "null" || string(obj) == `""` {
			return "", ErrCanceled
		}
		return "", fmt.Errorf("%w: responseObject %.200s", ErrProtocol, obj)
	}
	return cms, nil
}

func allowed(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isCancel(code, message string) bool {
	return strings.Contains(code, "action.canceled") || strings.Contains(message, "action.canceled")
}

// rawString reads a JSON string or number ("200" and 200 both occur).
func rawString(r json.RawMessage) string {
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(r))
}

// Sign connects, signs and disconnects: the whole exchange for one
// signature.
func (c *Client) Sign(ctx context.Context, r SignRequest) ([]byte, error) {
	s, err := c.Connect(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Sign(ctx, r)
}
