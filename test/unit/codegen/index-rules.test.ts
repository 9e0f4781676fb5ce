// The generator's entry points, given small inputs: which input is read (a spec, CRD manifests,
// a cluster through a client given), how generated modules import the runtime and the meta
// types, what an enum catalog and a release add, writing and checking; and a series of versions.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check, generate, generateFiles, SpecError } from "../../../codegen/index.js";
import { checkSeries, generateSeries, generateSeriesFiles } from "../../../codegen/series.js";
import type { SpecClient } from "../../../codegen/cluster.js";
import { v3Spec, writeSpec } from "./fixtures.js";
import { jsonReply } from "../support/in-memory-client.js";

const root = new URL("../../..", import.meta.url).pathname;
const crds = join(root, "test/unit/fixtures/codegen/crds.yaml");
const dir = mkdtempSync(join(tmpdir(), "kubex-index-rules-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const input = writeSpec("spec.json", v3Spec());
/** The specifier the module at `path` imports `name` from. */
const importOf = (text: string, name: string): string | undefined => new RegExp(`import type \\{[^}]*\\b${name}\\b[^}]*\\} from "([^"]+)"`).exec(text)?.[1];

/** The fixture spec with a kind deprecated by its description since 1.19. */
function deprecatedSpec(): Record<string, unknown> {
  const spec = v3Spec() as { components: { schemas: Record<string, { description?: string }> } };
  spec.components.schemas["com.example.v1.Gadget"]!.description = "A gadget. Deprecated: This API is deprecated in v1.19+.";
  return spec;
}

/** A spec serving apps/v1beta1 Thing, its schema named as k8s.io/api names it, and an api module declaring it deprecated in 1.20. */
function declaredRelease(): { input: string; apiModule: string } {
  const spec = {
    openapi: "3.0.0",
    info: { title: "t", version: "v" },
    paths: { "/apis/apps/v1beta1/things": { get: { "x-kubernetes-action": "list", "x-kubernetes-group-version-kind": { group: "apps", version: "v1beta1", kind: "Thing" } } } },
    components: { schemas: { "io.k8s.api.apps.v1beta1.Thing": { type: "object", properties: { kind: { type: "string" } }, "x-kubernetes-group-version-kind": [{ group: "apps", version: "v1beta1", kind: "Thing" }] } } },
  };
  const apiModule = join(dir, "api");
  mkdirSync(join(apiModule, "apps/v1beta1"), { recursive: true });
  writeFileSync(join(apiModule, "apps/v1beta1/zz_generated.prerelease-lifecycle.go"), "func (in *Thing) APILifecycleDeprecated() (major, minor int) {\n\treturn 1, 20\n}\n");
  return { input: writeSpec("declared.json", spec), apiModule };
}

test("generateFiles: the runtime is `kubex` by default, a package name as it is, a path relative to each module with .ts as .js", async () => {
  const runtimeOf = async (runtime: string | undefined, out = "out") => {
    const files = await generateFiles({ input, out, label: "l", ...(runtime === undefined ? {} : { runtime }) });
    return [importOf(files.get("example.com/v1/index.ts")!, "ResourceDescriptor"), importOf(files.get("index.ts")!, "AnyResourceDescriptor")];
  };
  assert.deepEqual(await runtimeOf(undefined), ["kubex", "kubex"]);
  assert.deepEqual(await runtimeOf("my.js-runtime"), ["my.js-runtime", "my.js-runtime"]);
  assert.deepEqual(await runtimeOf("rt/index.ts"), ["../../../../rt/index.js", "../../rt/index.js"]);
  assert.deepEqual(await runtimeOf("rt.tsx/index.ts"), ["../../../../rt.tsx/index.js", "../../rt.tsx/index.js"]);
  assert.deepEqual(await runtimeOf("./rt/index.mjs"), ["../../../../rt/index.mjs", "../../rt/index.mjs"]);
  assert.deepEqual(await runtimeOf(join(dir, "rt/index.mjs"), join(dir, "out")), ["../../../../rt/index.mjs", "../../rt/index.mjs"]);
  // Below the importing module: still a relative specifier.
  assert.deepEqual(await runtimeOf("out/l/example.com/v1/rt.ts"), ["./rt.js", "./example.com/v1/rt.js"]);
});

test("generateFiles from CRD manifests: the meta types from the runtime's 1.35 module, or from the meta module given", async () => {
  const metaOf = async (options: { runtime?: string; metaModule?: string }) => {
    const files = await generateFiles({ crds: [crds], out: "out", label: "l", ...options });
    const text = files.get("example.com/v1/index.ts")!;
    return [importOf(text, "ObjectMeta"), importOf(text, "ResourceDescriptor")];
  };
  assert.deepEqual(await metaOf({}), ["kubex/k8s/v1_35/meta/v1", "kubex"]);
  assert.deepEqual(await metaOf({ runtime: "my-runtime" }), ["my-runtime/k8s/v1_35/meta/v1", "my-runtime"]);
  assert.deepEqual(await metaOf({ runtime: "runtime/index.ts" }), ["../../../../generated/k8s/v1_35/meta/v1/index.js", "../../../../runtime/index.js"]);
  assert.deepEqual(await metaOf({ metaModule: "my-meta" }), ["my-meta", "kubex"]);
  assert.deepEqual(await metaOf({ metaModule: "meta/index.ts" }), ["../../../../meta/index.js", "kubex"]);
});

const response = jsonReply;
const clusterOf = (document: unknown): SpecClient => ({
  request: async ({ path }) => response(path === "/openapi/v3" ? { paths: { "apis/example.com/v1": {} } } : document),
});

test("generateFiles from a cluster: what its documents generate as a directory, fixups named after /openapi/v3", async () => {
  const dump = join(dir, "dump");
  mkdirSync(dump, { recursive: true });
  writeFileSync(join(dump, "apis__example.com__v1_openapi.json"), JSON.stringify(v3Spec()));
  const fromCluster = await generateFiles({ cluster: { client: clusterOf(v3Spec()) }, out: "out", label: "l" });
  assert.deepEqual(fromCluster, await generateFiles({ input: dump, out: "out", label: "l" }));
  assert.equal(importOf(fromCluster.get("example.com/v1/index.ts")!, "ResourceDescriptor"), "kubex");
  assert.equal(importOf((await generateFiles({ cluster: { client: clusterOf(v3Spec()) }, out: "out", label: "l", runtime: "rt/index.ts" })).get("index.ts")!, "AnyResourceDescriptor"), "../../rt/index.js");
  const broken = v3Spec() as { components: { schemas: Record<string, unknown> } };
  broken.components.schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] = { type: "object", properties: { name: { type: "string" } } };
  await assert.rejects(generateFiles({ cluster: { client: clusterOf(broken) }, out: "out", label: "l" }), (error: unknown) => {
    assert.ok(error instanceof SpecError, String(error));
    assert.equal(error.file, "/openapi/v3");
    return true;
  });
});

test("generateFiles from a spec: a catalog's enums, and the release's deprecations from descriptions and the api module", async () => {
  const catalog = join(dir, "enums.json");
  writeFileSync(catalog, JSON.stringify({ sources: [], enums: { Colour: [{ value: "red" }, { value: "blue" }] }, fields: [{ schema: "com.example.v1.Event", field: "reason", path: [], enum: "Colour" }] }));
  const plain = (await generateFiles({ input, out: "out", label: "l" })).get("example.com/v1/index.ts")!;
  const withEnums = (await generateFiles({ input, out: "out", label: "l", enums: catalog })).get("example.com/v1/index.ts")!;
  assert.doesNotMatch(plain, /"red"/);
  assert.match(withEnums, /reason\?: "blue" \| "red";/);

  const deprecated = writeSpec("deprecated.json", deprecatedSpec());
  const tag = "@deprecated example.com/v1 Gadget is deprecated since Kubernetes 1.19.";
  const at = async (kubeVersion?: string) => (await generateFiles({ input: deprecated, out: "out", label: "l", ...(kubeVersion ? { kubeVersion } : {}) })).get("example.com/v1/index.ts")!;
  assert.equal((await at()).includes(tag), false);
  assert.equal((await at("1.18.0")).includes(tag), false);
  assert.equal((await at("1.19.3")).split(tag).length - 1, 2);

  const release = declaredRelease();
  const thing = async (apiModule?: string) => (await generateFiles({ ...release, apiModule, out: "out", label: "l", kubeVersion: "1.20" })).get("apps/v1beta1/index.ts")!;
  assert.match(await thing(release.apiModule), /@deprecated apps\/v1beta1 Thing is deprecated since Kubernetes 1\.20\./);
  assert.doesNotMatch(await thing(undefined), /@deprecated/);
});

test("generate writes <out>/<label> and returns the number of files; check lists what differs", async () => {
  const out = join(dir, "generated");
  const count = await generate({ input, out, label: "v9" });
  const files = await generateFiles({ input, out, label: "v9" });
  assert.equal(count, files.size);
  for (const [path, text] of files) assert.equal(readFileSync(join(out, "v9", path), "utf8"), text, path);
  assert.deepEqual(await check({ input, out, label: "v9" }), []);
  writeFileSync(join(out, "v9/index.ts"), "// edited\n");
  assert.deepEqual(await check({ input, out, label: "v9" }), ["index.ts"]);
  assert.deepEqual(await check({ input, out, label: "v8" }), [...files.keys()].sort());
});

test("a series: each version's options reach its generation; unchanged modules are shared with the first that wrote them", async () => {
  const catalog = join(dir, "series-enums.json");
  writeFileSync(catalog, JSON.stringify({ sources: [], enums: { Colour: [{ value: "red" }] }, fields: [{ schema: "com.example.v1.Event", field: "reason", path: [], enum: "Colour" }] }));
  const deprecated = writeSpec("series-deprecated.json", deprecatedSpec());
  const release = declaredRelease();
  const series = await generateSeriesFiles({
    out: "out",
    runtime: "my-runtime",
    versions: [
      { label: "a", input },
      { label: "b", input },
      { label: "c", input, enums: catalog },
      { label: "d", input: deprecated, kubeVersion: "1.19" },
      { label: "e", ...release, kubeVersion: "1.20" },
    ],
  });
  assert.deepEqual([...series.keys()], ["a", "b", "c", "d", "e"]);
  const module = (label: string) => series.get(label)!.get("example.com/v1/index.ts")!;
  assert.equal(importOf(module("a"), "ResourceDescriptor"), "my-runtime");
  assert.match(module("b"), /^export \* from "\.\.\/\.\.\/\.\.\/a\/example\.com\/v1\/index\.js";$/m);
  assert.match(module("c"), /reason\?: "red";/);
  assert.match(module("d"), /@deprecated example\.com\/v1 Gadget/);
  assert.match(series.get("e")!.get("apps/v1beta1/index.ts")!, /@deprecated apps\/v1beta1 Thing/);
  const byDefault = await generateSeriesFiles({ out: "out", versions: [{ label: "a", input }] });
  assert.equal(importOf(byDefault.get("a")!.get("example.com/v1/index.ts")!, "ResourceDescriptor"), "kubex");
});

test("generateSeries writes each version and counts its files; checkSeries lists edits, missing files and stray version directories", async () => {
  const out = join(dir, "series");
  const versions = [{ label: "v1_1", input }, { label: "v1_2", input }];
  // Nothing written yet: every file is missing, and a missing root is no error.
  const expected = await generateSeriesFiles({ out, versions });
  const all = [...expected].flatMap(([label, files]) => [...files.keys()].sort().map((path) => `${label}/${path}`));
  assert.deepEqual(await checkSeries({ out, versions }), all);
  const counts = await generateSeries({ out, versions });
  assert.deepEqual([...counts], [["v1_1", expected.get("v1_1")!.size], ["v1_2", expected.get("v1_2")!.size]]);
  assert.equal(readFileSync(join(out, "v1_2/example.com/v1/index.ts"), "utf8"), expected.get("v1_2")!.get("example.com/v1/index.ts"));
  assert.deepEqual(await checkSeries({ out, versions }), []);
  mkdirSync(join(out, "v1_0"));
  writeFileSync(join(out, "README.md"), "not a version\n");
  writeFileSync(join(out, "v1_2/index.ts"), "// edited\n");
  assert.deepEqual(await checkSeries({ out, versions }), ["v1_0/", "v1_2/index.ts"]);
});
