package main

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// Catalog is the program's output.
type Catalog struct {
	Sources []Source `json:"sources"`
	// Enums by schema-style name of the Go type (io.k8s.api.core.v1.DNSPolicy).
	Enums map[string][]Value `json:"enums"`
	// Fields that hold an enum value, sorted by schema and field.
	Fields []Field `json:"fields"`
}

type Source struct {
	Module  string `json:"module"`
	Version string `json:"version"`
}

// Value is one constant of an enum type.
type Value struct {
	Value string `json:"value"`
	// Doc is the constant's comment without its leading name, on one line.
	Doc string `json:"doc,omitempty"`
}

// Field is a struct field of a served schema whose values come from an enum.
type Field struct {
	// Schema is the OpenAPI schema name of the struct (io.k8s.api.core.v1.PodSpec).
	Schema string `json:"schema"`
	// Field is the JSON name of the field (dnsPolicy).
	Field string `json:"field"`
	// Path leads from the field's schema to the enum value: empty for the field
	// itself, "items" for a list element, "additionalProperties" for a map value.
	Path []string `json:"path"`
	Enum string   `json:"enum"`
}

// enumTag matches the marker line exactly: `+enum`, not `+enumeration` or `+k8s:enum`.
var enumTag = regexp.MustCompile(`(?m)^\s*\+enum\s*$`)

var whitespace = regexp.MustCompile(`\s+`)

