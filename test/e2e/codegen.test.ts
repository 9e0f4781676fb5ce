// kubex-gen on a live cluster's /openapi/v3: a CRD's openAPIV3Schema becomes typed modules
// and a descriptor (scope, verbs, subresources), and the result type-checks under strict.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate, generateFiles } from "../../codegen/index.js";
import { readCrds } from "../../codegen/crd.js";
import { e2eCluster, kubectl, printLogsOnFailure } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { eventually } from "./support/clients.js";

printLogsOnFailure();
const root = new URL("../..", import.meta.url).pathname;
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const group = `gen${suffix}.kubex.test`;

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `gizmos.${group}` },
  spec: {
    group,
    scope: "Namespaced",
    names: { plural: "gizmos", singular: "gizmo", kind: "Gizmo", listKind: "GizmoList" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas" } },
        schema: {
          openAPIV3Schema: {
            type: "object",
            description: "Gizmo is a test resource. */ closes no comment.",
            properties: {
              spec: {
                type: "object",
                required: ["size"],
                properties: {
                  size: { type: "integer" },
                  replicas: { type: "integer" },
                  mode: { type: "string", enum: ["Fast", "Slow"] },
                  port: { "x-kubernetes-int-or-string": true },
                  extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                  tags: { type: "object", additionalProperties: { type: "string" } },
                  limit: { type: "integer", nullable: true, description: "Null means no limit." },
                  template: { type: "object", description: "An object to create.", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true },
                  target: {
                    type: "object",
                    properties: { host: { type: "string" }, port: { type: "integer" } },
                    anyOf: [{ required: ["host"] }, { required: ["port"] }],
                    "x-kubernetes-validations": [{ rule: "!has(self.port) || self.port > 0", message: "port must be positive" }],
                  },
                },
              },
              status: { type: "object", properties: { replicas: { type: "integer" } } },
            },
          },
        },
      },
    ],
  },
};

test("a CRD from a live cluster's /openapi/v3 dump generates typed, type-checking modules", { timeout: 180_000 }, async (t) => {
  const cluster = await e2eCluster();
  if ("skip" in cluster) return skipOrFail(t, cluster.skip);
  const applied = await kubectl(cluster, ["apply", "-f", "-"], { input: JSON.stringify(crd) });
  assert.equal(applied.code, 0, applied.stderr);
  t.after(() => kubectl(cluster, ["delete", "crd", `gizmos.${group}`, "--wait=false"]).then(() => undefined));
  await eventually("the CRD's group-version in /openapi/v3", async () => {
    const r = await kubectl(cluster, ["get", "--raw", "/openapi/v3"]);
    return r.code === 0 && r.stdout.includes(`apis/${group}/v1`) ? true : undefined;
  });

  const dump = mkdtempSync(join(tmpdir(), "kubex-openapi-"));
  const fetched = spawnSync("bash", [join(root, "scripts/fetch-spec.sh"), "--cluster", cluster.kubeconfig, dump], { encoding: "utf8", timeout: 120_000 });
  assert.equal(fetched.status, 0, fetched.stderr);
  const out = mkdtempSync(join(tmpdir(), "kubex-gen-"));
  const started = performance.now();
  const count = await generate({ input: dump, out, label: "cluster", runtime: join(root, "runtime/index.ts") });
  t.diagnostic(`generated ${count} files from the cluster's /openapi/v3 in ${Math.round(performance.now() - started)} ms`);

  const gizmos = readFileSync(join(out, `cluster/${group}/v1/index.ts`), "utf8");
  assert.match(gizmos, /export const Gizmo: ResourceDescriptor<\s*Gizmo,\s*true,\s*"scale" \| "status",\s*"[a-z" |]+\s*> & \{ readonly custom: true \}/);
  const escaped = group.replace(/\./g, "\\.");
  assert.match(gizmos, new RegExp(`apiVersion\\?: "${escaped}/v1";`));
  assert.match(gizmos, /size: number;/);
  assert.match(gizmos, /mode\?: "Fast" \| "Slow";/);
  assert.match(gizmos, /port\?: number \| string;/);
  assert.match(gizmos, /\*\\\/ closes no comment/);
  assert.match(readFileSync(join(out, "cluster/index.ts"), "utf8"), new RegExp(`"${escaped}/v1/Gizmo": "${escaped}/v1"`));

  // The generated tree plus a consumer type-check under strict; the misuses must be errors.
  writeFileSync(
    join(out, "consumer.ts"),
    `import type { SubresourceOf } from ${JSON.stringify(join(root, "runtime/index.js"))};
import { Gizmo } from "./cluster/${group}/v1/index.js";
const g: Gizmo = { kind: "Gizmo", spec: { size: 1, mode: "Slow", port: "http", extra: { any: [1] }, tags: { a: "b" }, limit: null, target: { host: "a" }, template: { apiVersion: "v1", kind: "ConfigMap", data: {} } } };
// @ts-expect-error a misspelt field of an anyOf-constrained object
const typo: Gizmo = { spec: { size: 1, target: { hots: "a" } } };
const scale: SubresourceOf<typeof Gizmo> = "scale";
// @ts-expect-error no exec on a Gizmo
const exec: SubresourceOf<typeof Gizmo> = "exec";
// @ts-expect-error not a declared mode
const bad: Gizmo = { spec: { size: 1, mode: "Medium" } };
void [g, typo, scale, exec, bad];
`,
  );
  writeFileSync(
    join(out, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.base.json"),
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", noEmit: true, types: ["node"], typeRoots: [join(root, "node_modules/@types")] },
      include: ["./**/*.ts"],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(out, "tsconfig.json")], { encoding: "utf8", timeout: 120_000 });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);

  // The same CRD through `kubex-gen crd`, with no cluster, gives the same types as the server publishes.
  const manifest = join(out, "gizmos.json");
  writeFileSync(manifest, JSON.stringify(crd));
  const files = await generateFiles({ crds: [manifest], out, label: "manifest", runtime: join(root, "runtime/index.ts"), metaModule: join(out, "cluster/meta/v1/index.ts") });
  const fromManifest = files.get(`${group}/v1/index.ts`)!;
  const interfaces = (text: string) => text.split("\n\n").filter((block) => block.includes("export interface"));
  assert.deepEqual(interfaces(fromManifest), interfaces(gizmos), "every interface and its JSDoc");
  assert.equal(interfaces(gizmos).length, 6, "Gizmo, GizmoList, GizmoSpec, GizmoSpecTarget, GizmoSpecTemplate, GizmoStatus");
  assert.match(fromManifest, /export const Gizmo: ResourceDescriptor<\s*Gizmo,\s*true,\s*"scale" \| "status",\s*"[a-z" |]+\s*> & \{ readonly custom: true \}/);
});

