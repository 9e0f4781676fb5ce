// The two packages as users install them: both tarballs go into a clean consumer with npm,
// the generator runs from there (never from the repository) on every kind of input, and the
// output type-checks against the installed kubex: from ESM and CommonJS, whichever copy of
// kubex's declarations the generated modules resolve, and under a minimal tsconfig.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packed, type Packed } from "./support/packed.js";
import { json, startServer, type TestServer } from "./support/server.js";
import { testCerts } from "./support/certs.js";
import { crdSpec, v3Spec } from "./codegen/fixtures.js";

const root = new URL("../..", import.meta.url).pathname;
const tsc = join(root, "node_modules/typescript/bin/tsc");
const crdManifests = join(root, "test/unit/fixtures/codegen/crds.yaml");
const timeout = 600_000;
const token = "consumer-test-token-0123456789";

let kubex: Packed;
let generator: Packed;
let app: string;
let server: TestServer;
const timings: string[] = [];

function timed<T>(what: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  timings.push(`${what} ${((performance.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

/** Runs a command without blocking this process (its in-process API server must answer). */
function run(file: string, args: string[], cwd: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, encoding: "utf8", timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : -1, output: `${stdout}${stderr}` });
    });
  });
}

const typecheck = (dir: string, ...args: string[]) => spawnSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: "utf8", timeout: 300_000 });

before(async () => {
  ({ kubex, generator } = timed("pack (build) both packages", () => packed()));
  app = mkdtempSync(join(tmpdir(), "kubex-consumer-"));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // From the tarballs; their dependencies come from npm's cache when it has them.
  const installed = timed("npm install", () =>
    spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", kubex.tarball, generator.tarball, "@types/node@^20.19.0"], { cwd: app, encoding: "utf8", timeout: 300_000 }),
  );
  assert.equal(installed.status, 0, installed.stderr);
  server = await startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { kind: "Status", reason: "Unauthorized", code: 401 });
    const documents: Record<string, unknown> = { "apis/example.com/v1": v3Spec(), "apis/tools.example.org/v1": gadgetSpec() };
    if (req.url === "/openapi/v3") return json(res, 200, { paths: Object.fromEntries(Object.keys(documents).map((gv) => [gv, {}])) });
    const document = documents[(req.url ?? "").replace(/^\/openapi\/v3\//, "")];
    return document === undefined ? json(res, 404, { kind: "Status", reason: "NotFound", code: 404 }) : json(res, 200, document);
  });
});

after(async () => {
  await server?.close();
  if (app !== undefined) rmSync(app, { recursive: true, force: true });
  console.log(`# kubex ${kubex.size} bytes packed, ${kubex.unpackedSize} unpacked; kubex-gen ${generator.size} packed, ${generator.unpackedSize} unpacked`);
  console.log(`# ${timings.join("; ")}`);
});

const gadgetSpec = () => crdSpec({ type: "object", properties: { spec: { type: "object", required: ["size"], properties: { size: { type: "integer" } } } } }, "tools.example.org", "Gadget");

test("kubex installs without the generator's dependencies; kubex-gen brings them, its bin and its library", { timeout }, () => {
  const manifest = (name: string) => JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  const runtime = manifest("kubex");
  assert.deepEqual(Object.keys(runtime.dependencies ?? {}).sort(), ["undici", "ws", "yaml"]);
  assert.equal(runtime.bin, undefined);
  assert.equal(runtime.exports?.["./codegen"], undefined);
  assert.ok(!kubex.files.some((f) => f.path.includes("/codegen/")), "the runtime's tarball holds no generator");
  const gen = manifest("kubex-gen");
  assert.deepEqual(gen.bin, { "kubex-gen": "./dist/cli.js" });
  assert.deepEqual(Object.keys(gen.dependencies ?? {}).sort(), ["prettier", "ts-morph", "yaml"]);
  assert.ok(gen.peerDependencies?.kubex);
  assert.deepEqual(
    generator.files.map((f) => f.path).filter((p) => !p.startsWith("dist/")).sort(),
    ["LICENSE", "README.md", "package.json"],
  );
  const library = spawnSync(process.execPath, ["--input-type=module", "-e", 'const m = await import("kubex-gen"); console.log(typeof m.generate, typeof m.fetchClusterSpec)'], { cwd: app, encoding: "utf8" });
  assert.equal(library.stdout, "function function\n", library.stderr);
});

