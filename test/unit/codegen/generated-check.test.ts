// generated/ is exactly what the generator makes from the official specs of every shipped
// version (never edited by hand), checked in one run of the generator.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipOutsideCI } from "../../e2e/support/skip.js";

const root = new URL("../../..", import.meta.url).pathname;
const versions = JSON.parse(readFileSync(`${root}scripts/k8s-versions.json`, "utf8")) as { label: string; kubernetes: string }[];
const hasGo = spawnSync("go", ["version"]).status === 0;
const reason = hasGo ? false : "needs Go (the specs come from the module proxy)";

test("the version table lists each minor once, oldest first, labelled by its minor", () => {
  const minors = versions.map((v) => v.kubernetes.split(".").slice(0, 2).join("."));
  assert.deepEqual(versions.map((v) => v.label), minors.map((m) => `v${m.replace(".", "_")}`));
  assert.deepEqual(minors, [...new Set(minors)].sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1])));
  assert.deepEqual(readdirSync(`${root}generated/k8s`).sort(), versions.map((v) => v.label));
});

test("a shared module re-exports a module an earlier version writes out, never another re-export", () => {
  const reExport = /^export \* from "([^"]+)";$/m;
  let shared = 0;
  for (const { label } of versions) {
    for (const path of readdirSync(`${root}generated/k8s/${label}`, { recursive: true }).map(String).filter((p) => p.endsWith(".ts"))) {
      const file = join(root, "generated/k8s", label, path);
      const target = reExport.exec(readFileSync(file, "utf8"))?.[1];
      if (target === undefined) continue;
      shared++;
      const resolved = join(dirname(file), target).replace(/\.js$/, ".ts");
      const [owner, ...rest] = relative(join(root, "generated/k8s"), resolved).split("/");
      assert.equal(rest.join("/"), path.split("\\").join("/"), `${label}/${path}`);
      assert.ok(versions.findIndex((v) => v.label === owner) < versions.findIndex((v) => v.label === label), `${label}/${path} -> ${owner}`);
      assert.doesNotMatch(readFileSync(resolved, "utf8"), reExport, `${label}/${path} -> ${owner}`);
    }
  }
  assert.ok(shared > 0, "no module is shared");
});

test("generated/k8s equals the generator's output for the official spec of every version", { skip: skipOutsideCI(reason), timeout: 600_000 }, () => {
  const r = spawnSync("bash", ["scripts/generate.sh", "--check"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, new RegExp(`\\{${versions.map((v) => v.label).join(",")}\\} is up to date`));
});
