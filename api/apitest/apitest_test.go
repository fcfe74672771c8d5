package apitest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/kabinet-kz/kabinet/api"
)

// The Problem schema's code enum is exactly the Code... constants of
// package api: a new problem code cannot be answered before it is in the
// contract, and the contract lists no code the service does not have.
func TestProblemCodesAreTheAPIConstants(t *testing.T) {
	c := MustLoad(t)
	var inSpec []string
	for _, v := range c.problem.Value.Properties["code"].Value.Enum {
		inSpec = append(inSpec, v.(string))
	}
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	var inGo []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, id := range vs.Names {
				if !strings.HasPrefix(id.Name, "Code") || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, _ := strconv.Unquote(lit.Value)
					inGo = append(inGo, v)
				}
			}
			return true
		})
	}
	slices.Sort(inSpec)
	slices.Sort(inGo)
	if len(inGo) < 30 || !slices.Equal(inSpec, inGo) {
		t.Errorf("Problem.code enum %q\napi Code... constants %q", inSpec, inGo)
	}
}

// fakeService answers what a test sets, to see the checker refuse what
// the contract does not describe.
func exchange(t *testing.T, method, target, token, body string, h http.HandlerFunc) error {
	t.Helper()
	c := MustLoad(t)
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	h(w, r)
	r2 := httptest.NewRequest(method, target, strings.NewReader(body))
	r2.Header = r.Header
	return c.Check(r2, w.Code, w.Header(), w.Body.Bytes())
}

func problemAnswer(status int, code string, extra ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", api.ProblemContentType)
		for i := 0; i+1 < len(extra); i += 2 {
			w.Header().Set(extra[i], extra[i+1])
		}
		w.WriteHeader(status)
		w.Write([]byte(`{"type":"about:blank","title":"` + http.StatusText(status) + `","status":` + strconv.Itoa(status) + `,"code":"` + code + `"}`))
	}
}

func jsonAnswer(status int, body string, extra ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		for i := 0; i+1 < len(extra); i += 2 {
			w.Header().Set(extra[i], extra[i+1])
		}
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
}

const okInfo = `{"fundName":"Демо","version":"dev","apiVersion":"0.1.0","demo":true}`

func TestCheckerAcceptsWhatTheContractDescribes(t *testing.T) {
	for name, err := range map[string]error{
		"info":          exchange(t, "GET", "/api/v1/info", "", "", jsonAnswer(200, okInfo)),
		"401 with auth": exchange(t, "GET", "/api/v1/me", "", "", problemAnswer(401, "unauthorized", "WWW-Authenticate", "Bearer")),
		"unknown path":  exchange(t, "GET", "/api/v1/nothing", "", "", problemAnswer(404, "not_found")),
		"405":           exchange(t, "DELETE", "/api/v1/info", "", "", problemAnswer(405, "method_not_allowed", "Allow", "GET")),
		"429 login": exchange(t, "POST", "/api/v1/auth/login", "", `{"iin":"880415300157","password":"x"}`,
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", api.ProblemContentType)
				w.Header().Set("Retry-After", "2")
				w.WriteHeader(429)
				w.Write([]byte(`{"type":"about:blank","title":"Too Many Requests","status":429,"code":"rate_limited","retryAfterSeconds":2}`))
			}),
		"bad body refused": exchange(t, "POST", "/api/v1/auth/login", "", `{"iin":1}`, problemAnswer(400, "bad_request")),
	} {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCheckerRefusesWhatTheContractDoesNotDescribe(t *testing.T) {
	for name, err := range map[string]error{
		"undocumented status": exchange(t, "GET", "/api/v1/info", "", "", problemAnswer(418, "internal")),
		"body off schema":     exchange(t, "GET", "/api/v1/info", "", "", jsonAnswer(200, `{"fundName":"Демо"}`)),
		"undocumented field": exchange(t, "GET", "/api/v1/info", "", "", jsonAnswer(200,
			`{"fundName":"Демо","version":"dev","apiVersion":"0.1.0","demo":true,"secret":1}`)),
		"undocumented problem field": exchange(t, "GET", "/api/v1/me", "t", "", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", api.ProblemContentType)
			w.WriteHeader(500)
			w.Write([]byte(`{"title":"x","status":500,"code":"internal","stack":"main.go:1"}`))
		}),
		"undocumented nested field": exchange(t, "GET", "/api/v1/accounts", "t", "", jsonAnswer(200,
			`{"asOf":"2026-03-10","total":1,"accounts":[{"type":"OPV","number":"1","balance":1,"contributions":1,"investmentIncome":0,"commission":0,"payments":0,"openedAt":"2020-01-01","pin":"1234"}]}`)),
		"wrong content type": exchange(t, "GET", "/api/v1/info", "", "", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(okInfo))
		}),
		"unknown code":           exchange(t, "GET", "/api/v1/me", "t", "", problemAnswer(500, "oops")),
		"code of another answer": exchange(t, "GET", "/api/v1/me", "", "", problemAnswer(401, "rate_limited")),
		"problem status differs": exchange(t, "GET", "/api/v1/me", "t", "", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", api.ProblemContentType)
			w.WriteHeader(500)
			w.Write([]byte(`{"title":"x","status":400,"code":"internal"}`))
		}),
		"429 without Retry-After": exchange(t, "POST", "/api/v1/auth/login", "", `{"iin":"880415300157","password":"x"}`,
			problemAnswer(429, "rate_limited")),
		"undeclared Retry-After": exchange(t, "GET", "/api/v1/me", "t", "", problemAnswer(500, "internal", "Retry-After", "3")),
		"200 to a request without its token": exchange(t, "GET", "/api/v1/me", "", "", jsonAnswer(200,
			`{"iin":"880415300157","surname":"A","givenName":"B","birthDate":"1988-04-15","sex":"male","role":"depositor"}`)),
		"200 to a body the contract refuses": exchange(t, "POST", "/api/v1/auth/login", "", `{"iin":"880415300157"}`,
			jsonAnswer(200, `{"token":"x","expiresAt":"2026-03-10T12:00:00Z"}`, "Cache-Control", "no-store")),
		"body on 204":       exchange(t, "POST", "/api/v1/auth/logout", "t", "", jsonAnswer(204, `{}`)),
		"unknown path 200":  exchange(t, "GET", "/api/v1/nothing", "", "", jsonAnswer(200, `{}`)),
		"405 without Allow": exchange(t, "DELETE", "/api/v1/info", "", "", problemAnswer(405, "method_not_allowed")),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Every problem answer of the contract names the codes it may carry
