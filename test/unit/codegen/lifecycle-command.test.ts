// kubex-gen lifecycle: the manifest from several releases' specs (and k8s.io/api directories),
// written, checked, and refused with the usage when a release is malformed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFiles } from "../../../codegen/index.js";

const root = new URL("../../..", import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(root, "codegen/cli.ts"), ...args], { cwd: root, encoding: "utf8" });

/** A v3 spec directory serving each `group/version/Kind` (built-in schema names). */
function specDir(dir: string, kinds: string[]): string {
  mkdirSync(dir, { recursive: true });
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const gvk of kinds) {
    const [group, version, kind] = gvk.split("/") as [string, string, string];
    const x = { group, version, kind };
    schemas[`io.k8s.api.${group.split(".")[0]}.${version}.${kind}`] = { type: "object", properties: { apiVersion: { type: "string" } }, "x-kubernetes-group-version-kind": [x] };
    paths[`/apis/${group}/${version}/${kind.toLowerCase()}s`] = { get: { "x-kubernetes-action": "list", "x-kubernetes-group-version-kind": x } };
  }
  writeFileSync(join(dir, "apis_openapi.json"), JSON.stringify({ openapi: "3.0.0", info: { title: "t", version: "v" }, paths, components: { schemas } }));
  return dir;
}

/** A k8s.io/api directory declaring one package's lifecycle. */
function apiDir(dir: string, pkg: string, source: string): string {
  mkdirSync(join(dir, pkg), { recursive: true });
  writeFileSync(join(dir, pkg, "zz_generated.prerelease-lifecycle.go"), source);
  return dir;
}

test("kubex-gen lifecycle writes the manifest, --check accepts it and refuses a changed one", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-lifecycle-"));
  const old = specDir(join(dir, "1.32"), ["x.k8s.io/v1beta1/Gizmo"]);
  const next = specDir(join(dir, "1.33"), ["x.k8s.io/v1/Gizmo"]);
  const api = apiDir(join(dir, "api"), "x/v1beta1", "func (in *Gizmo) APILifecycleIntroduced() (major, minor int) {\n\treturn 1, 30\n}\nfunc (in *Gizmo) APILifecycleDeprecated() (major, minor int) {\n\treturn 1, 32\n}\n");
  const out = join(dir, "out/lifecycle.ts");
  const releases = ["--release", `1.32.1=${old},${api}`, "--release", `1.33.0=${next}`];
  const written = cli("lifecycle", ...releases, "--out", out);
  assert.equal(written.status, 0, written.stderr);
  const text = readFileSync(out, "utf8");
  assert.match(text, /"x\.k8s\.io\/v1beta1\/Gizmo": "1\.32 1\.32 1\.30 1\.32 1\.33 -"/);
  assert.match(text, /"x\.k8s\.io\/v1\/Gizmo": "1\.33 1\.33 1\.33 - - -"/);
  assert.match(text, /lifecycleReleases: readonly string\[\] = \["1\.32", "1\.33"\]/);
  assert.equal(cli("lifecycle", ...releases, "--out", out, "--check").status, 0);
  writeFileSync(out, text.replace("1.30", "1.29"));
  const stale = cli("lifecycle", ...releases, "--out", out, "--check");
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /differs from the generator's output/);
  const bad = cli("lifecycle", "--release", "1.32.1", "--out", out);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /usage: kubex-gen/);
});

test("generateFiles and kubex-gen with --kube-version and --api-module put @deprecated on what that release deprecates", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-deprecated-"));
  const spec = specDir(join(dir, "spec"), ["x.k8s.io/v1beta1/Gizmo", "x.k8s.io/v1/Gizmo"]);
  const api = apiDir(join(dir, "api"), "x/v1beta1", [
    "func (in *Gizmo) APILifecycleDeprecated() (major, minor int) {\n\treturn 1, 33\n}",
    "func (in *Gizmo) APILifecycleRemoved() (major, minor int) {\n\treturn 1, 36\n}",
    'func (in *Gizmo) APILifecycleReplacement() schema.GroupVersionKind {\n\treturn schema.GroupVersionKind{Group: "x.k8s.io", Version: "v1", Kind: "Gizmo"}\n}',
  ].join("\n"));
  const deprecated = (files: Map<string, string>) => (files.get("x/v1beta1/index.ts")!.match(/@deprecated .*/g) ?? []).map((l) => l.replace(/ \*\/$/, ""));
  const want = "@deprecated x.k8s.io/v1beta1 Gizmo is deprecated since Kubernetes 1.33, to be removed in 1.36. Use x.k8s.io/v1 Gizmo instead.";
  assert.deepEqual(deprecated(await generateFiles({ input: spec, out: dir, label: "v", kubeVersion: "1.33.2", apiModule: api })), [want, want]);
  assert.deepEqual(deprecated(await generateFiles({ input: spec, out: dir, label: "v", kubeVersion: "1.32.0", apiModule: api })), []);
  assert.deepEqual(deprecated(await generateFiles({ input: spec, out: dir, label: "v" })), []);
  const r = cli("--input", spec, "--out", join(dir, "out"), "--label", "v1_33", "--kube-version", "1.33.2", "--api-module", api);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(deprecated(new Map([["x/v1beta1/index.ts", readFileSync(join(dir, "out/v1_33/x/v1beta1/index.ts"), "utf8")]])), [want, want]);
});
