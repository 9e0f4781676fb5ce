// The published package: what the tarball holds, the exports map's types (attw), and that ESM,
// CommonJS and a type-checking consumer all reach `kubex` and `kubex/k8s/v1_35/<group>/<version>`.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, before } from "node:test";
import { packed } from "./support/packed.js";
import assert from "node:assert/strict";

const root = new URL("../..", import.meta.url).pathname;
let tarball: string;
let files: string[];

before(() => {
  const { kubex } = packed();
  tarball = kubex.tarball;
  files = kubex.files.map((f) => f.path);
});

test("the tarball holds the build, the README, the LICENSE and package.json only", { timeout: 240_000 }, () => {
  assert.ok(files.includes("dist/esm/runtime/index.js"));
  assert.ok(files.includes("dist/cjs/runtime/index.d.ts"));
  assert.ok(files.includes("dist/esm/generated/k8s/v1_35/core/v1/index.d.ts"));
  assert.ok(files.includes("LICENSE"));
  const outside = files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md", "LICENSE"].includes(f));
  assert.deepEqual(outside, []);
  assert.equal(files.filter((f) => /(^|\/)test\/|\.test\.|fixtures|openapi-spec|swagger\.json/.test(f)).length, 0);
});

test("the exports map resolves types for every entry under node16 (ESM and CJS) and bundlers (attw)", { timeout: 240_000 }, () => {
  const attw = join(root, "node_modules/.bin/attw");
  const r = spawnSync(attw, [tarball, "--format", "ascii", "--entrypoints", ".", "./k8s/v1_35/core/v1", "./k8s/v1_35/apps/v1", "./k8s/v1_35"], { encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

test("a consumer imports and requires the package, and its editor gets types", { timeout: 240_000 }, () => {
  const app = mkdtempSync(join(tmpdir(), "kubex-consumer-"));
  const pkg = join(app, "node_modules/kubex");
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", pkg, "--strip-components=1"]);
  for (const dep of ["undici", "ws", "yaml", "@types"]) symlinkSync(join(root, "node_modules", dep), join(app, "node_modules", dep));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", type: "module" }));
  writeFileSync(join(app, "esm.mjs"), `
import { Api, createClient } from "kubex";
import { Pod } from "kubex/k8s/v1_35/core/v1";
import { loadDescriptor } from "kubex/k8s/v1_35";
const d = await loadDescriptor("apps/v1", "Deployment");
console.log(typeof Api, typeof createClient, Pod.plural, d.plural);
`);
  writeFileSync(join(app, "cjs.cjs"), `
const { Api } = require("kubex");
const { Deployment } = require("kubex/k8s/v1_35/apps/v1");
console.log(typeof Api, Deployment.kind);
`);
  assert.equal(execFileSync(process.execPath, ["esm.mjs"], { cwd: app, encoding: "utf8" }), "function function pods deployments\n");
  assert.equal(execFileSync(process.execPath, ["cjs.cjs"], { cwd: app, encoding: "utf8" }), "function Deployment\n");
  writeFileSync(join(app, "main.ts"), `
import { Api, createClient } from "kubex";
import { Pod } from "kubex/k8s/v1_35/core/v1";
export async function main(): Promise<string | undefined> {
  const client = await createClient();
  const pods = new Api(Pod, { client, namespace: "default" });
  const pod = await pods.get("web");
  // @ts-expect-error the typed Pod has no field named "nope"
  void pod.nope;
  return pod.spec?.containers[0]?.image;
}
`);
  for (const resolution of [["--module", "nodenext", "--moduleResolution", "nodenext"], ["--module", "esnext", "--moduleResolution", "bundler"]]) {
    const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "--strict", "--target", "es2022", "--lib", "es2023,esnext.disposable", "--types", "node", ...resolution, "main.ts"], { cwd: app, encoding: "utf8" });
    assert.equal(r.status, 0, `${resolution.join(" ")}: ${r.stdout}${r.stderr}`);
  }
});