// schemaName turns a Go package path and type name into the OpenAPI schema name
// Kubernetes uses: the domain reversed, then the path (k8s.io/api/core/v1 Pod ->
// io.k8s.api.core.v1.Pod).
func schemaName(pkgPath, name string) string {
	domain, rest, _ := strings.Cut(pkgPath, "/")
	labels := strings.Split(domain, ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	parts := append(labels, strings.Split(rest, "/")...)
	return strings.Join(append(parts, name), ".")
}

func extract(l *loader, roots []string) (*Catalog, error) {
	for _, r := range roots {
		if _, err := l.load(r); err != nil {
			return nil, err
		}
	}
	// Every type-checked package counts: an enum may be declared, or given
	// values, in a package the scanned ones import.
	enums := map[*types.TypeName]map[string]constDoc{}
	for _, p := range l.loaded {
		for _, f := range p.files {
			for _, decl := range f.Decls {
				gen, ok := decl.(*ast.GenDecl)
				if !ok || gen.Tok != token.TYPE {
					continue
				}
				for _, spec := range gen.Specs {
					ts := spec.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil && !gen.Lparen.IsValid() {
						doc = gen.Doc
					}
					if doc == nil || !enumTag.MatchString(doc.Text()) {
						continue
					}
					obj, ok := p.info.Defs[ts.Name].(*types.TypeName)
					if !ok {
						continue
					}
					named, ok := types.Unalias(obj.Type()).(*types.Named)
					if !ok || !isString(named) {
						continue
					}
					if enums[named.Obj()] == nil {
						enums[named.Obj()] = map[string]constDoc{}
					}
				}
			}
		}
	}
	for _, p := range l.loaded {
		for _, f := range p.files {
			for _, decl := range f.Decls {
				gen, ok := decl.(*ast.GenDecl)
				if !ok || gen.Tok != token.CONST {
					continue
				}
				for _, spec := range gen.Specs {
					vs := spec.(*ast.ValueSpec)
					doc := vs.Doc
					if doc == nil && !gen.Lparen.IsValid() {
						doc = gen.Doc
					}
					for _, name := range vs.Names {
						c, ok := p.info.Defs[name].(*types.Const)
						if !ok || c.Val().Kind() != constant.String {
							continue
						}
						named, ok := types.Unalias(c.Type()).(*types.Named)
						if !ok || enums[named.Obj()] == nil {
							continue
						}
						addValue(enums[named.Obj()], constant.StringVal(c.Val()), docOf(name.Name, doc))
					}
				}
			}
		}
	}

	catalog := &Catalog{Enums: map[string][]Value{}, Fields: []Field{}}
	used := map[*types.TypeName]bool{}
	inRoots := map[string]bool{}
	for _, r := range roots {
		inRoots[r] = true
	}
	for _, r := range roots {
		scope := l.loaded[r].types.Scope()
		for _, name := range scope.Names() {
			obj, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || !obj.Exported() || obj.IsAlias() {
				continue
			}
			st, ok := obj.Type().Underlying().(*types.Struct)
			if !ok {
				continue
			}
			schema := schemaName(r, name)
			for _, f := range jsonFields(st, map[*types.Struct]bool{}) {
				if enum, path := enumOf(f.typ, enums); enum != nil {
					used[enum] = true
					catalog.Fields = append(catalog.Fields, Field{Schema: schema, Field: f.name, Path: path, Enum: schemaName(enum.Pkg().Path(), enum.Name())})
				}
			}
		}
	}
	for enum, values := range enums {
		if !used[enum] && !inRoots[enum.Pkg().Path()] {
			continue
		}
		list := make([]Value, 0, len(values))
		for v, d := range values {
			list = append(list, Value{Value: v, Doc: d.text})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Value < list[j].Value })
		catalog.Enums[schemaName(enum.Pkg().Path(), enum.Name())] = list
	}
	sort.Slice(catalog.Fields, func(i, j int) bool {
		a, b := catalog.Fields[i], catalog.Fields[j]
		if a.Schema != b.Schema {
			return a.Schema < b.Schema
		}
		return a.Field < b.Field
	})
	return catalog, nil
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

type constDoc struct{ text string }

func docOf(name string, doc *ast.CommentGroup) constDoc {
	if doc == nil {
		return constDoc{}
	}
	text := strings.TrimSpace(doc.Text())
	text = strings.TrimSpace(strings.TrimPrefix(text, name))
	return constDoc{whitespace.ReplaceAllString(text, " ")}
}

// addValue keeps one entry per value: a type aliased from another package may
// re-declare the same constants. The longer comment wins, ties broken by text,
// so the result does not depend on the order packages were read in.
func addValue(values map[string]constDoc, value string, doc constDoc) {
	existing, ok := values[value]
	if !ok || len(existing.text) < len(doc.text) || (len(existing.text) == len(doc.text) && existing.text > doc.text) {
		values[value] = doc
	}
}

type jsonField struct {
	name string
	typ  types.Type
}

// jsonFields lists a struct's fields as encoding/json names them, with inlined
// (embedded or `,inline`) structs flattened into it.
func jsonFields(st *types.Struct, seen map[*types.Struct]bool) []jsonField {
	if seen[st] {
		return nil
	}
	seen[st] = true
	var fields []jsonField
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		tag := reflect.StructTag(st.Tag(i)).Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		inline := strings.Contains(","+opts+",", ",inline,") || (f.Embedded() && name == "")
		if inline {
			t := types.Unalias(f.Type())
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if inner, ok := t.Underlying().(*types.Struct); ok {
				fields = append(fields, jsonFields(inner, seen)...)
			}
			continue
		}
		if !f.Exported() {
			continue
		}
		if name == "" {
			name = f.Name()
		}
		// `,string` fields are written as plain strings whatever their Go type.
		if strings.Contains(","+opts+",", ",string,") {
			continue
		}
		fields = append(fields, jsonField{name, f.Type()})
	}
	return fields
}

// enumOf finds the enum a field's values come from, through pointers, list
// elements and map values, and the schema path that leads to it.
func enumOf(t types.Type, enums map[*types.TypeName]map[string]constDoc) (*types.TypeName, []string) {
	path := []string{}
	for {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t, path = u.Elem(), append(path, "items")
		case *types.Array:
			t, path = u.Elem(), append(path, "items")
		case *types.Map:
			t, path = u.Elem(), append(path, "additionalProperties")
		case *types.Named:
			if enums[u.Obj()] != nil {
				return u.Obj(), path
			}
			// A named list or map (type ResourceList map[...]...) is its own schema or a plain type.
			return nil, nil
		default:
			return nil, nil
		}
	}
}
