// Command enums prints, as JSON, the enums of Kubernetes' built-in APIs at one
// version: every string type marked `+enum` in k8s.io/api (and in the served
// apiextensions packages) with the values of its typed constants, and every
// struct field that uses one, keyed by OpenAPI schema name and JSON field name.
//
// The published OpenAPI specs are built with enums turned off; the Go types are
// where they live. The modules are read from the Go module proxy at the version
// asked for, and type-checked from source with the standard library only:
// imports outside the scanned modules are left unresolved, since enum types and
// their constants never depend on them.
//
//	go run . -version v0.35.4
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
)

// scanned lists the modules whose packages are served as built-in APIs, and
// which of their package directories to scan ("" scans the whole module).
var scanned = []struct {
	module string
	dirs   []string
}{
	{"k8s.io/api", []string{""}},
	{"k8s.io/apiextensions-apiserver", []string{"pkg/apis/apiextensions/v1", "pkg/apis/apiextensions/v1beta1"}},
}

func main() {
	version := flag.String("version", "", "module version of k8s.io/api, e.g. v0.35.4 for Kubernetes 1.35.4")
	flag.Parse()
	if *version == "" {
		fmt.Fprintln(os.Stderr, "usage: enums -version v0.35.4")
		os.Exit(2)
	}
	if err := run(*version); err != nil {
		fmt.Fprintln(os.Stderr, "enums:", err)
		os.Exit(1)
	}
}

func run(version string) error {
	loader := newLoader()
	var roots []string
	for _, s := range scanned {
		dir, err := downloadModule(s.module, version)
		if err != nil {
			return err
		}
		loader.addModule(s.module, dir)
		for _, sub := range s.dirs {
			paths, err := packagesUnder(s.module, dir, sub)
			if err != nil {
				return err
			}
			roots = append(roots, paths...)
		}
	}
	sort.Strings(roots)
	catalog, err := extract(loader, roots)
	if err != nil {
		return err
	}
	for _, s := range scanned {
		catalog.Sources = append(catalog.Sources, Source{Module: s.module, Version: version})
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", " ")
	return out.Encode(catalog)
}

// downloadModule fetches module@version through the module proxy (or the local
// module cache) and returns its directory.
func downloadModule(module, version string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", module+"@"+version)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w", module, version, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w", module, version, err)
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, info.Error)
	}
	return info.Dir, nil
}
