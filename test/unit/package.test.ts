// The published package: what the tarball holds and its installed size, the exports map's
// types (attw), and that ESM, CommonJS and type-checking consumers all reach `kubex`,
// and every shipped version's `kubex/k8s/<label>` and `<label>/<group>/<version>`.
import { execFileSync, spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, before } from "node:test";
import { packed } from "./support/packed.js";
import assert from "node:assert/strict";

const root = new URL("../..", import.meta.url).pathname;
const tsc = join(root, "node_modules/typescript/bin/tsc");
const labels = (JSON.parse(readFileSync(join(root, "scripts/k8s-versions.json"), "utf8")) as { label: string }[]).map((v) => v.label);
let tarball: string;
let files: string[];
/** A clean consumer with the tarball unpacked as node_modules/kubex. */
let app: string;

before(() => {
  const { kubex } = packed();
  tarball = kubex.tarball;
  files = kubex.files.map((f) => f.path);

  app = mkdtempSync(join(tmpdir(), "kubex-consumer-"));
  const pkg = join(app, "node_modules/kubex");
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", pkg, "--strip-components=1"]);
  for (const dep of ["undici", "ws", "yaml", "@types"]) symlinkSync(join(root, "node_modules", dep), join(app, "node_modules", dep));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", type: "module" }));
});

/** Bytes as `du --apparent-size` counts them: every file and directory entry. */
function apparentSize(path: string): number {
  const stat = lstatSync(path);
  return stat.size + (stat.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + apparentSize(join(path, name)), 0) : 0);
}

test("the tarball holds the build, the README, the LICENSE and package.json only", { timeout: 240_000 }, () => {
  assert.ok(files.includes("dist/esm/runtime/index.js"));
  assert.ok(files.includes("dist/cjs/runtime/index.d.ts"));
  for (const label of labels) assert.ok(files.includes(`dist/cjs/generated/k8s/${label}/core/v1/index.d.ts`), label);
  assert.equal(files.filter((f) => f.includes("/codegen/")).length, 0, "the generator ships as kubex-gen");
  assert.ok(files.includes("LICENSE"));
  const outside = files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md", "LICENSE"].includes(f));
  assert.deepEqual(outside, []);
  assert.equal(files.filter((f) => /(^|\/)test\/|\.test\.|fixtures|openapi-spec|swagger\.json/.test(f)).length, 0);
});

test("each declaration is written once: the ESM entry points re-export the CommonJS declarations, and the generated modules ship once", { timeout: 240_000 }, () => {
  const esmDeclarations = files.filter((f) => f.startsWith("dist/esm/") && f.endsWith(".d.ts"));
  assert.deepEqual(esmDeclarations.sort(), ["dist/esm/runtime/index.d.ts"]);
  for (const path of esmDeclarations) {
    assert.match(readFileSync(join(app, "node_modules/kubex", path), "utf8"), /^\/\/ .*\nexport \* from "\.\.\/\.\.\/cjs\/\w+\/index\.js";\n$/);
  }
  // The one exception: the lifecycle manifest, plain data (no types) the ESM runtime imports itself.
  assert.deepEqual(files.filter((f) => f.startsWith("dist/esm/generated/")), ["dist/esm/generated/lifecycle.js"]);
});

test("six versions install in under 12 MB", { timeout: 240_000 }, (t) => {
  const installed = apparentSize(join(app, "node_modules/kubex"));
  const packed = lstatSync(tarball).size;
  t.diagnostic(`packed ${(packed / 1e6).toFixed(2)} MB, installed ${(installed / 1e6).toFixed(2)} MB (files and directories) for ${labels.length} versions`);
  assert.ok(installed < 12_000_000, `installed size ${installed} bytes`);
});

