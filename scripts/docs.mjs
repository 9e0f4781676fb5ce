// The API reference: TypeDoc over the package entries (typedoc.json), plus one generated page
// per Kubernetes version summarising its resource kinds, into docs-build/ (git-ignored).
//
//   node --import tsx scripts/docs.mjs                     build docs-build/api (npm run docs); reports,
//                                                          but does not fail on, what --check refuses
//   node --import tsx scripts/docs.mjs --check             no output; fail on any TypeDoc warning,
//                                                          broken link, or public export without
//                                                          an @example (npm run docs:check)
//
// Every run lists the public exports that have no `@example`, with their count. The examples
// themselves type-check in test/unit/docs.test.ts.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Application } from "typedoc";
import { exampleReport, exportsWithoutExample } from "./docs-examples.mjs";
import { brokenLinks } from "./docs-links.mjs";
import { loadKinds, resourcesPage } from "./docs-resources.mjs";

const rootUrl = new URL("..", import.meta.url);
const root = fileURLToPath(rootUrl);
const args = new Set(process.argv.slice(2));
const check = args.has("--check");
for (const arg of args) if (arg !== "--check") usage(`unknown argument ${arg}`);

const labels = readdirSync(join(root, "generated/k8s"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const started = performance.now();
const problems = [];

// 1. One resource page per generated version, given to TypeDoc as project documents.
const pages = [];
for (const label of labels) {
  const path = join(root, "docs-build/resources", `${label}.md`);
  mkdirSync(join(root, "docs-build/resources"), { recursive: true });
  writeFileSync(path, resourcesPage(label, await loadKinds(rootUrl, label)));
  pages.push(relative(root, path));
}

// 2. TypeDoc: convert, validate (warnings are errors by typedoc.json), render unless checking.
const app = await Application.bootstrapWithPlugins({ options: join(root, "typedoc.json"), projectDocuments: pages });
const project = await app.convert();
if (!project) {
  console.error("docs: TypeDoc could not convert the project");
  process.exit(1);
}
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) problems.push("TypeDoc reported warnings (above)");
if (!check) await app.generateDocs(project, app.options.getValue("out"));

// 3. Relative links of the markdown docs.
const markdown = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
for (const broken of brokenLinks(root, markdown)) problems.push(`broken link ${broken}`);

// 4. Public exports without an example.
const examples = exampleReport(exportsWithoutExample(project));
for (const line of examples.lines) console.log(line);
if (examples.problem) problems.push(examples.problem);

// Building reports what the check would refuse; only the check fails on it.
const seconds = ((performance.now() - started) / 1000).toFixed(1);
for (const problem of problems) console.error(`docs: ${check ? "" : "the check would fail: "}${problem}`);
if (!check) console.log(`docs: wrote ${relative(root, app.options.getValue("out"))}/ and ${pages.join(", ")} in ${seconds} s`);
else console.log(`docs: checked in ${seconds} s`);
process.exit(check && problems.length > 0 ? 1 : 0);

function usage(message) {
  console.error(`docs: ${message}\nusage: node --import tsx scripts/docs.mjs [--check]`);
  process.exit(2);
}
