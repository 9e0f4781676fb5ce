// What an editor offers on an enum field of the generated 1.35 API, asked through the
// TypeScript language service as an editor asks it: the values, at each place a value is typed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import ts from "typescript";

const root = new URL("../../..", import.meta.url).pathname;
// A file beside the generated modules, as a user's source would import them.
const file = join(root, "test/unit/codegen/__completion__.ts");
const options: ts.CompilerOptions = { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [] };

/** A language service over the real files plus one in-memory source, which `edit` replaces. */
function service(): { ls: ts.LanguageService; edit: (text: string) => void } {
  let source = "";
  let version = 0;
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: (name) => (name === file ? String(version) : "0"),
    getScriptSnapshot: (name) => {
      const text = name === file ? source : ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (o) => join(dirname(ts.getDefaultLibFilePath(o)), ts.getDefaultLibFileName(o)),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const edit = (text: string) => {
    source = text;
    version++;
  };
  return { ls: ts.createLanguageService(host, ts.createDocumentRegistry()), edit };
}

const imports = `import type { PersistentVolumeClaimSpec, PodSpec } from "../../../generated/k8s/v1_35/core/v1/index.js";\n`;
const dnsPolicies = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
const accessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

// `|` marks where the cursor is; the source after it stays unfinished, as it is while typing.
const cases: [string, string, string[]][] = [
  ["an object literal's field", `const spec: PodSpec = { containers: [], dnsPolicy: "|`, dnsPolicies],
  ["an assignment to the field", `declare const spec: PodSpec;\nspec.dnsPolicy = "|`, dnsPolicies],
  ["a comparison with the field", `declare const spec: PodSpec;\nif (spec.dnsPolicy === "|`, dnsPolicies],
  ["a list element", `const claim: PersistentVolumeClaimSpec = { accessModes: ["|`, accessModes],
  ["the field's type named with NonNullable", `const policy: NonNullable<PodSpec["dnsPolicy"]> = "|`, dnsPolicies],
];

// One service for every case, as in an editor: the generated modules are read once.
const { ls, edit } = service();

for (const [where, text, want] of cases) {
  test(`editor completion: typing a value in ${where} offers the enum's values`, () => {
    edit(imports + text.replace("|", ""));
    const position = imports.length + text.indexOf("|");
    const completions = ls.getCompletionsAtPosition(file, position, { triggerCharacter: '"', includeCompletionsWithInsertText: true });
    const names = (completions?.entries ?? []).map((e) => e.name).sort();
    assert.deepEqual(names, want);
  });
}
