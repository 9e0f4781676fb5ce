// The lifecycle manifest's inputs and files: a release's version, the Go types' declarations
// (parsed, and read from a k8s.io/api module directory), the manifest written and checked, one
// release's @deprecated texts; and the generator's SpecError. Small specs written to a temporary directory.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "prettier";
import { parseDeclaredLifecycle, readDeclaredLifecycle } from "../../../codegen/lifecycle-declared.js";
import { checkLifecycle, generateLifecycle, lifecycleFile, minorOf, releaseDeprecations } from "../../../codegen/lifecycle-files.js";
import { lifecycleModule } from "../../../codegen/lifecycle.js";
import { prettierOptions } from "../../../codegen/emit.js";
import { SpecError, pointerToken } from "../../../codegen/errors.js";
import { loadSpec } from "../../../codegen/load.js";

const dir = mkdtempSync(join(tmpdir(), "kubex-lifecycle-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An OpenAPI v3 document serving each `group/version/Kind`, its schema named as k8s.io/api names it. */
function specFile(name: string, kinds: string[], descriptions: Record<string, string> = {}, extraSchemas: Record<string, unknown> = {}): string {
  const schemas: Record<string, unknown> = { ...extraSchemas };
  const paths: Record<string, unknown> = {};
  for (const gvk of kinds) {
    const [group, version, kind] = gvk.split("/") as [string, string, string];
    const dirName = group === "" ? "core" : group.split(".")[0]!;
    schemas[`io.k8s.api.${dirName}.${version}.${kind}`] = {
      type: "object",
      ...(descriptions[gvk] ? { description: descriptions[gvk] } : {}),
      properties: { apiVersion: { type: "string" }, kind: { type: "string" } },
      "x-kubernetes-group-version-kind": [{ group, version, kind }],
    };
    const base = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
    paths[`${base}/${kind.toLowerCase()}s`] = { get: { "x-kubernetes-action": "list", "x-kubernetes-group-version-kind": { group, version, kind } } };
  }
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ openapi: "3.0.0", info: { title: "t", version: "v" }, paths, components: { schemas } }));
  return path;
}

const goMethods = (type: string, declared: { introduced?: [number, number]; deprecated?: [number, number]; removed?: [number, number] }) =>
  Object.entries(declared)
    .map(([which, [major, minor]]) => `func (in *${type}) APILifecycle${which[0]!.toUpperCase()}${which.slice(1)}() (major, minor int) {\n\treturn ${major}, ${minor}\n}\n`)
    .join("");

/** A k8s.io/api module directory: `files` by `<group>/<version>`. */
function apiModule(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [groupVersion, source] of Object.entries(files)) {
    mkdirSync(join(root, groupVersion), { recursive: true });
    writeFileSync(join(root, groupVersion, "zz_generated.prerelease-lifecycle.go"), source);
  }
  return root;
}

test("SpecError: the file, then the pointer after #, then the message; pointerToken escapes ~ before /", () => {
  const withPointer = new SpecError("spec.json", "bad", "/components/schemas/x");
  assert.equal(withPointer.message, "spec.json#/components/schemas/x: bad");
  assert.equal(withPointer.name, "SpecError");
  assert.equal(withPointer.file, "spec.json");
  assert.equal(withPointer.pointer, "/components/schemas/x");
  assert.ok(withPointer instanceof Error);
  const without = new SpecError("spec.json", "bad");
  assert.equal(without.message, "spec.json: bad");
  assert.equal(without.pointer, undefined);
  assert.equal(new SpecError("spec.json", "bad", "").message, "spec.json#: bad");
  assert.equal(pointerToken("a/b~c//d~~"), "a~1b~0c~1~1d~0~0");
  assert.equal(pointerToken("~1"), "~01");
  assert.equal(pointerToken("plain"), "plain");
});

