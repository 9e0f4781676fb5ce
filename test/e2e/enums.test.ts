// The enums extracted from k8s.io/api agree with what the API server itself serves: a server
// with the OpenAPIEnums feature on (the default) publishes `enum` on every enum field of its
// /openapi/v3, with a "Possible enum values" paragraph. For every field the server serves,
// the values and the paragraph must be the ones the generator adds to the published spec, and
// generating from the server's spec must give the enum fields generated/k8s/v1_35 ships.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { generateFiles } from "../../codegen/index.js";
import { enumDescription, readEnumCatalog } from "../../codegen/enums.js";
import { isBuiltInSchema } from "../../codegen/naming.js";
import type { Schema } from "../../codegen/load.js";
import { e2eCluster, printLogsOnFailure } from "./support/cluster.js";
import { clientFor } from "./support/clients.js";
import { skipOrFail } from "./support/skip.js";
import type { HttpClient } from "../../runtime/index.js";

printLogsOnFailure();
const root = new URL("../..", import.meta.url).pathname;

type GetJson = <T>(path: string, hash?: string) => Promise<T>;

/** GET a JSON document through kubex's client; `hash` is /openapi/v3's cache key. */
function jsonGetter(client: HttpClient): GetJson {
  return async <T>(path: string, hash?: string) => (await client.request({ method: "GET", path, query: hash === undefined ? [] : [["hash", hash]] })).json<T>();
}

/** The server's built-in schemas, and a dump of its /openapi/v3 in the layout kubex-gen reads. */
async function serverSpec(getJson: GetJson): Promise<{ schemas: Map<string, Schema>; dump: string }> {
  const dump = mkdtempSync(join(tmpdir(), "kubex-enums-openapi-"));
  const index = await getJson<{ paths: Record<string, { serverRelativeURL: string }> }>("/openapi/v3");
  const schemas = new Map<string, Schema>();
  for (const [name, { serverRelativeURL }] of Object.entries(index.paths)) {
    const [path, query] = serverRelativeURL.split("?");
    const doc = await getJson<{ components?: { schemas?: Record<string, Schema> } }>(path!, new URLSearchParams(query).get("hash") ?? undefined);
    writeFileSync(join(dump, `${name.replace(/\//g, "__")}_openapi.json`), JSON.stringify(doc));
    for (const [schemaName, schema] of Object.entries(doc.components?.schemas ?? {})) if (isBuiltInSchema(schemaName)) schemas.set(schemaName, schema);
  }
  return { schemas, dump };
}

/** The open-enum members of a generated module, with their JSDoc, by `Interface.member`. */
function openEnumMembers(text: string): Map<string, string> {
  const members = new Map<string, string>();
  const file = ts.createSourceFile("m.ts", text, ts.ScriptTarget.ES2022, true);
  for (const statement of file.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    for (const member of statement.members) {
      if (ts.isPropertySignature(member) && member.type?.getText(file).includes("Record<never, never>")) {
        members.set(`${statement.name.text}.${member.name.getText(file)}`, member.getFullText(file).trim());
      }
    }
  }
  return members;
}

/** Every enum the schemas declare, by `schema.field` plus the path to the value (`/items`). */
function servedEnums(schemas: ReadonlyMap<string, Schema>): Map<string, { values: string[]; description?: string }> {
  const found = new Map<string, { values: string[]; description?: string }>();
  for (const [name, schema] of schemas) {
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      const visit = (node: Schema | undefined, path: string) => {
        if (node === undefined) return;
        if (node.enum !== undefined) found.set(`${name}.${field}${path}`, { values: node.enum.map(String), description: path === "" ? node.description : undefined });
        visit(node.items, `${path}/items`);
        if (typeof node.additionalProperties === "object") visit(node.additionalProperties, `${path}/additionalProperties`);
      };
      visit(property, "");
    }
  }
  return found;
}

