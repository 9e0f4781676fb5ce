// lifecycle(): every answer against what the official specs and k8s.io/api modules say, read
// here independently of the generator (the hand-checked answers are in lifecycle-answers.test.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { lifecycle } from "../../../runtime/index.js";
import { kindLifecycles, lifecycleReleases } from "../../../generated/lifecycle.js";
import { skipOutsideCI } from "../../e2e/support/skip.js";

const root = new URL("../../..", import.meta.url).pathname;

// --- Independently from the sources (as CI does, with Go to fetch them) ---

const hasGo = spawnSync("go", ["version"]).status === 0;
const versions = (JSON.parse(readFileSync(join(root, "scripts/k8s-versions.json"), "utf8")) as { kubernetes: string }[]).map((v) => v.kubernetes);
const fetched = (script: string, version: string) => spawnSync("bash", [`scripts/${script}`, version], { cwd: root, encoding: "utf8" }).stdout.trim();
const minor = (version: string) => version.split(".").slice(0, 2).join(".");
const cmp = (a: string, b: string) => Number(a.split(".")[1]) - Number(b.split(".")[1]);

/** `apiVersion/kind` named by any operation on a collection or object path (no subresources) of a v3 spec directory. */
function servedKinds(specDir: string): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const file of readdirSync(specDir).filter((f) => f.endsWith(".json"))) {
    const doc = JSON.parse(readFileSync(join(specDir, file), "utf8")) as { paths?: Record<string, Record<string, { "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string } }>> };
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const match = /^\/(?:api\/(v\w+)|apis\/([^/]+)\/(v\w+))(?:\/namespaces\/\{namespace\})?\/([a-z0-9]+)(?:\/\{name\})?$/.exec(path);
      if (!match) continue;
      for (const op of Object.values(item)) {
        const gvk = op["x-kubernetes-group-version-kind"];
        if (gvk) kinds.set(`${gvk.group === "" ? gvk.version : `${gvk.group}/${gvk.version}`}/${gvk.kind}`, path);
      }
    }
  }
  return kinds;
}

/** What a k8s.io/api module's lifecycle files say a Go type's deprecation is, by `<dir>.<version>.<Type>`. */
function declaredDeprecations(apiDir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const group of readdirSync(apiDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    if (group.includes(".")) continue;
    for (const version of readdirSync(join(apiDir, group), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      const file = join(apiDir, group, version, "zz_generated.prerelease-lifecycle.go");
      if (!existsSync(file)) continue;
      for (const m of readFileSync(file, "utf8").matchAll(/\*(\w+)\) APILifecycleDeprecated\(\) \(major, minor int\) \{\s*return 1, (\d+)/g)) out.set(`${group}.${version}.${m[1]}`, `1.${m[2]}`);
    }
  }
  return out;
}

test("every answer agrees with the official specs and k8s.io/api declarations", { skip: skipOutsideCI(hasGo ? false : "needs Go (the specs come from the module proxy)"), timeout: 300_000 }, () => {
  const releases = versions.map((v) => ({ minor: minor(v), served: servedKinds(fetched("fetch-spec.sh", v)), deprecations: declaredDeprecations(fetched("fetch-api-module.sh", v)) }));
  assert.deepEqual([...lifecycleReleases], releases.map((r) => r.minor));
  const everKind = new Set(releases.flatMap((r) => [...r.served.keys()]));
  for (const key of Object.keys(kindLifecycles)) assert.ok(everKind.has(key), key);
  let checked = 0;
  for (const key of everKind) {
    const slash = key.lastIndexOf("/");
    const answer = lifecycle(key.slice(0, slash), key.slice(slash + 1));
    if (answer === undefined) continue; // a List kind or an options kind of a path, not an object
    const servedBy = releases.filter((r) => r.served.has(key)).map((r) => r.minor);
    assert.deepEqual(answer.served, { first: servedBy[0], last: servedBy[servedBy.length - 1] }, key);
    const next = releases.find((r) => cmp(r.minor, servedBy[servedBy.length - 1]!) > 0);
    if (next) assert.equal(answer.removed, next.minor, `${key}: removed by the first release not serving it`);
    if (answer.introduced !== undefined) assert.ok(cmp(answer.introduced, servedBy[0]!) <= 0, `${key}: introduced by the time it is first served`);
    else assert.equal(servedBy[0], releases[0]!.minor, `${key}: only a kind served before the range may have no introduction`);
    // The deprecation the newest release serving it declares, unless removal came first.
    const [group, version] = key.slice(0, slash).includes("/") ? key.slice(0, slash).split("/") : ["core", key.slice(0, slash)];
    const newest = releases.filter((r) => r.served.has(key)).pop()!;
    const declared = newest.deprecations.get(`${group!.split(".")[0]}.${version}.${key.slice(slash + 1)}`);
    if (declared !== undefined && (answer.removed === undefined || cmp(declared, answer.removed) < 0)) assert.equal(answer.deprecated, declared, key);
    checked++;
  }
  assert.equal(checked, Object.keys(kindLifecycles).length);
});