test("minorOf: major.minor of a release, with or without v and patch; anything else is a SpecError naming it", () => {
  const cases: [string, string][] = [
    ["1.35.4", "1.35"],
    ["v1.35.4", "1.35"],
    ["1.35", "1.35"],
    ["v10.123", "10.123"],
    ["12.3.45", "12.3"],
  ];
  for (const [given, want] of cases) assert.equal(minorOf(given), want, given);
  for (const given of ["1", "1.35.4.1", "x1.35", "1.35-rc.1", "vv1.35", "1.35.", " 1.35", "1.x", "V1.35", "1..35", ""]) {
    assert.throws(() => minorOf(given), (error: unknown) => {
      assert.ok(error instanceof SpecError, given);
      assert.equal(error.message, `${given}: not a Kubernetes version such as 1.35.4`);
      assert.equal(error.file, given);
      return true;
    }, given);
  }
});

test("parseDeclaredLifecycle: every method of a type, with any spacing and numbers of any width; a core replacement has an empty group", () => {
  const source = [
    "func (in *CronJobTemplate) APILifecycleIntroduced() (major, minor int) {return 1, 8}",
    "func (in *CronJobTemplate) APILifecycleDeprecated() (major, minor int) {\n\n\t  return 12, 21 \n}",
    "func (in *CronJobTemplate) APILifecycleRemoved() (major, minor int) {\n\treturn 1, 125\n}",
    'func (in *CronJobTemplate) APILifecycleReplacement() schema.GroupVersionKind {return schema.GroupVersionKind{Group: "", Version: "v1", Kind: "PodTemplate"}}',
    'func (in *X) APILifecycleReplacement() schema.GroupVersionKind {\n\treturn schema.GroupVersionKind{Group: "batch.k8s.io", Version: "v1beta12", Kind: "CronJob"}\n}',
    "func (in *X) APILifecycleIntroduced() (major, minor int) {\n\treturn 1, 2\n}",
    // Not one of the methods: left alone.
    "func (in *Y) APILifecycleSomething() (major, minor int) {\n\treturn 1, 2\n}",
    "func (in *Y) APILifecycleIntroduced() (major, minor int) {\n\treturn one, 2\n}",
    "func (in Y) APILifecycleIntroduced() (major, minor int) {\n\treturn 1, 2\n}",
  ].join("\n");
  const parsed = parseDeclaredLifecycle(source);
  assert.deepEqual([...parsed.keys()], ["CronJobTemplate", "X"]);
  assert.deepEqual(parsed.get("CronJobTemplate"), { introduced: "1.8", deprecated: "12.21", removed: "1.125", replacement: { group: "", version: "v1", kind: "PodTemplate" } });
  assert.deepEqual(parsed.get("X"), { introduced: "1.2", replacement: { group: "batch.k8s.io", version: "v1beta12", kind: "CronJob" } });
  assert.deepEqual(parseDeclaredLifecycle("no methods here"), new Map());
});

test("readDeclaredLifecycle: each <group>/<version>'s file, keyed by schema name; files and versions without one are skipped", () => {
  const root = apiModule("api-read", {
    "batch/v1beta1": goMethods("CronJob", { introduced: [1, 8], deprecated: [1, 21] }),
    "apps/v1beta2": goMethods("Deployment", { removed: [1, 16] }),
  });
  mkdirSync(join(root, "apps/v1"), { recursive: true });
  writeFileSync(join(root, "go.mod"), "module k8s.io/api\n");
  writeFileSync(join(root, "apps/doc.go"), "package apps\n");
  mkdirSync(join(root, "core/v1"), { recursive: true });
  const declared = readDeclaredLifecycle(root);
  assert.deepEqual([...declared.entries()], [
    ["io.k8s.api.apps.v1beta2.Deployment", { removed: "1.16" }],
    ["io.k8s.api.batch.v1beta1.CronJob", { introduced: "1.8", deprecated: "1.21" }],
  ]);
});

