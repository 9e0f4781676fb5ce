// Every TypeScript snippet in README.md and docs/*.md, and every `@example` of the TSDoc comments
// in runtime/ and codegen/ (the API reference's examples), type-checks against the source, so the
// docs cannot drift from the code. One subtest per snippet: all failures are reported at once.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import ts from "typescript";
import { extractSnippets, extractTsdocExamples, filePreludeOf, preludeEntries, snippetModule, type Snippet } from "./support/snippets.js";
// @ts-expect-error: plain .mjs scripts without declarations
import { resourcesPage } from "../../scripts/docs-resources.mjs";

const root = new URL("../..", import.meta.url).pathname;
const v = "v1_35";

// What the snippets take as given: the names they use without declaring them. A file can add
// its own (`<!-- snippet prelude ... -->`); its declarations win over these.
const sharedPrelude = `
const client = await createClient();
const pods = new Api(Pod, { client, namespace: "default" });
const configMaps = new Api(ConfigMap, { client, namespace: "default" });
const deployments = new Api(Deployment, { client, namespace: "default" });
const namespaces = new Api(Namespace, { client });
const cm = await configMaps.get("settings");
const d = await deployments.get("web");
declare const uid: string;
declare let resourceVersion: string | undefined;
declare const signal: AbortSignal;
interface Widget { apiVersion?: "example.com/v1"; kind?: "Widget"; metadata?: ObjectMeta; spec?: { size: number }; status?: { phase?: string } }
`;

// What the TSDoc examples of the sources take as given, besides the shared prelude.
const tsdocPrelude = `
declare const kubeconfigYaml: string;
declare const manifestYaml: string;
`;

// Names a snippet may use without importing them, looked up in this order.
const entryPoints: [specifier: string, source: string][] = [
  ["kubex", "runtime/index.ts"],
  [`kubex/k8s/${v}/core/v1`, `generated/k8s/${v}/core/v1/index.ts`],
  [`kubex/k8s/${v}/apps/v1`, `generated/k8s/${v}/apps/v1/index.ts`],
  [`kubex/k8s/${v}/meta/v1`, `generated/k8s/${v}/meta/v1/index.ts`],
  ["kubex/codegen", "codegen/index.ts"],
];

const docs = ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
const markdown = new Map(docs.map((file) => [file, readFileSync(join(root, file), "utf8")]));
const snippets = docs.flatMap((file) => extractSnippets(file, markdown.get(file)!));
const checked = snippets.filter((s) => !s.skip);

const sourceFiles = ["runtime", "codegen"].flatMap((dir) =>
  readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
    .map((name) => `${dir}/${name}`)
    .sort(),
);
const tsdocExamples = sourceFiles.flatMap((file) => extractTsdocExamples(file, readFileSync(join(root, file), "utf8")));
const tsdocSnippets = tsdocExamples.flatMap((example) => example.snippets);