test("a CRD file is read as kubectl reads it: the schema the server stores is the one readCrds reads from the same YAML", { timeout: 60_000 }, async (t) => {
  const cluster = await e2eCluster();
  if ("skip" in cluster) return skipOrFail(t, cluster.skip);
  const name = `switches.${group}`;
  // YAML 1.1 booleans (yes, no, off, n), a merge key and an unquoted date: what YAML 1.2 reads differently.
  const yaml = [
    "apiVersion: apiextensions.k8s.io/v1",
    "kind: CustomResourceDefinition",
    `metadata: { name: ${name} }`,
    "spec:",
    `  group: ${group}`,
    "  scope: Namespaced",
    "  names: { plural: switches, singular: switch, kind: Switch, listKind: SwitchList }",
    "  versions:",
    "  - name: v1",
    "    served: yes",
    "    storage: on",
    "    schema:",
    "      openAPIV3Schema:",
    "        type: object",
    "        properties:",
    "          spec:",
    "            type: object",
    "            properties:",
    "              power: &power { type: boolean, enum: [yes, no, off], default: n }",
    "              backup: { <<: *power, description: merged }",
    "              since: { type: string, default: 2024-01-01 }",
    "",
  ].join("\n");
  const dir = mkdtempSync(join(tmpdir(), "kubex-crd-yaml-"));
  const file = join(dir, "switches.yaml");
  writeFileSync(file, yaml);
  const applied = await kubectl(cluster, ["apply", "-f", file]);
  assert.equal(applied.code, 0, applied.stderr);
  t.after(() => kubectl(cluster, ["delete", "crd", name, "--wait=false"]).then(() => undefined));
  const stored = await kubectl(cluster, ["get", "crd", name, "-o", "json"]);
  assert.equal(stored.code, 0, stored.stderr);
  type Crd = { spec: { versions: Array<{ served: unknown; storage: unknown; schema: { openAPIV3Schema: unknown } }> } };
  const server = (JSON.parse(stored.stdout) as Crd).spec.versions[0]!;
  const read = readCrds([file]);
  assert.equal(read.length, 1);
  const mine = (read[0]!.crd as Crd).spec.versions[0]!;
  assert.deepEqual([mine.served, mine.storage], [server.served, server.storage]);
  assert.deepEqual(mine.schema.openAPIV3Schema, server.schema.openAPIV3Schema);
});
