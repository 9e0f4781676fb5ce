// What a user looks for before installing: where the project lives, its licence, the
// versions it supports, what changed, and an install that prints no warning.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";

const root = new URL("../..", import.meta.url).pathname;
const read = (path: string) => readFileSync(new URL(path, new URL("../../", import.meta.url)), "utf8");
const pkg = JSON.parse(read("package.json")) as Record<string, unknown> & { version: string; engines: { node: string } };

test("package.json names the repository, homepage, issue tracker and keywords", () => {
  const repository = pkg.repository as { type: string; url: string };
  assert.equal(repository.type, "git");
  assert.match(repository.url, /^git\+https:\/\/github\.com\/[\w-]+\/kubex\.git$/);
  const base = repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
  assert.equal(pkg.homepage, `${base}#readme`);
  assert.deepEqual(pkg.bugs, { url: `${base}/issues` });
  for (const keyword of ["kubernetes", "k8s", "typescript", "client", "sdk"]) assert.ok((pkg.keywords as string[]).includes(keyword), keyword);
});

test("the LICENSE file is the Apache License 2.0 that package.json declares", () => {
  assert.equal(pkg.license, "Apache-2.0");
  const text = read("LICENSE");
  assert.match(text, /^\s*Apache License\s+Version 2\.0, January 2004/);
  assert.match(text, /END OF TERMS AND CONDITIONS/);
  assert.ok(text.length > 10_000, "the full text, not a pointer to it");
});

test("the README states the supported Node, Bun, Deno and Kubernetes versions, in line with package.json", () => {
  const readme = read("README.md");
  const section = readme.slice(readme.indexOf("## Supported versions"));
  assert.ok(readme.includes("## Supported versions"));
  const minimum = pkg.engines.node.replace(/^>=/, "");
  assert.match(section, new RegExp(`Node\\.js ${minimum.replace(".", "\\.")} or later`));
  assert.match(section, /Bun 1\.\d/);
  assert.match(section, /Deno 2\.\d/);
  for (const label of readdirSync(new URL("../../generated/k8s", import.meta.url))) assert.match(section, new RegExp(`Kubernetes ${label.replace(/^v(\d+)_(\d+)$/, "$1\\.$2")}`), label);
  assert.match(section, /## Versioning|### Versioning/);
});

test("the CHANGELOG has an entry for the current version, and the versioning policy is stated", () => {
  assert.ok(existsSync(new URL("../../CHANGELOG.md", import.meta.url)));
  const changelog = read("CHANGELOG.md");
  assert.match(changelog, new RegExp(`^## \\[?${pkg.version.replaceAll(".", "\\.")}\\]?`, "m"));
  assert.match(changelog, /semver|Semantic Versioning/i);
});

test("every dependency with an install script is approved or denied in allowScripts", () => {
  const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const withScripts = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  const reviewed = Object.keys((pkg.allowScripts ?? {}) as Record<string, boolean>).map((key) => key.replace(/(.)@.*$/, "$1"));
  assert.deepEqual(withScripts.filter((name) => !reviewed.includes(name)), []);
});

test("a clean npm ci prints no warning", { timeout: 120_000 }, () => {
  const r = spawnSync("npm", ["ci", "--dry-run", "--no-audit", "--no-fund"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /npm warn/i);
});