test("the exports map resolves types for every entry of every version under node16 (ESM and CJS) and bundlers (attw)", { timeout: 300_000 }, () => {
  const attw = join(root, "node_modules/.bin/attw");
  const entries = labels.flatMap((label) => [`./k8s/${label}`, `./k8s/${label}/core/v1`, `./k8s/${label}/apps/v1`]);
  const r = spawnSync(attw, [tarball, "--format", "ascii", "--entrypoints", ".", ...entries], { encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

test("a consumer imports and requires the runtime and every version", { timeout: 240_000 }, () => {
  writeFileSync(join(app, "esm.mjs"), `
import { Api, createClient } from "kubex";
console.log(typeof Api, typeof createClient);
for (const label of ${JSON.stringify(labels)}) {
  const { Pod } = await import(\`kubex/k8s/\${label}/core/v1\`);
  const { loadDescriptor } = await import(\`kubex/k8s/\${label}\`);
  const d = await loadDescriptor("apps/v1", "Deployment");
  console.log(label, Pod.plural, d.plural);
}
`);
  writeFileSync(join(app, "cjs.cjs"), `
const { Api } = require("kubex");
console.log(typeof Api);
for (const label of ${JSON.stringify(labels)}) {
  const { Deployment } = require(\`kubex/k8s/\${label}/apps/v1\`);
  const { kindModules } = require(\`kubex/k8s/\${label}\`);
  console.log(label, Deployment.kind, kindModules["v1/Pod"]);
}
`);
  assert.equal(
    execFileSync(process.execPath, ["esm.mjs"], { cwd: app, encoding: "utf8" }),
    `function function\n${labels.map((l) => `${l} pods deployments\n`).join("")}`,
  );
  assert.equal(execFileSync(process.execPath, ["cjs.cjs"], { cwd: app, encoding: "utf8" }), `function\n${labels.map((l) => `${l} Deployment core/v1\n`).join("")}`);
});

/** A typed consumer of one version: an Api over its Pod, a field that does not exist, a Deployment's pod template. */
const typedConsumer = (label: string) => `
import { Api, createClient } from "kubex";
import { Pod } from "kubex/k8s/${label}/core/v1";
import { Deployment } from "kubex/k8s/${label}/apps/v1";
export async function main(): Promise<string | undefined> {
  const client = await createClient();
  const pods = new Api(Pod, { client, namespace: "default" });
  const pod = await pods.get("web");
  // @ts-expect-error the typed Pod has no field named "nope"
  void pod.nope;
  const deployment = await new Api(Deployment, { client, namespace: "default" }).get("web");
  const template: Pod["spec"] = deployment.spec?.template.spec;
  return pod.spec?.containers[0]?.image ?? template?.containers[0]?.image;
}
`;

test("a consumer of each version type-checks under nodenext and node16 (ESM and CJS files) and bundler resolution", { timeout: 300_000 }, () => {
  const dir = join(app, "typed");
  mkdirSync(dir);
  for (const label of labels) {
    writeFileSync(join(dir, `${label}.mts`), typedConsumer(label));
    writeFileSync(join(dir, `${label}.cts`), typedConsumer(label));
  }
  const node = labels.flatMap((l) => [`typed/${l}.mts`, `typed/${l}.cts`]);
  const bundler = labels.map((l) => `typed/${l}.mts`);
  const common = ["--noEmit", "--strict", "--target", "es2022", "--lib", "es2023,esnext.disposable", "--types", "node"];
  for (const [resolution, inputs] of [[["--module", "nodenext", "--moduleResolution", "nodenext"], node], [["--module", "node16", "--moduleResolution", "node16"], node], [["--module", "esnext", "--moduleResolution", "bundler"], bundler]] as const) {
    const r = spawnSync(process.execPath, [tsc, ...common, ...resolution, ...inputs], { cwd: app, encoding: "utf8" });
    assert.equal(r.status, 0, `${resolution.join(" ")}: ${r.stdout}${r.stderr}`);
  }
});

/** tsc's own figures for one program (`--extendedDiagnostics`). */
function compile(files: string[]): { seconds: number; megabytes: number; loaded: string[] } {
  const r = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--lib", "es2023,esnext.disposable", "--types", "node", "--module", "nodenext", "--extendedDiagnostics", "--listFiles", ...files], { cwd: app, encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const figure = (name: string) => Number(new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(r.stdout)![1]);
  return { seconds: figure("Total time"), megabytes: figure("Memory used") / 1024, loaded: r.stdout.split("\n").filter((l) => l.includes("/node_modules/kubex/dist/cjs/generated/")) };
}

test("a consumer of one version's core/v1 and apps/v1 type-checks as fast as with one version shipped, and loads no other version", { timeout: 300_000 }, (t) => {
  writeFileSync(join(app, "runtime-only.mts"), `import { Api, createClient } from "kubex";\nexport const used = [Api, createClient];\n`);
  const baseline = compile(["runtime-only.mts"]);
  t.diagnostic(`runtime only: ${baseline.seconds.toFixed(2)} s, ${baseline.megabytes.toFixed(0)} MB`);
  for (const label of labels) {
    writeFileSync(join(app, `one-${label}.mts`), typedConsumer(label));
    const figures = compile([`one-${label}.mts`]);
    t.diagnostic(`${label} core/v1 + apps/v1: ${figures.seconds.toFixed(2)} s, ${figures.megabytes.toFixed(0)} MB, ${figures.loaded.length} generated declaration files`);
    // Its own modules (and those they re-export from earlier versions), never a whole other version.
    assert.ok(figures.loaded.length <= 8, figures.loaded.join("\n"));
    assert.ok(figures.loaded.every((f) => !/\/k8s\/v1_\d+\/index\.d\.ts$/.test(f)), figures.loaded.join("\n"));
    // About 110 MB with one version shipped; the time is relative to the runtime alone, measured in the same run.
    assert.ok(figures.megabytes < 165, `${label}: ${figures.megabytes} MB`);
    assert.ok(figures.seconds < baseline.seconds * 3 + 1, `${label}: ${figures.seconds} s against ${baseline.seconds} s for the runtime alone`);
  }
});
