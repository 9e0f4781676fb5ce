package main

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// loader type-checks packages of the scanned modules from source, on demand.
type loader struct {
	fset    *token.FileSet
	modules map[string]string // module path -> directory
	loaded  map[string]*pkg
}

type pkg struct {
	types *types.Package
	files []*ast.File
	info  *types.Info
}

func newLoader() *loader {
	return &loader{fset: token.NewFileSet(), modules: map[string]string{}, loaded: map[string]*pkg{}}
}

func (l *loader) addModule(module, dir string) { l.modules[module] = dir }

// dirOf is the source directory of an import path inside a scanned module.
func (l *loader) dirOf(importPath string) (string, bool) {
	for module, dir := range l.modules {
		if importPath == module {
			return dir, true
		}
		if rest, ok := strings.CutPrefix(importPath, module+"/"); ok {
			return filepath.Join(dir, filepath.FromSlash(rest)), true
		}
	}
	return "", false
}

// skipped files declare methods and serialization only, never a type or constant
// an enum needs; leaving them out keeps the run short.
func skipped(name string) bool {
	return strings.HasPrefix(name, "zz_generated.") || strings.HasSuffix(name, ".pb.go")
}

// Import implements types.Importer. Packages outside the scanned modules become
// empty stand-ins: references into them fail to resolve, which is reported to
// the error handler and ignored.
func (l *loader) Import(importPath string) (*types.Package, error) {
	p, err := l.load(importPath)
	if err != nil {
		return nil, err
	}
	return p.types, nil
}

func (l *loader) load(importPath string) (*pkg, error) {
	if p, ok := l.loaded[importPath]; ok {
		return p, nil
	}
	dir, ok := l.dirOf(importPath)
	if !ok {
		stand := types.NewPackage(importPath, path.Base(importPath))
		stand.MarkComplete()
		p := &pkg{types: stand}
		l.loaded[importPath] = p
		return p, nil
	}
	ctx := build.Default
	ctx.CgoEnabled = false
	bp, err := ctx.ImportDir(dir, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", importPath, err)
	}
	var files []*ast.File
	for _, name := range bp.GoFiles {
		if skipped(name) {
			continue
		}
		f, err := parser.ParseFile(l.fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: l, Error: func(error) {}, FakeImportC: true}
	checked, _ := conf.Check(importPath, l.fset, files, info)
	p := &pkg{types: checked, files: files, info: info}
	l.loaded[importPath] = p
	return p, nil
}

// packagesUnder lists the import paths of the Go packages in module's directory
// sub (recursively), skipping test data and internal tooling directories.
func packagesUnder(module, moduleDir, sub string) ([]string, error) {
	var paths []string
	root := filepath.Join(moduleDir, filepath.FromSlash(sub))
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if sub != "" && p != root {
			return filepath.SkipDir // a listed directory is scanned alone
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
				rel, _ := filepath.Rel(moduleDir, p)
				paths = append(paths, path.Join(module, filepath.ToSlash(rel)))
				break
			}
		}
		return nil
	})
	return paths, err
}
