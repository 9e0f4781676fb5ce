// Every TypeScript snippet in README.md and docs/*.md type-checks against the source, so the
// docs cannot drift from the code. One subtest per snippet: all failures are reported at once.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import ts from "typescript";
import { extractSnippets, filePreludeOf, preludeEntries, snippetModule, type Snippet } from "./support/snippets.js";

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

// Names a snippet may use without importing them, looked up in this order.
const entryPoints: [specifier: string, source: string][] = [
  ["kubex", "runtime/index.ts"],
  [`kubex/k8s/${v}/core/v1`, `generated/k8s/${v}/core/v1/index.ts`],
  [`kubex/k8s/${v}/apps/v1`, `generated/k8s/${v}/apps/v1/index.ts`],
  [`kubex/k8s/${v}/meta/v1`, `generated/k8s/${v}/meta/v1/index.ts`],
];

const docs = ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
const markdown = new Map(docs.map((file) => [file, readFileSync(join(root, file), "utf8")]));
const snippets = docs.flatMap((file) => extractSnippets(file, markdown.get(file)!));
const checked = snippets.filter((s) => !s.skip);
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
      "kubex-gen": [join(root, "codegen/index.ts")],
      [`kubex/k8s/${v}`]: [join(root, `generated/k8s/${v}/index.ts`)],
      [`kubex/k8s/${v}/*`]: [join(root, `generated/k8s/${v}/*/index.ts`)],
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
  const modules = new Map<string, { snippet: Snippet; offset: number }>();
  for (const snippet of checked) {
    const prelude = [...preludeEntries(filePreludeOf(markdown.get(snippet.file)!)), ...shared];
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

for (const snippet of checked) {
  const first = snippet.code.split("\n").find((line) => line.trim() !== "")?.trim().slice(0, 60) ?? "";
  test(`${snippet.file}:${snippet.line} type-checks: ${first}`, () => {
    const found = errors.get(snippet)!;
    assert.deepEqual(found, [], `\n${found.join("\n")}\n--- snippet\n${snippet.code}`);
  });
}
