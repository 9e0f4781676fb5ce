// Where a schema lives in the generated tree (docs/codegen.md, "Group directories"), how a
// property name is written, and how one module imports another: given a name, want its place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isBuiltInSchema, locateSchema, propertyName, relativeModule } from "../../../codegen/naming.js";

const locations: [schemaName: string, module: string, name: string][] = [
  // Built-in groups: the package's short directory and the version.
  ["io.k8s.api.core.v1.Pod", "core/v1", "Pod"],
  ["io.k8s.api.flowcontrol.v1beta3.FlowSchema", "flowcontrol/v1beta3", "FlowSchema"],
  ["io.k8s.api.resource.v1alpha3.DeviceClass", "resource/v1alpha3", "DeviceClass"],
  ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "meta/v1", "ObjectMeta"],
  ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON", "apiextensions/v1", "JSON"],
  ["io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService", "apiregistration/v1", "APIService"],
  // Unversioned apimachinery types, and versioned ones outside a built-in package.
  ["io.k8s.apimachinery.pkg.api.resource.Quantity", "apimachinery", "Quantity"],
  ["io.k8s.apimachinery.pkg.util.intstr.IntOrString", "apimachinery", "IntOrString"],
  ["io.k8s.apimachinery.pkg.runtime.v1.Thing", "apimachinery", "Thing"],
  // A label that only looks like a version is part of the package.
  ["com.example.v1x.Widget", "v1x.example.com", "Widget"],
  ["com.example.xv1.Widget", "xv1.example.com", "Widget"],
  ["com.example.v1alpha.Widget", "v1alpha.example.com", "Widget"],
  ["com.example.v1gamma1.Widget", "v1gamma1.example.com", "Widget"],
  ["com.example.v.Widget", "v.example.com", "Widget"],
  ["com.example.v2beta1.Widget", "example.com/v2beta1", "Widget"],
  ["com.example.v10.Widget", "example.com/v10", "Widget"],
  ["com.example.v2beta10.Widget", "example.com/v2beta10", "Widget"],
  // A built-in package with more than one label is not a short directory: its full name, reversed.
  ["io.k8s.api.core.extra.v1.Thing", "extra.core.api.k8s.io/v1", "Thing"],
  // An unversioned built-in schema: its package, reversed.
  ["io.k8s.api.core.Thing", "core.api.k8s.io", "Thing"],
  // No package at all.
  ["Thing", "types", "Thing"],
  ["v1.Thing", "types", "Thing"],
  // Directories are lower case and safe; a package name's other characters become `_`.
  ["com.Example.v1.Widget", "example.com/v1", "Widget"],
  ["com.ex+ample.v1.Widget", "ex_ample.com/v1", "Widget"],
  ["a..b.v1.Widget", "b..a/v1", "Widget"],
  [".b.v1.Widget", "b./v1", "Widget"],
  ["b..v1.Widget", "_b/v1", "Widget"],
  ["io_x.v1.Widget", "io_x/v1", "Widget"],
  // Type names are identifiers: other characters become `_`, a leading digit gets one before it.
  ["com.example.v1.Widget-Spec", "example.com/v1", "Widget_Spec"],
  ["com.example.v1.1Widget", "example.com/v1", "_1Widget"],
  ["com.example.v1.A1", "example.com/v1", "A1"],
  ["com.example.v1.$A_b", "example.com/v1", "$A_b"],
];

for (const [schemaName, module, name] of locations) {
  test(`locateSchema: ${schemaName} is ${name} in ${module}`, () => {
    assert.deepEqual(locateSchema(schemaName), { module, name });
  });
}

test("isBuiltInSchema: the schemas of the built-in packages, and no other", () => {
  const want: [string, boolean][] = [
    ["io.k8s.api.core.v1.Pod", true],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", true],
    ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON", true],
    ["io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService", true],
    ["io.k8s.apimachinery.pkg.api.resource.Quantity", false],
    ["com.example.v1.Widget", false],
    ["x.io.k8s.api.core.v1.Pod", false],
  ];
  assert.deepEqual(want.map(([name]) => [name, isBuiltInSchema(name)]), want);
});

test("propertyName: bare when an identifier, quoted otherwise", () => {
  const want: [string, string][] = [
    ["name", "name"],
    ["_private", "_private"],
    ["$ref", "$ref"],
    ["x509", "x509"],
    ["A_b$9", "A_b$9"],
    ["tls-config", '"tls-config"'],
    ["-a", '"-a"'],
    ["a-", '"a-"'],
    ["1st", '"1st"'],
    ["a b", '"a b"'],
    ["a.b", '"a.b"'],
    ["", '""'],
    ['say "hi"', '"say \\"hi\\""'],
  ];
  assert.deepEqual(want.map(([name]) => [name, propertyName(name)]), want);
});

test("relativeModule: from one generated module to another's index.js", () => {
  const want: [from: string, to: string, specifier: string][] = [
    ["core/v1", "core/v1", "./index.js"],
    ["apps/v1", "core/v1", "../../core/v1/index.js"],
    ["core/v1", "core/v2", "../v2/index.js"],
    ["example.com/v1", "meta/v1", "../../meta/v1/index.js"],
    ["apimachinery", "core/v1", "../core/v1/index.js"],
    ["core/v1", "apimachinery", "../../apimachinery/index.js"],
    ["core", "core/v1", "./v1/index.js"],
    ["core/v1", "core", "../index.js"],
    ["a/b/c", "a/x/c", "../../x/c/index.js"],
  ];
  assert.deepEqual(want.map(([from, to]) => [from, to, relativeModule(from, to)]), want);
});