// The generated types are documented by one page per version (`npm run docs`): its example too.
const labels = readdirSync(join(root, "generated/k8s"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const versionPages = labels.flatMap((label) => extractSnippets(`docs-build/resources/${label}.md`, resourcesPage(label, []) as string));

// The check's own proof: an example that no longer compiles is reported, at its line in the source.
const fixture = extractTsdocExamples(
  "fixture.ts",
  [
    "/**",
    " * Counts the pods.",
    " *",
    " * @example",
    " * ```ts",
    " * const list = await pods.list();",
    " * const count: string = list.items.length;",
    " * ```",
    " */",
  ].join("\n"),
).flatMap((example) => example.snippets);

const errors = new Map<Snippet, string[]>();

function compilerOptions(): ts.CompilerOptions {
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile).config as { compilerOptions: object };
  const { options } = ts.convertCompilerOptionsFromJson(base.compilerOptions, root);
  return {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    declaration: false,
    noUnusedLocals: false,
    types: ["node"],
    typeRoots: [join(root, "node_modules/@types")],
    paths: {
      kubex: [join(root, "runtime/index.ts")],
      "kubex/codegen": [join(root, "codegen/index.ts")],
      // Every shipped version, as the package's exports map has it.
      "kubex/k8s/*": [join(root, "generated/k8s/*/index.ts")],
    },
  };
}

before(() => {
  const options = compilerOptions();
  const sources = entryPoints.map(([, source]) => join(root, source));
  const entryProgram = ts.createProgram(sources, options);
  const checker = entryProgram.getTypeChecker();
  const exportsByModule = new Map(
    entryPoints.map(([specifier, source]) => {
      const symbol = checker.getSymbolAtLocation(entryProgram.getSourceFile(join(root, source))!)!;
      return [specifier, new Set(checker.getExportsOfModule(symbol).map((s) => s.name))] as const;
    }),
  );

  const dir = mkdtempSync(join(tmpdir(), "kubex-snippets-"));
  const shared = preludeEntries(sharedPrelude);
  const ofTsdoc = preludeEntries(tsdocPrelude);
  const modules = new Map<string, { snippet: Snippet; offset: number }>();
  for (const snippet of [...checked, ...tsdocSnippets, ...versionPages, ...fixture]) {
    const own = markdown.has(snippet.file) ? preludeEntries(filePreludeOf(markdown.get(snippet.file)!)) : ofTsdoc;
    const prelude = [...own, ...shared];
    const module = snippetModule(snippet.code, prelude, exportsByModule);
    const path = join(dir, `${snippet.file.replace(/\W/g, "_")}_${snippet.line}.ts`);
    writeFileSync(path, module.text);
    modules.set(path, { snippet, offset: module.offset });
    errors.set(snippet, []);
  }
  const program = ts.createProgram([...modules.keys()], options, undefined, entryProgram);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const found = diagnostic.file && modules.get(diagnostic.file.fileName);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!found) throw new Error(`outside any snippet: ${diagnostic.file ? relative(root, diagnostic.file.fileName) : ""} ${message}`);
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const where = line < found.offset ? "(prelude)" : `${found.snippet.file}:${found.snippet.line + line - found.offset}`;
    errors.get(found.snippet)!.push(`${where}: TS${diagnostic.code} ${message}`);
  }
});

test("the docs have TypeScript snippets, and each is checked or marked as a fragment with a reason", () => {
  assert.ok(checked.length >= 20, `${checked.length} snippets checked`);
  const fences = [...markdown.values()].join("\n").match(/^```(ts|typescript)\s*$/gm) ?? [];
  assert.equal(snippets.length, fences.length, "every ts fence was extracted");
});

test("intentional fragments: each one has its reason", (t) => {
  for (const s of snippets.filter((s) => s.skip)) {
    t.diagnostic(`fragment ${s.file}:${s.line}: ${s.skip}`);
    assert.ok(s.skip!.length > 3);
  }
});

test("the sources have TSDoc examples, and each @example holds a ts code block", () => {
  assert.ok(tsdocSnippets.length >= 200, `${tsdocSnippets.length} TSDoc examples checked`);
  const empty = tsdocExamples.filter((example) => example.snippets.length === 0).map((e) => `${e.file}:${e.line}`);
  assert.deepEqual(empty, [], "an @example without a ```ts block is not checked");
});

test("every generated version's resource page has an example", () => {
  assert.ok(labels.length >= 1);
  assert.deepEqual(versionPages.map((s) => s.file), labels.map((label) => `docs-build/resources/${label}.md`));
});

test("a TSDoc example that does not compile is reported at its line", () => {
  assert.equal(fixture.length, 1);
  const found = errors.get(fixture[0]!)!;
  assert.equal(found.length, 1, found.join("\n"));
  assert.match(found[0]!, /^fixture\.ts:7: TS2322 Type 'number' is not assignable to type 'string'/);
});

for (const snippet of [...checked, ...tsdocSnippets, ...versionPages]) {
  const first = snippet.code.split("\n").find((line) => line.trim() !== "")?.trim().slice(0, 60) ?? "";
  test(`${snippet.file}:${snippet.line} type-checks: ${first}`, () => {
    const found = errors.get(snippet)!;
    assert.deepEqual(found, [], `\n${found.join("\n")}\n--- snippet\n${snippet.code}`);
  });
}