test("the enums extracted from k8s.io/api at the server's version are the ones the server serves, values and docs", { timeout: 300_000 }, async (t) => {
  const cluster = await e2eCluster();
  if ("skip" in cluster) return skipOrFail(t, cluster.skip);
  await using client = await clientFor(cluster, "undici");
  const getJson = jsonGetter(client);

  const { gitVersion } = await getJson<{ gitVersion: string }>("/version");
  const version = /^v(\d+\.\d+\.\d+)/.exec(gitVersion)?.[1];
  assert.ok(version, `server version ${gitVersion}`);
  const fetched = spawnSync("bash", ["scripts/fetch-enums.sh", version], { cwd: root, encoding: "utf8", timeout: 240_000 });
  if (fetched.status !== 0 && spawnSync("go", ["version"]).status !== 0) return skipOrFail(t, "needs Go to extract the enums");
  assert.equal(fetched.status, 0, fetched.stderr);
  const catalog = readEnumCatalog(fetched.stdout.trim());

  const { schemas } = await serverSpec(getJson);
  const served = servedEnums(schemas);
  assert.ok(served.has("io.k8s.api.core.v1.PodSpec.dnsPolicy"), "the server serves enums (OpenAPIEnums is on)");

  const extracted = new Map<string, { values: string[]; enum: string }>();
  for (const f of catalog.fields) {
    if (!schemas.has(f.schema)) continue;
    extracted.set(`${f.schema}.${f.field}${f.path.map((p) => `/${p}`).join("")}`, { values: catalog.enums[f.enum]!.map((v) => v.value), enum: f.enum });
  }
  const sorted = (values: string[]) => [...values].sort();
  const differences: string[] = [];
  for (const [key, { values, description }] of served) {
    const mine = extracted.get(key);
    if (mine === undefined) {
      differences.push(`served, not extracted: ${key} [${values.join(", ")}]`);
      continue;
    }
    if (sorted(mine.values).join() !== sorted(values).join()) differences.push(`values differ: ${key}: served [${values.join(", ")}], extracted [${mine.values.join(", ")}]`);
    if (description !== undefined) {
      const paragraph = description.slice(description.indexOf("Possible enum values:"));
      const want = enumDescription(catalog.enums[mine.enum]!);
      if (paragraph !== want) differences.push(`docs differ: ${key}:\n  served    ${JSON.stringify(paragraph)}\n  extracted ${JSON.stringify(want)}`);
    }
  }
  for (const key of extracted.keys()) if (!served.has(key)) differences.push(`extracted, not served: ${key}`);
  const unserved = catalog.fields.filter((f) => !schemas.has(f.schema)).length;
  t.diagnostic(
    `Kubernetes ${version}: ${served.size} enum fields served, ${extracted.size} extracted for served schemas, ${unserved} more in schemas this server does not serve; ${Object.keys(catalog.enums).length} enum types`,
  );
  assert.deepEqual(differences, []);
});

test("kubex-gen on the server's /openapi/v3 gives the enum fields generated/k8s/v1_35 has, docs included", { timeout: 300_000 }, async (t) => {
  const cluster = await e2eCluster();
  if ("skip" in cluster) return skipOrFail(t, cluster.skip);
  await using client = await clientFor(cluster, "undici");
  const getJson = jsonGetter(client);
  const { gitVersion } = await getJson<{ gitVersion: string }>("/version");
  if (!gitVersion.startsWith("v1.35.")) return skipOrFail(t, `the server runs ${gitVersion}; generated/k8s/v1_35 is 1.35`);
  const { dump } = await serverSpec(getJson);
  const files = await generateFiles({ input: dump, out: "/tmp/x", label: "cluster" });
  let compared = 0;
  const differences: string[] = [];
  for (const [path, text] of files) {
    const shipped = join(root, "generated/k8s/v1_35", path);
    if (path === "index.ts" || !existsSync(shipped)) continue;
    const mine = openEnumMembers(readFileSync(shipped, "utf8"));
    for (const [member, declaration] of openEnumMembers(text)) {
      compared++;
      if (mine.get(member) !== declaration) differences.push(`${path} ${member}:\n  server  ${declaration}\n  shipped ${mine.get(member)}`);
    }
  }
  t.diagnostic(`${compared} open enum fields generated from the server, each identical in generated/k8s/v1_35`);
  assert.ok(compared > 0, "the server's spec gives open enums");
  assert.deepEqual(differences, []);
});
