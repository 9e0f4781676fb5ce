// kubex-gen crd: types and descriptors straight from CRD manifests, no cluster needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFiles, SpecError } from "../../../codegen/index.js";
import { typecheckCrds } from "./fixtures.js";

const root = new URL("../../..", import.meta.url).pathname;
const crds = join(root, "test/unit/fixtures/codegen/crds.yaml");
const flat = (text: string) => text.replace(/\s+/g, " ");

test("every served version of every CRD in a multi-document file gets its module; other documents are ignored", async () => {
  const files = await generateFiles({ crds: [crds], out: "/tmp/x", label: "crds" });
  assert.deepEqual([...files.keys()].sort(), ["example.com/v1/index.ts", "example.com/v1beta1/index.ts", "index.ts", "tools.example.org/v1/index.ts"]);
  const index = flat(files.get("index.ts")!);
  for (const entry of ['"example.com/v1/Widget": "example.com/v1"', '"example.com/v1beta1/Widget": "example.com/v1beta1"', '"tools.example.org/v1/Gadget": "tools.example.org/v1"']) {
    assert.ok(index.includes(entry), entry);
  }
  assert.doesNotMatch(index, /v1alpha1/, "a version that is not served gets nothing");
});

test("descriptors: scope, plural, list kind, short names, subresources only when declared, scale paths, deprecation", async () => {
  const files = await generateFiles({ crds: [crds], out: "/tmp/x", label: "crds" });
  const v1 = flat(files.get("example.com/v1/index.ts")!);
  const want = [
    'import type { ResourceDescriptor } from "kubex";',
    'import type { ListMeta, ObjectMeta } from "kubex/k8s/v1_35/meta/v1";',
    "/** A widget. */ export interface Widget {",
    'apiVersion?: "example.com/v1";',
    'kind?: "Widget"; /** Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata */ metadata?: ObjectMeta; spec?: WidgetSpec; status?: WidgetStatus; }',
    "/** * Resource descriptor of example.com/v1 Widget: pass it to `new Api(Widget, ...)`. * * Short names: wd, wdg. * * Scale: spec replicas `.spec.replicas`, status replicas `.status.replicas`, label selector `.status.selector`. */ export const Widget: ResourceDescriptor<Widget, true, \"scale\" | \"status\"> = {",
    'plural: "widgets", listKind: "WidgetList", namespaced: true,',
    'subresources: ["scale", "status"],',
    "/** WidgetList is a list of Widget */ export interface WidgetList {",
    "items: Array<Widget>;",
    'kind?: "WidgetList"; /** Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds */ metadata?: ListMeta; }',
    "export interface WidgetSpec { replicas?: number | null; /** How big. */ size: number; /** An object to create. */ template?: WidgetSpecTemplate; }",
    // An embedded resource gets apiVersion, kind and metadata, as the server publishes it; its own kind stands.
    "/** An object to create. */ export interface WidgetSpecTemplate { [key: string]: unknown; /** apiVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources */ apiVersion: string; kind: \"ConfigMap\" | \"Secret\"; /** Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata */ metadata?: ObjectMeta; }",
  ];
  for (const line of want) assert.ok(v1.includes(line), `missing: ${line}\nin: ${v1}`);
  const beta = flat(files.get("example.com/v1beta1/index.ts")!);
  assert.ok(beta.includes("@deprecated example.com/v1beta1 Widget is deprecated; use example.com/v1 */ export const Widget: ResourceDescriptor<Widget, true, never>"), beta);
  assert.ok(beta.includes("size?: string;"), "each version has its own schema");
  assert.ok(beta.includes("/** @deprecated example.com/v1beta1 Widget is deprecated; use example.com/v1 */ export interface Widget {"), "the type is deprecated too");
  const gadget = flat(files.get("tools.example.org/v1/index.ts")!);
  assert.ok(gadget.includes("export const Gadget: ResourceDescriptor<Gadget, false, never>"), gadget);
  assert.ok(gadget.includes("spec?: { [key: string]: unknown };"), gadget);
  assert.doesNotMatch(gadget, /Short names|Scale:/);
});