// (const or enum of `code` next to the Problem schema), so that the
// checker refuses a code an operation does not document; every 429
// declares Retry-After, and every answer that may be `unauthorized`
// declares WWW-Authenticate.
func TestEveryProblemAnswerNamesItsCodes(t *testing.T) {
	c := MustLoad(t)
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status, ref := range op.Responses.Map() {
				where := method + " " + path + " " + status
				mt := ref.Value.Content.Get(api.ProblemContentType)
				if mt == nil {
					if strings.HasPrefix(status, "4") || strings.HasPrefix(status, "5") && path != "/healthz" && path != "/readyz" { // probes answer text
						t.Errorf("%s: not a problem answer", where)
					}
					continue
				}
				codes := problemCodes(mt.Schema)
				if len(codes) == 0 {
					t.Errorf("%s: the problem names no code (allOf Problem + code const/enum)", where)
				}
				if status == "429" && !declared(ref.Value.Headers, "Retry-After") {
					t.Errorf("%s: no Retry-After", where)
				}
				if slices.Contains(codes, api.CodeUnauthorized) && !declared(ref.Value.Headers, "WWW-Authenticate") {
					t.Errorf("%s: unauthorized without WWW-Authenticate", where)
				}
			}
		}
	}
}

func problemCodes(s *openapi3.SchemaRef) []string {
	var out []string
	for _, sub := range s.Value.AllOf {
		if sub.Ref != "" {
			continue // Problem itself, whose enum lists every code
		}
		code := sub.Value.Properties["code"]
		if code == nil {
			continue
		}
		if code.Value.Const != nil {
			out = append(out, code.Value.Const.(string))
		}
		for _, v := range code.Value.Enum {
			out = append(out, v.(string))
		}
	}
	return out
}

// What every operation of this service may answer is in the contract:
// 500 internal for all but GET /healthz (its 503 is text), 401
// unauthorized (with WWW-Authenticate) for those behind a bearer token,
// 400 bad_request for those with a JSON body, 404 for those with a path
// parameter, 429 for the throttled ones (the public POSTs), and
// `security` stated on each (bearer, or [] for the public ones).
func TestEveryOperationListsWhatTheServiceAnswersAll(t *testing.T) {
	c := MustLoad(t)
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			has := func(status, code string) bool {
				ref := op.Responses.Value(status)
				if ref == nil {
					return false
				}
				mt := ref.Value.Content.Get(api.ProblemContentType)
				return mt != nil && slices.Contains(problemCodes(mt.Schema), code)
			}
			if op.Security == nil {
				t.Errorf("%s: no security of its own", where)
				continue
			}
			bearer := len(*op.Security) > 0
			if path != "/healthz" && path != "/readyz" && !has("500", api.CodeInternal) {
				t.Errorf("%s: no 500 internal", where)
			}
			if bearer && !has("401", api.CodeUnauthorized) {
				t.Errorf("%s: bearer without 401 unauthorized", where)
			}
			if op.RequestBody != nil && !has("400", api.CodeBadRequest) {
				t.Errorf("%s: a body without 400 bad_request", where)
			}
			if strings.Contains(path, "{") && op.Responses.Value("404") == nil {
				t.Errorf("%s: a path parameter without 404", where)
			}
			if !bearer && method == http.MethodPost && !has("429", api.CodeRateLimited) {
				t.Errorf("%s: a public POST (throttled) without 429 rate_limited", where)
			}
		}
	}
}

// Transport checks the exchanges of a real HTTP server the same way: a
// conforming answer passes unchanged, one off the contract fails the test.
func TestTransportChecksARealServer(t *testing.T) {
	var answer http.HandlerFunc
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { answer(w, r) }))
	defer srv.Close()

	answer = jsonAnswer(200, okInfo)
	rec := &recordingTB{TB: t}
	resp, err := (&http.Client{Transport: Transport(rec, nil)}).Get(srv.URL + api.PathInfo)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != okInfo || rec.failed {
		t.Errorf("conforming answer: body %q, failed %v", b, rec.failed)
	}

	answer = jsonAnswer(200, `{"fundName":"Демо"}`)
	rec = &recordingTB{TB: t}
	if _, err := (&http.Client{Transport: Transport(rec, nil)}).Get(srv.URL + api.PathInfo); err != nil {
		t.Fatal(err)
	}
	if !rec.failed {
		t.Error("an info without version passed")
	}
}

// recordingTB notes Errorf instead of failing the test.
type recordingTB struct {
	testing.TB
	failed bool
}

func (r *recordingTB) Errorf(string, ...any) { r.failed = true }
