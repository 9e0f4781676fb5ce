// The mutation testing setup: every scope names files that exist, its config runs the scope's
// tests with node's test runner, and the script refuses an unknown scope.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

const root = new URL("../..", import.meta.url).pathname;
type Scope = { mutate: string[]; tests: string[] };
const { scopes, scopeOf, testFiles } = (await import(new URL("../../scripts/mutation/scopes.mjs", import.meta.url).href)) as {
  scopes: Record<string, Scope>;
  scopeOf(name: string): Scope | undefined;
  testFiles(scope: Scope, root: string): string[];
};

/** Files under the repository that a Stryker glob (`**`, `*`) matches. */
function matches(pattern: string): string[] {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\//g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, "(?:.*/)?")}$`);
  const base = join(root, pattern.slice(0, pattern.search(/[*]|$/)).replace(/[^/]*$/, ""));
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [relative(root, join(dir, e.name))]));
  return existsSync(base) ? walk(base).filter((file) => regex.test(file)) : [];
}

type Config = Record<string, unknown> & { tap: { testFiles: string[]; nodeArgs: string[] }; mutate: string[]; incrementalFile: string; buildCommand?: string };

async function configFor(scope: string, env: Record<string, string> = {}): Promise<Config> {
  Object.assign(process.env, { MUTATION_SCOPE: scope, ...env });
  try {
    return (await import(`${new URL("../../stryker.config.mjs", import.meta.url).href}?scope=${scope}&${new URLSearchParams(env)}`)).default;
  } finally {
    for (const name of ["MUTATION_SCOPE", ...Object.keys(env)]) delete process.env[name];
  }
}

for (const [name, scope] of Object.entries(scopes)) {
  test(`mutation scope ${name}: its files and tests exist, and its config runs each of those test files compiled, with plain node, reporting TAP`, async () => {
    for (const pattern of scope.mutate.filter((p) => !p.startsWith("!"))) assert.ok(matches(pattern).length > 0, pattern);
    for (const path of scope.tests) assert.ok(existsSync(new URL(`../../${path}`, import.meta.url)), path);
    const config = await configFor(name);
    assert.equal(config.testRunner, "tap");
    assert.equal(config.coverageAnalysis, "perTest");
    assert.deepEqual(config.mutate, scope.mutate);
    const files = testFiles(scope, root);
    assert.ok(files.length > 0 && files.every((file) => file.endsWith(".test.ts") && existsSync(join(root, file))), files.join(" "));
    assert.deepEqual(config.tap.testFiles, files.map((file) => file.replace(/\.ts$/, ".js")));
    assert.deepEqual(config.tap.nodeArgs, ["--test-reporter=tap", "-r", "{{hookFile}}", "{{testFile}}"]);
    assert.equal(config.buildCommand, "node scripts/mutation/build-sandbox.mjs");
    assert.equal(config.incrementalFile, `reports/mutation/${name}.incremental.json`);
  });
}

test("MUTATION_TSX=1 runs the TypeScript test files through tsx, with no build", async () => {
  const config = await configFor("channels", { MUTATION_TSX: "1" });
  assert.deepEqual(config.tap.testFiles, testFiles(scopes.channels!, root));
  assert.deepEqual(config.tap.nodeArgs, ["--import", "tsx", "--test-reporter=tap", "-r", "{{hookFile}}", "{{testFile}}"]);
  assert.equal(config.buildCommand, undefined);
});

test("MUTATION_CONCURRENCY sets the number of test processes; 4 by default", async () => {
  assert.equal((await configFor("channels")).concurrency, 4);
  assert.equal((await configFor("channels", { MUTATION_CONCURRENCY: "2" })).concurrency, 2);
});

test("the sandbox build compiles each TypeScript file beside it, and points the generator's \"kubex\" import at the runtime", () => {
  const sandbox = mkdtempSync(join(tmpdir(), "kubex-sandbox-"));
  try {
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(sandbox, path)), { recursive: true });
      writeFileSync(join(sandbox, path), text);
    };
    write("runtime/index.ts", "export const answer: number = 42;\n");
    write("codegen/deep/emit.ts", 'import { answer } from "kubex";\nexport const twice = (): number => answer * 2;\nexport const example = `import { lifecycle } from "kubex";`;\n');
    write("codegen/multi.ts", 'import {\n  answer,\n} from "kubex";\nexport const same = answer;\n');
    write("test/unit/a.test.ts", 'import { twice } from "../../codegen/deep/emit.js";\nconsole.log(twice());\n');
    write("runtime/types.d.ts", "export type Never = never;\n");
    symlinkSync(join(root, "node_modules"), join(sandbox, "node_modules"));
    const build = spawnSync(process.execPath, [join(root, "scripts/mutation/build-sandbox.mjs")], { cwd: sandbox, encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
    assert.match(build.stdout, /compiled 4 TypeScript files/);
    assert.equal(existsSync(join(sandbox, "runtime/types.d.js")), false, "declaration files are not compiled");
    const emitted = readFileSync(join(sandbox, "codegen/deep/emit.js"), "utf8");
    assert.match(emitted, /^import \{ answer \} from "\.\.\/\.\.\/runtime\/index\.js";$/m);
    assert.match(emitted, /`import \{ lifecycle \} from "kubex";`/, "text that names kubex is left as written");
    assert.match(readFileSync(join(sandbox, "codegen/multi.js"), "utf8"), /from "\.\.\/runtime\/index\.js"/);
    const run = spawnSync(process.execPath, [join(sandbox, "test/unit/a.test.js")], { encoding: "utf8" });
    assert.equal(run.stdout, "84\n", run.stderr);
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
});

test("a path under runtime/ or codegen/ is a scope with the tests of its directory", () => {
  assert.deepEqual(scopeOf("runtime/client/websocket/open.ts"), { mutate: ["runtime/client/websocket/open.ts"], tests: ["test/unit/websocket"] });
  assert.deepEqual(scopeOf("runtime/configuration"), { mutate: ["runtime/configuration/**/*.ts"], tests: ["test/unit/configuration"] });
  assert.deepEqual(scopeOf("./codegen/"), { mutate: ["codegen/**/*.ts"], tests: scopes.codegen!.tests });
  const apiTests = testFiles({ mutate: [], tests: ["test/unit/api"] }, root);
  assert.ok(apiTests.includes("test/unit/api/lines.test.ts") && apiTests.every((file) => /^test\/unit\/api\/[^/]+\.test\.ts$/.test(file)), apiTests.join(" "));
  assert.equal(scopeOf("test/unit"), undefined);
});

test("npm run test:mutation refuses an unknown scope and lists the known ones", () => {
  const r = spawnSync("npm", ["run", "--silent", "test:mutation", "--", "nope"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: npm run test:mutation -- <scope> \[--incremental\]\nscopes: backend-warnings, patch, /);
});