test("lifecycleFile: the releases' minors, their specs and, where given, their modules' declarations, formatted", async () => {
  const older = specFile("older.json", ["apps/v1beta1/Thing", "/v1/Pod"]);
  const newer = specFile("newer.json", ["apps/v1beta1/Thing", "/v1/Pod", "apps/v1/Thing"]);
  const module = apiModule("api-newer", { "apps/v1beta1": goMethods("Thing", { introduced: [1, 1], deprecated: [1, 2], removed: [1, 5] }) });
  const releases = [
    { version: "v1.2.7", input: newer, apiModule: module },
    { version: "1.1.3", input: older },
  ];
  const text = await lifecycleFile(releases);
  const entries = [
    { apiVersion: "apps/v1", kind: "Thing", first: "1.2", last: "1.2", introduced: "1.2" },
    { apiVersion: "apps/v1beta1", kind: "Thing", first: "1.1", last: "1.2", introduced: "1.1", deprecated: "1.2", removed: "1.5" },
    { apiVersion: "v1", kind: "Pod", first: "1.1", last: "1.2" },
  ];
  assert.equal(text, await format(lifecycleModule(entries, ["1.1", "1.2"]), prettierOptions));
  assert.ok(text.includes('"apps/v1beta1/Thing": "1.1 1.2 1.1 1.2 1.5 -",'), text);
  // Without the module, nothing is declared.
  const undeclared = await lifecycleFile([{ version: "1.2", input: newer }, { version: "1.1", input: older }]);
  assert.match(undeclared, /"apps\/v1beta1\/Thing": "1\.1 1\.2 - - - -"/);
  // The spec's fixups run, and their refusal names the input.
  const unfixable = specFile("unfixable.json", ["/v1/Pod"], {}, { "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": { type: "object", properties: { name: { type: "string" } } } });
  await assert.rejects(lifecycleFile([{ version: "1.1", input: unfixable }]), (error: unknown) => {
    assert.ok(error instanceof SpecError);
    assert.equal(error.file, unfixable);
    assert.match(error.message, /creation-timestamp-nullable/);
    return true;
  });
  await assert.rejects(lifecycleFile([{ version: "one", input: older }]), /^SpecError: one: not a Kubernetes version/);
});

test("generateLifecycle writes the manifest, creating its directory; checkLifecycle: the same text, not a changed or missing file", async () => {
  const releases = [{ version: "1.1", input: specFile("only.json", ["/v1/Pod"]) }];
  const out = join(dir, "nested", "deeper", "lifecycle.ts");
  assert.equal(await checkLifecycle({ releases, out }), false);
  await generateLifecycle({ releases, out });
  assert.equal(readFileSync(out, "utf8"), await lifecycleFile(releases));
  assert.equal(await checkLifecycle({ releases, out }), true);
  writeFileSync(out, `${readFileSync(out, "utf8")}// edited\n`);
  assert.equal(await checkLifecycle({ releases, out }), false);
  assert.ok(existsSync(out));
});

test("releaseDeprecations: the @deprecated text of each kind deprecated by then, from the description or the module", () => {
  const input = specFile("deprecations.json", ["/v1/ComponentStatus", "/v1/Pod", "apps/v1beta1/Thing", "apps/v1/Thing"], {
    "/v1/ComponentStatus": "ComponentStatus. Deprecated: This API is deprecated in v1.19+",
  });
  const spec = loadSpec(input);
  assert.deepEqual([...releaseDeprecations(spec, "1.18.2")], []);
  assert.deepEqual([...releaseDeprecations(spec, "v1.19.0")], [["v1/ComponentStatus", "v1 ComponentStatus is deprecated since Kubernetes 1.19."]]);
  const module = apiModule("api-deprecations", { "apps/v1beta1": goMethods("Thing", { deprecated: [1, 20], removed: [1, 23] }) });
  assert.deepEqual([...releaseDeprecations(spec, "1.20", module)], [
    ["v1/ComponentStatus", "v1 ComponentStatus is deprecated since Kubernetes 1.19."],
    ["apps/v1beta1/Thing", "apps/v1beta1 Thing is deprecated since Kubernetes 1.20, to be removed in 1.23."],
  ]);
  assert.deepEqual([...releaseDeprecations(spec, "1.19", module)].map(([key]) => key), ["v1/ComponentStatus"]);
  assert.throws(() => releaseDeprecations(spec, "1"), /^SpecError: 1: not a Kubernetes version/);
});
