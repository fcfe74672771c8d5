package screens

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// uiSource is one parsed non-test Go file of screens or app.
type uiSource struct {
	path string
	file *ast.File
}

// uiSources parses the non-test Go files of screens and app, for the
// guard tests that forbid the Fyne constructors the app wraps.
func uiSources(t *testing.T) (*token.FileSet, []uiSource) {
	t.Helper()
	var files []string
	for _, dir := range []string{".", filepath.Join("..", "app")} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	if len(files) < 40 {
		t.Fatalf("only %d files found", len(files))
	}
	fset := token.NewFileSet()
	out := make([]uiSource, 0, len(files))
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, uiSource{path, f})
	}
	return fset, out
}