test("a directory of manifests, and a List of CRDs, read the same", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-crds-"));
  const text = readFileSync(crds, "utf8");
  const [widgets, , gadgets] = text.split(/^---$/m);
  writeFileSync(join(dir, "b.yml"), gadgets!);
  writeFileSync(join(dir, "a.yaml"), widgets!);
  writeFileSync(join(dir, "notes.txt"), "not a manifest");
  const fromFile = await generateFiles({ crds: [crds], out: "/tmp/x", label: "crds" });
  assert.deepEqual(await generateFiles({ crds: [dir], out: "/tmp/x", label: "crds" }), fromFile);
  const { parse } = await import("yaml");
  const list = { apiVersion: "v1", kind: "List", items: [parse(widgets!), parse(gadgets!)] };
  writeFileSync(join(dir, "list.json"), JSON.stringify(list));
  assert.deepEqual(await generateFiles({ crds: [join(dir, "list.json")], out: "/tmp/x", label: "crds" }), fromFile);
});

test("bad manifests name the file and what is wrong", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-crds-bad-"));
  const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  const cases: [string, RegExp][] = [
    [write("none.yaml", "apiVersion: v1\nkind: ConfigMap\n"), /none\.yaml: holds no CustomResourceDefinition/],
    [write("broken.yaml", "kind: [unclosed\n"), /broken\.yaml: document 1 is not YAML/],
    [write("noplural.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: x.example.com }\nspec: { group: example.com, scope: Namespaced, names: { kind: X }, versions: [{ name: v1, served: true }] }\n"), /noplural\.yaml#\/spec\/names: x\.example\.com: spec\.names needs kind and plural/],
    [write("scope.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: x.example.com }\nspec: { group: example.com, scope: Global, names: { kind: X, plural: xs }, versions: [{ name: v1, served: true }] }\n"), /spec\.scope is "Global"/],
  ];
  for (const [file, message] of cases) {
    await assert.rejects(generateFiles({ crds: [file], out: "/tmp/x", label: "crds" }), (e: Error) => e instanceof SpecError && message.test(e.message));
  }
});

test("the generated CRD modules type-check with a consumer; misuses are errors", async () => {
  const consumer = `import { Widget, type WidgetList } from "./v9/example.com/v1/index.js";
import { Gadget } from "./v9/tools.example.org/v1/index.js";
export const w: Widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { size: 1, replicas: null } };
export const list: WidgetList = { items: [w] };
export const descriptors = [Widget, Gadget];
// @ts-expect-error size is required
export const noSize: Widget = { spec: {} };
// @ts-expect-error another group's apiVersion
export const wrongVersion: Widget = { apiVersion: "example.com/v1beta1" };
`;
  assert.deepEqual(await typecheckCrds([crds], consumer), []);
});

test("the CLI: kubex-gen crd FILE... --out --label writes the modules; no input is a usage error", () => {
  const out = mkdtempSync(join(tmpdir(), "kubex-crd-cli-"));
  mkdirSync(out, { recursive: true });
  const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(root, "codegen/cli.ts"), ...args], { encoding: "utf8", cwd: root });
  const done = run("crd", crds, "--out", out, "--label", "crds");
  assert.equal(done.status, 0, done.stderr);
  assert.match(readFileSync(join(out, "crds/example.com/v1/index.ts"), "utf8"), /export const Widget:/);
  assert.equal(run("crd", crds, "--out", out, "--label", "crds", "--check").status, 0);
  assert.equal(run("crd", "--out", out, "--label", "crds").status, 2);
  assert.equal(run("--input", crds, "crd", "--out", out, "--label", "crds").status, 2, "--input and crd together");
});
