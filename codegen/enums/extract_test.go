package main

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The fixture module under testdata/api has the shapes k8s.io/api has: markers on a type in
// a block and on a lone one, values written as conversions and from other packages, an alias
// that re-declares values, enums used across packages, through pointers, lists and maps, and
// inlined structs. Imports outside the module stay unresolved.
func TestExtract(t *testing.T) {
	l := newLoader()
	l.addModule("example.com/api", "testdata/api")
	roots, err := packagesUnder("example.com/api", "testdata/api", "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := extract(l, roots)
	if err != nil {
		t.Fatal(err)
	}
	want := &Catalog{
		Enums: map[string][]Value{
			"com.example.api.core.v1.Protocol": {{"TCP", "is the TCP protocol."}, {"UDP", "is the UDP protocol, on two lines."}},
			"com.example.api.core.v1.Lone":     {{"Value", "is the only value."}},
			"com.example.api.net.v1.PathType": {
				{"Exact", "matches exactly, with a longer comment here."},
				{"Prefix", "is new in this package."},
				{"UDP", "comes from another package's constant."},
			},
		},
		Fields: []Field{
			{"com.example.api.core.v1.Inner", "mode", []string{}, "com.example.api.core.v1.Lone"},
			{"com.example.api.core.v1.Port", "list", []string{"items"}, "com.example.api.core.v1.Protocol"},
			{"com.example.api.core.v1.Port", "map", []string{"additionalProperties"}, "com.example.api.core.v1.Protocol"},
			{"com.example.api.core.v1.Port", "mode", []string{}, "com.example.api.core.v1.Lone"},
			{"com.example.api.core.v1.Port", "pointer", []string{}, "com.example.api.core.v1.Protocol"},
			{"com.example.api.core.v1.Port", "protocol", []string{}, "com.example.api.core.v1.Protocol"},
			{"com.example.api.net.v1.Rule", "lists", []string{"items", "items"}, "com.example.api.net.v1.PathType"},
			{"com.example.api.net.v1.Rule", "path", []string{}, "com.example.api.net.v1.PathType"},
			{"com.example.api.net.v1.Rule", "protocol", []string{}, "com.example.api.core.v1.Protocol"},
			{"com.example.api.net.v1beta1.Rule", "path", []string{}, "com.example.api.net.v1.PathType"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("got\n%s\nwant\n%s", g, w)
	}
}

func TestSchemaName(t *testing.T) {
	cases := [][3]string{
		{"k8s.io/api/core/v1", "Pod", "io.k8s.api.core.v1.Pod"},
		{"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1", "JSONSchemaProps", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps"},
		{"k8s.io/kube-aggregator/pkg/apis/apiregistration/v1", "APIService", "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService"},
	}
	for _, c := range cases {
		if got := schemaName(c[0], c[1]); got != c[2] {
			t.Errorf("schemaName(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
