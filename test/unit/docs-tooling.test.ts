// The docs build's own parts: the per-version resource page and the markdown link check,
// and the check itself over the repository's README.md and docs/*.md.
import { readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
// @ts-expect-error: plain .mjs scripts without declarations
import { brokenLinks, headingId, headingIds, markdownLinks } from "../../scripts/docs-links.mjs";
// @ts-expect-error: plain .mjs scripts without declarations
import { isDescriptor, loadKinds, resourcesPage } from "../../scripts/docs-resources.mjs";

const root = new URL("../..", import.meta.url);
const rootPath = root.pathname;

test("headingId gives GitHub's ids", () => {
  const table: [string, string][] = [
    ["Quick start", "quick-start"],
    ["exec, attach, port-forward", "exec-attach-port-forward"],
    ["Apply a YAML file, as `kubectl apply --server-side -f`", "apply-a-yaml-file-as-kubectl-apply---server-side--f"],
    ["Errors: timeouts & retries", "errors-timeouts--retries"],
    ["State: `.cluster/` (git-ignored)", "state-cluster-git-ignored"],
  ];
  for (const [given, want] of table) assert.equal(headingId(given), want, given);
});

test("headingIds numbers repeated headings and skips code blocks", () => {
  const ids = headingIds("# A\n## A\n```bash\n# not a heading\n```\n### B c\n");
  assert.deepEqual([...ids], ["a", "a-1", "b-c"]);
});

test("markdownLinks finds links in prose, not in code", () => {
  const links = markdownLinks("see [a](a.md) and `[b](b.md)`\n```\n[c](c.md)\n```\n[d](d.md#x \"title\")\n");
  assert.deepEqual(links, [
    { target: "a.md", line: 1 },
    { target: "d.md#x", line: 5 },
  ]);
});

test("brokenLinks reports a missing file and a missing heading, and accepts good ones", () => {
  const problems = brokenLinks(rootPath, ["test/unit/fixtures/docs-links.md"]);
  assert.deepEqual(problems, [
    "test/unit/fixtures/docs-links.md:4: missing.md: no such file test/unit/fixtures/missing.md",
    "test/unit/fixtures/docs-links.md:5: docs-links.md#nowhere: no heading #nowhere in test/unit/fixtures/docs-links.md",
    "test/unit/fixtures/docs-links.md:6: #also-nowhere: no heading #also-nowhere in test/unit/fixtures/docs-links.md",
  ]);
});

test("README.md and docs/*.md have no broken relative link", () => {
  const files = ["README.md", ...readdirSync(join(rootPath, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  assert.deepEqual(brokenLinks(rootPath, files), []);
});

test("isDescriptor accepts descriptors only", () => {
  assert.equal(isDescriptor({ kind: "Pod", plural: "pods", listKind: "PodList", namespaced: true }), true);
  assert.equal(isDescriptor({ kind: "Pod", plural: "pods", listKind: "PodList" }), false);
  assert.equal(isDescriptor("Pod"), false);
  assert.equal(isDescriptor(null), false);
});

test("resourcesPage: one row per kind, sorted by module then kind, scope, verbs and subresources", () => {
  const all = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
  const page: string = resourcesPage("v9_99", [
    { module: "core/v1", descriptor: { apiVersion: "v1", kind: "Pod", plural: "pods", namespaced: true, verbs: all, subresources: ["status", "exec"] } },
    { module: "authentication/v1", descriptor: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", plural: "tokenreviews", namespaced: false, verbs: ["create"] } },
    { module: "core/v1", descriptor: { apiVersion: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, verbs: all, subresources: [] } },
  ]);
  const rows = page.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Kind") && !l.startsWith("| ---"));
  assert.deepEqual(rows, [
    "| TokenReview | `authentication.k8s.io/v1` | `kubex/k8s/v9_99/authentication/v1` | Cluster | `tokenreviews` | `create` | – |",
    "| Namespace | `v1` | `kubex/k8s/v9_99/core/v1` | Cluster | `namespaces` | all eight | – |",
    "| Pod | `v1` | `kubex/k8s/v9_99/core/v1` | Namespaced | `pods` | all eight | `exec`, `status` |",
  ]);
  assert.match(page, /^# Resource kinds of `kubex\/k8s\/v9_99`\n\n3 kinds in 2 modules/);
  assert.ok(page.includes(`\`\`\`ts\nimport { Api, createClient } from "kubex";\nimport { Deployment } from "kubex/k8s/v9_99/apps/v1";\n`), "the page shows an example using its version");
});

test("loadKinds reads every descriptor of the generated 1.35 tree", async () => {
  const kinds: { module: string; descriptor: { kind: string; namespaced: boolean; subresources?: string[] } }[] = await loadKinds(root, "v1_35");
  const pod = kinds.find((k) => k.module === "core/v1" && k.descriptor.kind === "Pod");
  assert.ok(pod, "Pod is found");
  assert.equal(pod.descriptor.namespaced, true);
  assert.ok(pod.descriptor.subresources?.includes("exec"));
  assert.ok(kinds.some((k) => k.descriptor.kind === "Namespace" && !k.descriptor.namespaced));
  assert.ok(kinds.length >= 80, `${kinds.length} kinds`);
});

test("exportsWithoutExample finds @example on the export, its signatures or its type's signatures", async () => {
  // @ts-expect-error: plain .mjs scripts without declarations
  const { exportsWithoutExample } = await import("../../scripts/docs-examples.mjs");
  const { ReflectionKind } = await import("typedoc");
  const example = { blockTags: [{ tag: "@example" }] };
  const other = { blockTags: [{ tag: "@remarks" }] };
  const module = (name: string, children: object[]) => ({ name, children, kindOf: (k: number) => k === ReflectionKind.Module });
  const project = {
    children: [
      module("runtime", [
        { name: "onExport", comment: example },
        { name: "onSignature", signatures: [{ comment: other }, { comment: example }] },
        { name: "onTypeSignature", type: { declaration: { signatures: [{ comment: example }] } } },
        { name: "otherTag", comment: other },
        { name: "bare" },
      ]),
      module("codegen", [{ name: "generate", signatures: [{}] }]),
      { name: "notAModule", children: [{ name: "ignored" }], kindOf: () => false },
    ],
  };
  assert.deepEqual(exportsWithoutExample(project), { total: 6, missing: ["codegen.generate", "runtime.bare", "runtime.otherTag"] });
});

test("exampleReport: a public export without an example is a problem of the check; none missing is none", async () => {
  // @ts-expect-error: plain .mjs scripts without declarations
  const { exampleReport } = await import("../../scripts/docs-examples.mjs");
  assert.deepEqual(exampleReport({ total: 3, missing: ["kubex.bare"] }), {
    lines: ["docs: 1 of 3 public exports have no @example:", "  kubex.bare"],
    problem: "1 public exports have no @example",
  });
  assert.deepEqual(exampleReport({ total: 3, missing: [] }), { lines: ["docs: 0 of 3 public exports have no @example"] });
});

test("the docs check that CI runs takes no opt-in: examples are required by default", () => {
  const pkg = JSON.parse(readFileSync(join(rootPath, "package.json"), "utf8")) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts["docs:check"], "node --import tsx scripts/docs.mjs --check");
  assert.match(readFileSync(join(rootPath, ".ci/run"), "utf8"), /^npm run docs:check$/m);
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/docs.mjs", "--check", "--require-examples"], { cwd: rootPath, encoding: "utf8" });
  assert.equal(run.status, 2, "the former opt-in is an unknown argument");
  assert.match(run.stderr, /unknown argument --require-examples/);
  assert.match(readFileSync(join(rootPath, "scripts/docs.mjs"), "utf8"), /^if \(examples\.problem\) problems\.push\(examples\.problem\);$/m);
});