test("the installed kubex-gen generates from a spec file, a v3 directory, a live cluster and CRD manifests; the output type-checks with the installed kubex under a minimal tsconfig", { timeout }, async () => {
  const bin = join(app, "node_modules/.bin/kubex-gen");
  const inputs = join(app, "inputs");
  mkdirSync(join(inputs, "v3"), { recursive: true });
  writeFileSync(join(inputs, "spec.json"), JSON.stringify(v3Spec()));
  writeFileSync(join(inputs, "v3/apis__example.com__v1_openapi.json"), JSON.stringify(v3Spec()));
  writeFileSync(join(inputs, "v3/apis__tools.example.org__v1_openapi.json"), JSON.stringify(gadgetSpec()));
  const kubeconfig = join(inputs, "kubeconfig");
  const ca = Buffer.from(testCerts().ca).toString("base64");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: other
clusters: [{ name: local, cluster: { server: "${server.url}", certificate-authority-data: ${ca} } }]
users: [{ name: admin, user: { token: ${token} } }]
contexts: [{ name: test, context: { cluster: local, user: admin } }, { name: other, context: { cluster: nowhere, user: admin } }]
`,
  );
  const started = performance.now();
  for (const args of [
    ["--input", "inputs/spec.json", "--out", "src/k8s", "--label", "file"],
    ["--input", "inputs/v3", "--out", "src/k8s", "--label", "dir"],
    ["--from-cluster", "--kubeconfig", kubeconfig, "--context", "test", "--out", "src/k8s", "--label", "cluster"],
    ["crd", crdManifests, "--out", "src/k8s", "--label", "crds"],
  ]) {
    // `npx kubex-gen`, as the docs say, for one of them; it must not reach for the registry.
    const r = args[0] === "crd" ? await run("npx", ["--no", "kubex-gen", ...args], app) : await run(bin, args, app);
    assert.equal(r.status, 0, `kubex-gen ${args.join(" ")}: ${r.output}`);
  }
  timings.push(`four generator runs ${((performance.now() - started) / 1000).toFixed(1)}s`);
  writeFileSync(
    join(app, "src/main.ts"),
    `import { Api, createClient } from "kubex";
import { Widget as FromFile } from "./k8s/file/example.com/v1/index.js";
import { Widget as FromDirectory } from "./k8s/dir/example.com/v1/index.js";
import { Gadget } from "./k8s/cluster/tools.example.org/v1/index.js";
import { Widget as FromCrd } from "./k8s/crds/example.com/v1/index.js";
export async function main(): Promise<void> {
  // \`await using\` under target es2022 and no lib: @types/node declares AsyncDisposable.
  await using client = await createClient();
  const fromFile = await new Api(FromFile, { client, namespace: "a" }).get("w");
  const fromDirectory = await new Api(FromDirectory, { client, namespace: "a" }).get("w");
  const gadget = await new Api(Gadget, { client, namespace: "a" }).get("g");
  const fromCrd = await new Api(FromCrd, { client, namespace: "a" }).get("w");
  const sizes: number[] = [fromFile.spec.size, fromDirectory.spec.size, gadget.spec?.size ?? 0, fromCrd.spec?.size ?? 0];
  // @ts-expect-error a typed object, neither unknown nor any
  void fromCrd.nope;
  void sizes;
}
`,
  );
  writeFileSync(join(app, "src/minimal.ts"), minimalSource);
  // A minimal tsconfig: no lib (ES2022's default has no ESNext.Disposable), no types, no skipLibCheck.
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", noEmit: true }, include: ["src"] }));
  const checked = timed("tsc (consumer)", () => typecheck(app, "-p", "."));
  assert.equal(checked.status, 0, `${checked.stdout}${checked.stderr}`);
});

test("an ESM consumer reads generated modules that resolve kubex's CommonJS declarations, and a CommonJS consumer the ESM ones", { timeout }, () => {
  // The same CRD modules, once in a CommonJS scope (they resolve kubex's `require` types) and
  // once in an ESM scope (the `import` types); each consumer uses `Api` from the other copy.
  const dir = mkdtempSync(join(app, "dual-"));
  symlinkSync(join(app, "node_modules"), join(dir, "node_modules"));
  for (const [scope, type] of [["gen-cjs", "commonjs"], ["gen-esm", "module"]] as const) {
    const r = spawnSync(join(app, "node_modules/.bin/kubex-gen"), ["crd", crdManifests, "--out", join(dir, scope), "--label", "crds"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(dir, scope, "package.json"), JSON.stringify({ type }));
  }
  const body = (from: string) => `import { Api, createClient } from "kubex";
import { Widget } from "${from}";
export async function main(): Promise<number | undefined> {
  const client = await createClient();
  const widget = await new Api(Widget, { client, namespace: "a" }).get("w");
  // @ts-expect-error a typed object, neither unknown nor any
  void widget.nope;
  return widget.spec?.size;
}
`;
  writeFileSync(join(dir, "esm.mts"), body("./gen-cjs/crds/example.com/v1/index.js"));
  writeFileSync(join(dir, "cjs.cts"), body("./gen-esm/crds/example.com/v1/index.js"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "dual", private: true }));
  const r = timed("tsc (ESM and CommonJS consumers)", () => typecheck(dir, "--noEmit", "--strict", "--module", "nodenext", "--listFiles", "esm.mts", "cjs.cts"));
  assert.equal(r.status, 0, `${r.stdout.split("\n").filter((l) => l.includes("error")).join("\n")}${r.stderr}`);
  // Both copies were in the program: the proof is about mixing them.
  assert.match(r.stdout, /kubex\/dist\/cjs\/runtime\/index\.d\.ts/);
  assert.match(r.stdout, /kubex\/dist\/esm\/runtime\/index\.d\.ts/);
});

const minimalSource = `import { Api, createClient, watcher } from "kubex";
import { Pod } from "kubex/k8s/v1_35/core/v1";
export async function main(): Promise<string | undefined> {
  const client = await createClient();
  const pods = new Api(Pod, { client, namespace: "default" });
  for await (const event of watcher(pods)) void event;
  return (await pods.get("web")).spec?.containers[0]?.image;
}
`;

test("with no @types/node, skipLibCheck is all a tsconfig needs (no lib setting)", { timeout }, () => {
  // No @types/node at all (a Bun or Deno project): the declarations of kubex's dependency undici
  // need node's types, so such a project keeps skipLibCheck (tsc --init's default) on.
  const bare = mkdtempSync(join(app, "bare-"));
  mkdirSync(join(bare, "node_modules"));
  for (const name of readdirSync(join(app, "node_modules"))) {
    if (name !== "@types" && !name.startsWith(".")) symlinkSync(join(app, "node_modules", name), join(bare, "node_modules", name));
  }
  writeFileSync(join(bare, "main.ts"), minimalSource);
  writeFileSync(join(bare, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(bare, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", noEmit: true, skipLibCheck: true } }));
  const bareChecked = timed("tsc (no @types/node)", () => typecheck(bare, "-p", "."));
  assert.equal(bareChecked.status, 0, `${bareChecked.stdout}${bareChecked.stderr}`);
});
