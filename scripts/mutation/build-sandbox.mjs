#!/usr/bin/env node
// Stryker's buildCommand: compiles the sandbox's TypeScript (the instrumented modules, the tests
// and what they import) to JavaScript beside each file, once per run. Imports already name `.js`
// files, so each test process then loads plain JavaScript instead of transpiling it on every
// start, which is most of a mutant's CPU. Run inside the sandbox only: it writes next to sources.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { build } from "esbuild";

const roots = ["runtime", "codegen", "generated", "test/unit", "test/support"];

function typescriptFiles(directory) {
  let names;
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return typescriptFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

const files = roots.flatMap(typescriptFiles);
await build({
  entryPoints: files,
  outdir: ".",
  outbase: ".",
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  allowOverwrite: true,
});

// The generator imports the runtime as "kubex" (tsconfig paths); compiled, that name must point
// at the runtime beside it, not at the package's built output. Only the import statements at the
// top of a file are rewritten: generated text (a TSDoc example, say) may say `from "kubex"` too.
function pointKubexAt(text, target) {
  const lines = text.split("\n");
  let inImport = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const isImport = inImport || /^import\b/.test(line);
    if (!isImport && line.trim() !== "" && !line.startsWith("//")) break;
    if (!isImport) continue;
    lines[i] = line.replace(/^((?:import|}|.*\bfrom)\s*)"kubex"/, `$1"${target}"`);
    inImport = !/;\s*$/.test(line);
  }
  return lines.join("\n");
}

for (const file of files.filter((f) => f.startsWith("codegen/"))) {
  const out = file.replace(/\.ts$/, ".js");
  const text = readFileSync(out, "utf8");
  if (!text.includes('"kubex"')) continue;
  const target = relative(dirname(out), "runtime/index.js");
  writeFileSync(out, pointKubexAt(text, target.startsWith(".") ? target : `./${target}`));
}
console.log(`compiled ${files.length} TypeScript files`);
