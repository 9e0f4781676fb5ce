// The per-version index of the generated 1.35 API: apiVersion + kind -> descriptor, loading only
// that kind's module, from ESM and from CommonJS (where a local named `exports` once broke it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { kindModules, loadDescriptor } from "../../../generated/k8s/v1_35/index.js";

const versionDir = new URL("../../../generated/k8s/v1_35/", import.meta.url).pathname;

test("loadDescriptor finds a kind's descriptor and is undefined for unknown kinds", async () => {
  const deployment = await loadDescriptor("apps/v1", "Deployment");
  assert.deepEqual([deployment?.kind, deployment?.plural, deployment?.namespaced, deployment?.subresources], ["Deployment", "deployments", true, ["scale", "status"]]);
  assert.equal((await loadDescriptor("v1", "Namespace"))?.namespaced, false);
  assert.equal((await loadDescriptor("apps/v1", "Pod")), undefined);
  assert.equal((await loadDescriptor("v1", "PodList")), undefined);
  assert.equal(kindModules["apiextensions.k8s.io/v1/CustomResourceDefinition"], "apiextensions/v1");
  assert.equal(Object.keys(kindModules).length, 90);
});

test("the index compiled to CommonJS loads a descriptor", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-cjs-index-"));
  for (const file of ["index.ts", "apps/v1/index.ts"]) {
    const { outputText } = ts.transpileModule(readFileSync(join(versionDir, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file.replace(/\.ts$/, ".js")), outputText);
  }
  writeFileSync(join(dir, "package.json"), '{ "type": "commonjs" }\n');
  const index = createRequire(join(dir, "index.js"))("./index.js") as { loadDescriptor: typeof loadDescriptor };
  const descriptor = await index.loadDescriptor("apps/v1", "StatefulSet");
  assert.equal(descriptor?.plural, "statefulsets");
});
